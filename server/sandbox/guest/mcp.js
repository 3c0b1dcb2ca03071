// @ts-check
// The user's other MCP servers for the guest: `await mcp.call(server, tool, args?, options?)`,
// `await mcp.NAME.TOOL(args?, options?)` and `await mcp.servers()`. The guest never reaches a
// server: a call is an effect of kind "mcp" (effects.js), asked at the host's next step with its
// arguments as the guest serialised them; the host checks the run's policy, the server process
// makes the call, and the following step settles it, in the order the calls were made. Replay
// serves the recorded results, and a call that differs from the recorded one is a determinism
// failure. The arguments are serialised in the guest's own call (its toJSON and getters run
// there); the settling is the host's path (primordials only): a result is parsed with the
// JSON.parse taken at load and read by own keys, since a missing key would walk up to a
// prototype the guest may have poisoned.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const {
    defineProperty,
    hasOwn,
    isArray,
    messageOf,
    record,
    stringCharCodeAt,
    stringify,
    stringSlice,
    toText,
  } = P;
  const HostError = Error;
  const HostTypeError = TypeError;
  const HostPromise = P.Promise;
  const HostProxy = Proxy;
  const freeze = Object.freeze;
  const parseJson = JSON.parse;

  /** No server or tool has a longer name: sandbox/tools/upstream-refusal.ts's MAX_MCP_NAME. */
  const MAX_NAME = 256;

  /** Names `get` leaves undefined, so that awaiting, serialising or inspecting calls nothing. */
  const UNREACHABLE = ['then', 'toJSON', 'constructor', 'valueOf', 'toString', 'inspect'];
  /** @param {string} key */
  function unreachable(key) {
    for (let i = 0; i < UNREACHABLE.length; i++) if (UNREACHABLE[i] === key) return true;
    return false;
  }

  /** @param {unknown} value @returns {value is Record<string, unknown>} */
  const isObject = (value) => value !== null && typeof value === 'object';

  /**
   * `object[key]` when it is its own: a missing key must not reach a poisoned prototype.
   * @param {Record<string, unknown>} object
   * @param {string} key
   */
  const own = (object, key) => (hasOwn(object, key) ? object[key] : undefined);

  /**
   * The arguments as JSON text, made in the guest's call: undefined is `{}`.
   * @param {unknown} args
   */
  function argumentsText(args) {
    if (args === undefined) return '{}';
    if (!isObject(args) || isArray(args)) {
      throw new HostTypeError("mcp: a tool's arguments must be an object");
    }
    let text;
    try {
      text = stringify(args);
    } catch (error) {
      throw new HostTypeError(`mcp: the arguments cannot be sent as JSON: ${messageOf(error)}`);
    }
    // A toJSON may make them anything: only an object is a tool's arguments.
    if (typeof text !== 'string' || stringCharCodeAt(text, 0) !== 123) {
      throw new HostTypeError("mcp: a tool's arguments must be an object");
    }
    return text;
  }

  /**
   * Asks the host at the next step.
   * @param {PendingMcp['op']} op
   * @param {string} server
   * @param {string} tool
   * @param {string} text
   * @param {boolean} raw
   * @param {(value: unknown) => void} resolve
   * @param {(error: unknown) => void} reject
   */
  function ask(op, server, tool, text, raw, resolve, reject) {
    /** @type {PendingMcp} */
    const pending = record();
    pending.op = op;
    pending.server = server;
    pending.tool = tool;
    pending.arguments = text;
    pending.raw = raw;
    pending.resolve = resolve;
    pending.reject = reject;
    S.askEffect('mcp', pending);
  }

  /**
   * @param {unknown} server
   * @param {unknown} tool
   * @param {unknown} [args]
   * @param {unknown} [options]
   * @returns {Promise<unknown>}
   */
  const call = (server, tool, args, options) =>
    new HostPromise((resolve, reject) => {
      if (typeof server !== 'string' || typeof tool !== 'string') {
        throw new HostTypeError('mcp.call: the server and the tool must be strings');
      }
      // Refused as a server that is not configured is, rather than sent to break the step.
      if (server.length > MAX_NAME || tool.length > MAX_NAME) {
        throw new HostTypeError(`no MCP server or tool has a name over ${MAX_NAME} characters`);
      }
      const text = argumentsText(args);
      const raw = isObject(options) && hasOwn(options, 'raw') && options.raw === true;
      ask('call', server, tool, text, raw, resolve, reject);
    });

  /** @returns {Promise<unknown>} */
  const servers = () =>
    new HostPromise((resolve, reject) => ask('list', '', '', '', false, resolve, reject));

  /**
   * A data property as defineProperty takes it, on a null prototype (a guest's Object.prototype
   * `get` would make it an accessor); a read-only one cannot be changed either.
   * @param {unknown} value
   * @param {boolean} writable
   */
  const dataProperty = (value, writable) =>
    /** @type {PropertyDescriptor} */ ({
      __proto__: null,
      value,
      writable,
      configurable: writable,
    });

  /**
   * An error named as its kind, set without assigning (a setter on Error.prototype would run).
   * @param {string} name
   * @param {string} message
   * @param {number | null} code
   */
  function mcpError(name, message, code) {
    const error = new HostError(message);
    defineProperty(error, 'name', dataProperty(name, true));
    if (code !== null) defineProperty(error, 'code', dataProperty(code, true));
    return error;
  }

  /**
   * The `text` items of a result's content, joined by a newline (a loop, never Array#join).
   * @param {unknown} content
   */
  function joinedText(content) {
    if (!isArray(content)) return '';
    let text = '';
    let first = true;
    for (let i = 0; i < content.length; i++) {
      const item = content[i];
      if (!isObject(item) || own(item, 'type') !== 'text') continue;
      const part = own(item, 'text');
      if (typeof part !== 'string') continue;
      text = first ? part : `${text}\n${part}`;
      first = false;
    }
    return text;
  }

  /**
   * @param {object} holder
   * @param {unknown} raw
   */
  const attachRaw = (holder, raw) => defineProperty(holder, 'raw', dataProperty(raw, false));

  /**
   * A tool's result as the call resolves: the tool's error rejects, `{raw: true}` gets it whole,
   * structured content comes with the whole result as `raw`, anything else is its text.
   * @param {PendingMcp} pending
   * @param {unknown} result
   */
  function deliver(pending, result) {
    const whole = isObject(result) ? result : undefined;
    const text = whole ? joinedText(own(whole, 'content')) : '';
    if (whole && own(whole, 'isError') === true) {
      const error = mcpError('McpToolError', text, null);
      attachRaw(error, result);
      pending.reject(error);
      return;
    }
    if (pending.raw) {
      pending.resolve(result);
      return;
    }
    const structured = whole ? own(whole, 'structuredContent') : undefined;
    if (isObject(structured) && !isArray(structured)) {
      if (!hasOwn(structured, 'raw')) attachRaw(structured, result);
      pending.resolve(structured);
      return;
    }
    pending.resolve(text);
  }

  /**
   * @param {PendingMcp} pending
   * @param {McpAnswer} answer
   */
  function settle(pending, answer) {
    const error = answer.error;
    if (error !== null) {
      const message = toText(error.message);
      if (error.refused === true) pending.reject(new HostTypeError(message));
      else pending.reject(mcpError('McpError', message, error.code));
      return;
    }
    let result;
    try {
      result = parseJson(toText(answer.result));
    } catch {
      pending.reject(mcpError('McpError', 'the answer of the MCP server is not JSON', null));
      return;
    }
    if (pending.op === 'list') pending.resolve(result);
    else deliver(pending, result);
  }

  /**
   * What a request did, for a replay's failure: arguments cut, since they may be long.
   * @param {SentMcp} sent
   */
  const described = (sent) =>
    sent.op === 'list'
      ? 'listed the MCP servers'
      : `called ${sent.server}.${sent.tool} with ${stringSlice(sent.arguments, 0, 200)}`;

  /** @type {EffectKind<PendingMcp, SentMcp, McpAnswer>} */
  const mcpKind = {
    __proto__: null,
    name: 'mcp',
    request(pending) {
      /** @type {SentMcp} */
      const sent = record();
      sent.op = pending.op;
      sent.server = pending.server;
      sent.tool = pending.tool;
      sent.arguments = pending.arguments;
      return sent;
    },
    differs: (pending, answer) => {
      const recorded = answer.request;
      const same =
        pending.op === recorded.op &&
        pending.server === recorded.server &&
        pending.tool === recorded.tool &&
        pending.arguments === recorded.arguments;
      return same
        ? undefined
        : `a replayed run ${described(pending)} where its live run ${described(recorded)}`;
    },
    settle,
    countDiffers: (made, recorded) =>
      `a replayed run made ${made} MCP calls where its live run made ${recorded}`,
    fewer: 'a replayed run made fewer MCP calls than its live run',
  };
  S.registerEffect(/** @type {EffectKind} */ (mcpKind));

  const refuse = () => false;
  const none = () => undefined;
  /**
   * A proxy over a frozen empty target whose handler defines every trap on a null prototype (V8
   * looks traps up with [[Get]]: one inherited from Object.prototype would be the guest's). It
   * answers `get` alone; writing refuses, and it has no keys and no prototype.
   * @param {(key: string) => unknown} get
   */
  const proxyOf = (get) =>
    new HostProxy(
      freeze({ __proto__: null }),
      freeze({
        __proto__: null,
        get: (/** @type {object} */ _target, /** @type {PropertyKey} */ key) =>
          typeof key === 'string' && !unreachable(key) ? get(key) : undefined,
        set: refuse,
        has: refuse,
        deleteProperty: refuse,
        defineProperty: refuse,
        ownKeys: () => [],
        getOwnPropertyDescriptor: none,
        getPrototypeOf: () => null,
        setPrototypeOf: refuse,
        isExtensible: refuse,
        preventExtensions: () => true,
      }),
    );

  /** @param {string} server */
  const serverProxy = (server) =>
    proxyOf(
      (tool) => (/** @type {unknown} */ args, /** @type {unknown} */ options) =>
        call(server, tool, args, options),
    );

  const mcp = proxyOf((key) => {
    if (key === 'call') return call;
    if (key === 'servers') return servers;
    return serverProxy(key);
  });

  defineProperty(
    globalThis,
    'mcp',
    /** @type {PropertyDescriptor} */ ({
      __proto__: null,
      value: mcp,
      writable: true,
      configurable: true,
    }),
  );
})();
