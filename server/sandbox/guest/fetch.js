// @ts-check
// fetch, Headers, Request and Response for the guest. The guest never reaches the network: a
// fetch is an effect of kind "fetch" (effects.js), asked at the host's next step with every
// request made since; the host applies its policy and secrets, performs them, and answers what
// each received, which the following step resolves, in the order the requests were made. Replay
// serves the recorded answers, and a request that differs from the recorded one is a determinism
// failure. The classes run in guest code; this kind's step and answer paths are the host's
// (primordials only).
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const { apply, defineProperty, newList, ownKeys, push, record, stringify, toText } = P;
  const { utf8Encode, utf8Decode, bytesToBase64, base64ToBytes } = S;
  const HostTypeError = TypeError;
  const HostRangeError = RangeError;
  const HostPromise = P.Promise;
  const HostUint8Array = Uint8Array;
  const HostArrayBuffer = ArrayBuffer;
  const isView = ArrayBuffer.isView;
  const parseJson = JSON.parse;
  const iterator = Symbol.iterator;
  const URLClass =
    /** @type {new (url: string) => { href: string, username: string, password: string }} */ (
      /** @type {any} */ (globalThis).URL
    );
  const SearchParams = /** @type {Function} */ (/** @type {any} */ (globalThis).URLSearchParams);
  const Controller = /** @type {new () => { signal: GuestSignal }} */ (
    /** @type {any} */ (globalThis).AbortController
  );
  const Signal = /** @type {Function} */ (/** @type {any} */ (globalThis).AbortSignal);

  /** @param {number} code */
  const isHttpSpace = (code) => code === 9 || code === 10 || code === 13 || code === 32;
  /** @param {string} value */
  function normalizeValue(value) {
    let start = 0;
    let end = value.length;
    while (start < end && isHttpSpace(value.charCodeAt(start))) start++;
    while (end > start && isHttpSpace(value.charCodeAt(end - 1))) end--;
    return value.slice(start, end);
  }
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  /** @param {unknown} name */
  function headerName(name) {
    const text = toText(name);
    if (!TOKEN.test(text)) throw new HostTypeError(`Headers: "${text}" is an invalid header name.`);
    return text.toLowerCase();
  }
  /** @param {unknown} value */
  function headerValue(value) {
    const text = normalizeValue(toText(value));
    if (/[\0\r\n]/.test(text))
      throw new HostTypeError(`Headers: "${text}" is an invalid header value.`);
    return text;
  }

  /** @type {(headers: Headers) => [string, string][]} */
  let headerList;
  /** @type {(headers: Headers) => void} */
  let freeze;

  class Headers {
    /** @type {[string, string][]} lower-case name and value, in the order added */
    #list = [];
    #immutable = false;
    static {
      headerList = (headers) => headers.#list;
      freeze = (headers) => {
        headers.#immutable = true;
      };
    }

    /** @param {unknown} [init] */
    constructor(init) {
      if (init === undefined) return;
      if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
        throw new HostTypeError(
          "Failed to construct 'Headers': The provided value is not of type 'HeadersInit'.",
        );
      }
      const object = /** @type {Record<PropertyKey, unknown>} */ (init);
      if (object[iterator] !== undefined) {
        for (const pair of /** @type {Iterable<Iterable<unknown>>} */ (
          /** @type {unknown} */ (object)
        )) {
          const items = [...pair];
          if (items.length !== 2)
            throw new HostTypeError('Headers: a header pair must have exactly two items.');
          this.append(items[0], items[1]);
        }
        return;
      }
      for (const key of ownKeys(object)) {
        if (typeof key === 'string' && Object.prototype.propertyIsEnumerable.call(object, key)) {
          this.append(key, object[key]);
        }
      }
    }
    #check() {
      if (this.#immutable) throw new HostTypeError('Headers: these headers are immutable.');
    }
    /** @param {unknown} name @param {unknown} value */
    append(name, value) {
      const entry = /** @type {[string, string]} */ ([headerName(name), headerValue(value)]);
      this.#check();
      this.#list.push(entry);
    }
    /** @param {unknown} name */
    delete(name) {
      const key = headerName(name);
      this.#check();
      this.#list = this.#list.filter(([listed]) => listed !== key);
    }
    /** @param {unknown} name */
    get(name) {
      const key = headerName(name);
      const values = this.#list.filter(([listed]) => listed === key).map(([, value]) => value);
      return values.length === 0 ? null : values.join(', ');
    }
    getSetCookie() {
      return this.#list.filter(([name]) => name === 'set-cookie').map(([, value]) => value);
    }
    /** @param {unknown} name */
    has(name) {
      const key = headerName(name);
      return this.#list.some(([listed]) => listed === key);
    }
    /** @param {unknown} name @param {unknown} value */
    set(name, value) {
      const key = headerName(name);
      const text = headerValue(value);
      this.#check();
      const at = this.#list.findIndex(([listed]) => listed === key);
      if (at === -1) this.#list.push([key, text]);
      else {
        this.#list[at] = [key, text];
        this.#list = this.#list.filter(([listed], index) => index <= at || listed !== key);
      }
    }
    /**
     * @param {(value: string, name: string, headers: Headers) => void} callback
     * @param {unknown} [thisArg]
     */
    forEach(callback, thisArg) {
      for (const [name, value] of this) apply(callback, thisArg, [value, name, this]);
    }
    /** Sorted by name, values of a name joined by ", " except set-cookie (the spec's "sort and combine"). */
    *entries() {
      const names = [...new Set(this.#list.map(([name]) => name))].sort();
      for (const name of names) {
        if (name === 'set-cookie') {
          for (const value of this.getSetCookie())
            yield/** @type {[string, string]} */ ([name, value]);
        } else
          yield/** @type {[string, string]} */ ([name, /** @type {string} */ (this.get(name))]);
      }
    }
    *keys() {
      for (const [name] of this.entries()) yield name;
    }
    *values() {
      for (const [, value] of this.entries()) yield value;
    }
    [Symbol.iterator]() {
      return this.entries();
    }
    get [Symbol.toStringTag]() {
      return 'Headers';
    }
  }

  /**
   * A body's bytes and whether it was read. Shared by Request and Response.
   * @typedef {{ bytes: Uint8Array | null, used: boolean }} BodyState
   */

  /**
   * The bytes of a BodyInit and the content type it implies. Streams, Blob and FormData do not
   * exist here; anything else is read as text, as WebIDL converts it.
   * @param {unknown} body
   * @returns {{ bytes: Uint8Array | null, type: string | null }}
   */
  function extractBody(body) {
    if (body === undefined || body === null) return { bytes: null, type: null };
    if (body instanceof SearchParams) {
      return {
        bytes: utf8Encode(toText(body)),
        type: 'application/x-www-form-urlencoded;charset=UTF-8',
      };
    }
    if (body instanceof HostArrayBuffer)
      return { bytes: new HostUint8Array(body.slice(0)), type: null };
    if (isView(body)) {
      const view = /** @type {ArrayBufferView} */ (body);
      return {
        bytes: new HostUint8Array(
          view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength),
        ),
        type: null,
      };
    }
    return { bytes: utf8Encode(toText(body)), type: 'text/plain;charset=UTF-8' };
  }

  /**
   * The bytes of a body, once: reading it twice is a TypeError, as in a browser.
   * @param {BodyState} state
   */
  function consume(state) {
    if (state.used)
      return HostPromise.reject(new HostTypeError('Body is unusable: Body has already been read'));
    if (state.bytes !== null) state.used = true;
    return HostPromise.resolve(
      state.bytes === null ? new HostUint8Array(0) : new HostUint8Array(state.bytes),
    );
  }

  /**
   * The body-reading methods Request and Response share.
   * @param {{ prototype: object }} Class
   * @param {(holder: any) => BodyState} stateOf
   */
  function addBodyMethods(Class, stateOf) {
    const methods = {
      /** @this {unknown} */
      text() {
        return consume(stateOf(this)).then(utf8Decode);
      },
      /** @this {unknown} */
      json() {
        return consume(stateOf(this)).then((bytes) => parseJson(utf8Decode(bytes)));
      },
      /** @this {unknown} */
      arrayBuffer() {
        return consume(stateOf(this)).then((bytes) => bytes.buffer);
      },
      /** @this {unknown} */
      bytes() {
        return consume(stateOf(this));
      },
    };
    for (const name of ownKeys(methods)) {
      defineProperty(
        Class.prototype,
        name,
        /** @type {PropertyDescriptor} */ ({
          __proto__: null,
          value: /** @type {Record<PropertyKey, unknown>} */ (methods)[name],
          writable: true,
          configurable: true,
        }),
      );
    }
    defineProperty(
      Class.prototype,
      'bodyUsed',
      /** @type {PropertyDescriptor} */ ({
        __proto__: null,
        get() {
          return stateOf(this).used;
        },
        configurable: true,
      }),
    );
  }

  const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH'];
  const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];
  const REDIRECTS = ['follow', 'manual', 'error'];

  /**
   * @typedef {{ aborted: boolean, reason: unknown,
   *   addEventListener(type: string, listener: () => void, options?: object): void }} GuestSignal
   */

  /** @type {(request: Request) => BodyState} */
  let requestBody;

  class Request {
    /** @type {string} */ #url;
    /** @type {string} */ #method = 'GET';
    /** @type {Headers} */ #headers;
    /** @type {string} */ #redirect = 'follow';
    /** @type {GuestSignal} */ #signal;
    /** @type {BodyState} */ #body = { bytes: null, used: false };
    static {
      requestBody = (request) => {
        if (!(#body in request)) throw new HostTypeError('Illegal invocation');
        return request.#body;
      };
    }

    /**
     * @param {unknown} input
     * @param {Record<string, unknown>} [init]
     */
    constructor(input, init = {}) {
      const options = init ?? {};
      /** @type {{ signal: GuestSignal, headers: Headers, body: BodyState } | undefined} */
      let inherited;
      if (input instanceof Request) {
        inherited = { signal: input.#signal, headers: input.#headers, body: input.#body };
        this.#url = input.#url;
        this.#method = input.#method;
        this.#redirect = input.#redirect;
      } else {
        let url;
        try {
          url = new URLClass(toText(input));
        } catch {
          throw new HostTypeError(`Failed to parse URL from ${toText(input)}`);
        }
        if (url.username || url.password) {
          throw new HostTypeError(
            `Request cannot be constructed from a URL that includes credentials: ${url.href}`,
          );
        }
        this.#url = url.href;
      }
      if (options.method !== undefined) {
        const method = toText(options.method);
        if (!TOKEN.test(method)) throw new HostTypeError(`'${method}' is not a valid HTTP method.`);
        const upper = method.toUpperCase();
        if (FORBIDDEN_METHODS.includes(upper))
          throw new HostTypeError(`'${method}' HTTP method is unsupported.`);
        this.#method = METHODS.includes(upper) ? upper : method;
      }
      if (options.redirect !== undefined) {
        const redirect = toText(options.redirect);
        if (!REDIRECTS.includes(redirect)) {
          throw new HostTypeError(
            `'${redirect}' is not a valid value for redirect: use follow, manual or error.`,
          );
        }
        this.#redirect = redirect;
      }
      const signal = options.signal ?? inherited?.signal;
      if (signal !== undefined && signal !== null && !(signal instanceof Signal)) {
        throw new HostTypeError(
          "Failed to construct 'Request': member signal is not of type AbortSignal.",
        );
      }
      this.#signal = /** @type {GuestSignal} */ (signal ?? new Controller().signal);
      this.#headers = new Headers(options.headers ?? inherited?.headers);
      let bytes = inherited?.body.bytes ?? null;
      if (options.body !== undefined) {
        const extracted = extractBody(options.body);
        bytes = extracted.bytes;
        if (extracted.type !== null && !this.#headers.has('content-type')) {
          this.#headers.append('content-type', extracted.type);
        }
      } else if (inherited?.body.used) {
        throw new HostTypeError(
          'Cannot construct a Request with a Request object that has already been used.',
        );
      }
      if (bytes !== null && (this.#method === 'GET' || this.#method === 'HEAD')) {
        throw new HostTypeError('Request with GET/HEAD method cannot have body.');
      }
      this.#body = { bytes, used: false };
    }
    get method() {
      return this.#method;
    }
    get url() {
      return this.#url;
    }
    get headers() {
      return this.#headers;
    }
    get redirect() {
      return this.#redirect;
    }
    get signal() {
      return this.#signal;
    }
    clone() {
      if (this.#body.used)
        throw new HostTypeError('Request.clone: Body has already been consumed.');
      return new Request(this);
    }
    get [Symbol.toStringTag]() {
      return 'Request';
    }
  }
  addBodyMethods(Request, requestBody);

  const NULL_BODY_STATUSES = [101, 103, 204, 205, 304];
  const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

  /**
   * What the host received for a request, as the guest's Response gets it.
   * @typedef {{ url: string, status: number, statusText: string, headers: [string, string][],
   *   redirected: boolean, body: string }} ReceivedResponse
   */

  /** @type {(response: Response) => BodyState} */
  let responseBody;
  /** @type {(received: ReceivedResponse) => Response} */
  let receivedResponse;

  class Response {
    #status = 200;
    #statusText = '';
    /** @type {Headers} */ #headers;
    #url = '';
    #redirected = false;
    /** @type {'default' | 'basic' | 'error'} */ #type = 'default';
    /** @type {BodyState} */ #body = { bytes: null, used: false };
    static {
      responseBody = (response) => {
        if (!(#body in response)) throw new HostTypeError('Illegal invocation');
        return response.#body;
      };
      receivedResponse = (received) => {
        const response = new Response(null, { status: 200 });
        response.#status = received.status;
        response.#statusText = received.statusText;
        // Built without the guest-reachable array iterator: this runs on the host's step.
        const headers = new Headers();
        for (let i = 0; i < received.headers.length; i++) {
          const pair = received.headers[i];
          push(headerList(headers), /** @type {[string, string]} */ ([pair[0], pair[1]]));
        }
        freeze(headers);
        response.#headers = headers;
        response.#url = received.url;
        response.#redirected = received.redirected;
        response.#type = 'basic';
        response.#body = { bytes: base64ToBytes(received.body), used: false };
        return response;
      };
    }

    /**
     * @param {unknown} [body]
     * @param {Record<string, unknown>} [init]
     */
    constructor(body = null, init = {}) {
      const options = init ?? {};
      const status = options.status === undefined ? 200 : Number(options.status);
      if (!(status >= 200 && status <= 599) || Math.trunc(status) !== status) {
        throw new HostRangeError(
          `Failed to construct 'Response': The status provided (${status}) is outside the range [200, 599].`,
        );
      }
      const statusText = options.statusText === undefined ? '' : toText(options.statusText);
      if (/[^\t\x20-\x7e\x80-\xff]/.test(statusText)) {
        throw new HostTypeError("Failed to construct 'Response': Invalid statusText");
      }
      this.#status = status;
      this.#statusText = statusText;
      this.#headers = new Headers(options.headers);
      const extracted = extractBody(body);
      if (extracted.bytes !== null && NULL_BODY_STATUSES.includes(status)) {
        throw new HostTypeError(`Response with null body status (${status}) cannot have body`);
      }
      if (extracted.type !== null && !this.#headers.has('content-type')) {
        this.#headers.append('content-type', extracted.type);
      }
      this.#body = { bytes: extracted.bytes, used: false };
    }
    static error() {
      const response = new Response(null);
      response.#status = 0;
      response.#type = 'error';
      freeze(response.#headers);
      return response;
    }
    /** @param {unknown} data @param {Record<string, unknown>} [init] */
    static json(data, init = {}) {
      const text = stringify(data);
      if (text === undefined)
        throw new HostTypeError('Response.json: the data is not JSON-serializable');
      const headers = new Headers(init?.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(text, { ...init, headers });
    }
    /** @param {unknown} url @param {number} [status] */
    static redirect(url, status = 302) {
      const location = new URLClass(toText(url)).href;
      if (!REDIRECT_STATUSES.includes(status))
        throw new HostRangeError(`Invalid status code ${status}`);
      const response = new Response(null, { status: 200, headers: { location } });
      response.#status = status;
      freeze(response.#headers);
      return response;
    }
    get status() {
      return this.#status;
    }
    get ok() {
      return this.#status >= 200 && this.#status <= 299;
    }
    get statusText() {
      return this.#statusText;
    }
    get headers() {
      return this.#headers;
    }
    get url() {
      return this.#url;
    }
    get redirected() {
      return this.#redirected;
    }
    get type() {
      return this.#type;
    }
    clone() {
      if (this.#body.used)
        throw new HostTypeError('Response.clone: Body has already been consumed.');
      const copy = new Response(null);
      copy.#status = this.#status;
      copy.#statusText = this.#statusText;
      copy.#headers = new Headers(this.#headers);
      copy.#url = this.#url;
      copy.#redirected = this.#redirected;
      copy.#type = this.#type;
      copy.#body = { bytes: this.#body.bytes, used: false };
      return copy;
    }
    get [Symbol.toStringTag]() {
      return 'Response';
    }
  }
  addBodyMethods(Response, responseBody);

  /**
   * @param {unknown} input
   * @param {Record<string, unknown>} [init]
   * @returns {Promise<Response>}
   */
  function fetch(input, init) {
    return new HostPromise((resolve, reject) => {
      const request = new Request(input, init);
      const signal = request.signal;
      if (signal.aborted) throw signal.reason;
      const body = requestBody(request);
      if (body.used) throw new HostTypeError('fetch: the request body has already been read');
      /** @type {PendingFetch} */
      const pending = record();
      pending.method = request.method;
      pending.url = request.url;
      pending.headers = newList();
      for (const [name, value] of request.headers) {
        const pair = newList();
        push(pair, name);
        push(pair, value);
        push(pending.headers, /** @type {[string, string]} */ (pair));
      }
      pending.body = body.bytes === null ? null : bytesToBase64(body.bytes);
      body.used = body.bytes !== null;
      pending.redirect = /** @type {PendingFetch['redirect']} */ (request.redirect);
      pending.resolve = /** @type {(response: unknown) => void} */ (resolve);
      pending.reject = reject;
      const withdraw = S.askEffect('fetch', pending);
      // Aborted before the host took it (it takes every request at the next step, and no guest
      // code runs until their answers are in): it never goes out.
      signal.addEventListener(
        'abort',
        () => {
          if (withdraw()) reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /**
   * @param {PendingFetch} pending
   * @param {SentRequest} recorded
   */
  function sameRequest(pending, recorded) {
    if (
      pending.method !== recorded.method ||
      pending.url !== recorded.url ||
      pending.body !== recorded.body ||
      pending.redirect !== recorded.redirect ||
      pending.headers.length !== recorded.headers.length
    ) {
      return false;
    }
    for (let i = 0; i < pending.headers.length; i++) {
      const mine = pending.headers[i];
      const theirs = recorded.headers[i];
      if (mine[0] !== theirs[0] || mine[1] !== theirs[1]) return false;
    }
    return true;
  }

  /** @type {EffectKind<PendingFetch, SentRequest, ReplyExchange>} */
  const fetchKind = {
    __proto__: null,
    name: 'fetch',
    request(pending) {
      /** @type {SentRequest} */
      const sent = record();
      sent.method = pending.method;
      sent.url = pending.url;
      sent.headers = pending.headers;
      sent.body = pending.body;
      sent.redirect = pending.redirect;
      return sent;
    },
    differs: (pending, exchange) =>
      sameRequest(pending, exchange.request)
        ? undefined
        : `a replayed run asked for ${pending.method} ${pending.url} where its live run asked for ${exchange.request.method} ${exchange.request.url}`,
    settle(pending, exchange) {
      if (exchange.response) pending.resolve(receivedResponse(exchange.response));
      else pending.reject(new HostTypeError(toText(exchange.error?.message)));
    },
    countDiffers: (made, recorded) =>
      `a replayed run made ${made} requests where its live run made ${recorded}`,
    fewer: 'a replayed run made fewer requests than its live run',
  };
  S.registerEffect(/** @type {EffectKind} */ (fetchKind));

  const globals = { fetch, Headers, Request, Response };
  for (const name of ownKeys(globals)) {
    defineProperty(
      globalThis,
      name,
      /** @type {PropertyDescriptor} */ ({
        __proto__: null,
        value: /** @type {Record<PropertyKey, unknown>} */ (globals)[name],
        writable: true,
        configurable: true,
      }),
    );
  }
})();
