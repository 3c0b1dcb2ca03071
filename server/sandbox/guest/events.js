// @ts-check
// Event, EventTarget, AbortController and AbortSignal, as the DOM spec has them for targets
// outside a document: an event is dispatched at its target alone, so capture only tells two
// registrations apart. AbortSignal.timeout fires on the sandbox's virtual-time timers. A
// listener's exception fails the run as a timer's does (Node's EventTarget makes it uncaught
// too); the other listeners still run. These run in guest code, on built-ins taken at start.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const { apply, mapGet, mapSet, newList, numberIsNaN, push, record, toNumber, trunc } = P;
  const { state, addTimer } = S;
  const MAX_SAFE_INTEGER = 2 ** 53 - 1;
  const HostTypeError = TypeError;
  const HostDOMException = DOMException;
  const HostMap = P.Map;
  const NONE = 0;
  const AT_TARGET = 2;

  /**
   * A WebIDL dictionary argument: undefined and null are empty, other primitives are refused.
   * @param {unknown} value
   * @param {string} what
   */
  function dictionary(value, what) {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' && typeof value !== 'function') {
      throw new HostTypeError(`The "${what}" argument must be an object`);
    }
    return /** @type {Record<string, unknown>} */ (value);
  }

  /**
   * @typedef {object} ListenerEntry
   * @property {unknown} callback a function, or an object with handleEvent
   * @property {boolean} capture
   * @property {boolean} once
   * @property {boolean} passive
   * @property {boolean} removed
   */

  /** @type {(event: Event, target: EventTarget | null, phase: number) => void} */
  let setDispatch;
  /** @type {(event: Event, passive: boolean) => void} */
  let setPassive;
  /** @type {(event: Event) => boolean} */
  let stopped;
  /** @type {(event: Event) => boolean} */
  let stoppedImmediately;
  /** @type {(event: Event) => boolean} */
  let isDispatching;
  /** @type {(event: Event) => boolean} */
  let isCanceled;
  /** @type {(event: Event) => string} */
  let typeOf;
  /** @type {(value: unknown) => value is Event} */
  let isEvent;

  class Event {
    #type;
    #bubbles;
    #cancelable;
    #composed;
    #canceled = false;
    #stopped = false;
    #stoppedImmediately = false;
    #passive = false;
    #dispatching = false;
    #phase = NONE;
    /** @type {EventTarget | null} */
    #target = null;
    /** @type {EventTarget | null} */
    #currentTarget = null;
    // performance.now() at its creation, on the virtual clock.
    #timeStamp = state.clock - (state.origin ?? state.clock);

    static {
      setDispatch = (event, target, phase) => {
        event.#dispatching = phase !== NONE;
        event.#phase = phase;
        if (target) event.#target = target;
        event.#currentTarget = target;
        if (phase === NONE) {
          event.#stopped = false;
          event.#stoppedImmediately = false;
        }
      };
      setPassive = (event, passive) => {
        event.#passive = passive;
      };
      stopped = (event) => event.#stopped;
      stoppedImmediately = (event) => event.#stoppedImmediately;
      isDispatching = (event) => event.#dispatching;
      isCanceled = (event) => event.#canceled;
      typeOf = (event) => event.#type;
      isEvent = (value) =>
        value !== null &&
        (typeof value === 'object' || typeof value === 'function') &&
        #type in value;
    }

    /**
     * @param {unknown} type
     * @param {unknown} [eventInitDict]
     */
    constructor(type, eventInitDict = undefined) {
      // biome-ignore lint/complexity/noArguments: new Event() throws, new Event(undefined) does not.
      if (arguments.length === 0) throw new HostTypeError('The "type" argument must be specified');
      this.#type = `${type}`;
      const init = dictionary(eventInitDict, 'eventInitDict');
      this.#bubbles = !!init?.bubbles;
      this.#cancelable = !!init?.cancelable;
      this.#composed = !!init?.composed;
    }

    get type() {
      return this.#type;
    }

    get target() {
      return this.#target;
    }

    get srcElement() {
      return this.#target;
    }

    get currentTarget() {
      return this.#currentTarget;
    }

    get eventPhase() {
      return this.#phase;
    }

    get bubbles() {
      return this.#bubbles;
    }

    get cancelable() {
      return this.#cancelable;
    }

    get composed() {
      return this.#composed;
    }

    get defaultPrevented() {
      return this.#canceled;
    }

    get isTrusted() {
      return false;
    }

    get timeStamp() {
      return this.#timeStamp;
    }

    get returnValue() {
      return !this.#canceled;
    }

    set returnValue(value) {
      if (!value) this.preventDefault();
    }

    get cancelBubble() {
      return this.#stopped;
    }

    set cancelBubble(value) {
      if (value) this.#stopped = true;
    }

    composedPath() {
      return this.#dispatching && this.#currentTarget ? [this.#currentTarget] : [];
    }

    stopPropagation() {
      this.#stopped = true;
    }

    stopImmediatePropagation() {
      this.#stopped = true;
      this.#stoppedImmediately = true;
    }

    preventDefault() {
      if (this.#cancelable && !this.#passive) this.#canceled = true;
    }
  }
  /** @type {[string, number][]} */
  const phases = [
    ['NONE', 0],
    ['CAPTURING_PHASE', 1],
    ['AT_TARGET', 2],
    ['BUBBLING_PHASE', 3],
  ];
  for (const [name, value] of phases) {
    for (const holder of [Event, Event.prototype]) {
      Object.defineProperty(holder, name, { value, enumerable: true });
    }
  }

  /**
   * An uncaught error of a listener: the run's first one fails it, as a timer's does.
   * @param {unknown} error
   */
  function report(error) {
    if (S.run.uncaught === undefined) {
      S.run.uncaught = { __proto__: null, error, where: 'event listener' };
    }
  }

  /**
   * Flattens addEventListener's options, in the order WebIDL reads them.
   * @param {unknown} options
   */
  function listenerOptions(options) {
    /** @type {{ capture: boolean, once: boolean, passive: boolean, signal: AbortSignal | undefined }} */
    const flags = record();
    flags.capture = false;
    flags.once = false;
    flags.passive = false;
    flags.signal = undefined;
    if (options === undefined || options === null) return flags;
    if (typeof options !== 'object' && typeof options !== 'function') {
      flags.capture = !!options;
      return flags;
    }
    const dict = /** @type {Record<string, unknown>} */ (options);
    flags.capture = !!dict.capture;
    flags.once = !!dict.once;
    flags.passive = !!dict.passive;
    const signal = dict.signal;
    if (signal !== undefined) {
      if (!isSignal(signal)) {
        throw new HostTypeError('The "options.signal" property must be an AbortSignal');
      }
      flags.signal = signal;
    }
    return flags;
  }

  /** @type {(target: EventTarget) => Map<string, List<ListenerEntry>>} */
  let listenersOf;
  /** @type {(value: unknown) => value is EventTarget} */
  let isTarget;
  /** @type {(signal: AbortSignal) => boolean} */
  let isAborted;

  /**
   * @param {List<ListenerEntry>} list
   * @param {ListenerEntry} entry
   */
  function removeEntry(list, entry) {
    entry.removed = true;
    for (let i = 0; i < list.length; i++) {
      if (list[i] !== entry) continue;
      for (let j = i; j < list.length - 1; j++) list[j] = list[j + 1];
      list.length--;
      return;
    }
  }

  /**
   * Adds a listener unless an equal one (same callback and capture) is there.
   * @param {EventTarget} target
   * @param {string} type
   * @param {unknown} callback
   * @param {ReturnType<typeof listenerOptions>} flags
   */
  function addListener(target, type, callback, flags) {
    const signal = flags.signal;
    if (signal && isAborted(signal)) return undefined;
    const byType = listenersOf(target);
    let list = mapGet(byType, type);
    if (!list) {
      list = newList();
      mapSet(byType, type, list);
    }
    for (let i = 0; i < list.length; i++) {
      if (list[i].callback === callback && list[i].capture === flags.capture) return undefined;
    }
    /** @type {ListenerEntry} */
    const entry = record();
    entry.callback = callback;
    entry.capture = flags.capture;
    entry.once = flags.once;
    entry.passive = flags.passive;
    entry.removed = false;
    push(list, entry);
    const listeners = list;
    if (signal) addAbortAlgorithm(signal, () => removeEntry(listeners, entry));
    return entry;
  }

  /**
   * Runs the target's listeners for the event, in the order added, as the spec's "inner invoke".
   * @param {EventTarget} target
   * @param {Event} event
   */
  function dispatch(target, event) {
    setDispatch(event, target, AT_TARGET);
    const list = mapGet(listenersOf(target), typeOf(event));
    // An event stopped before its dispatch reaches no listener.
    if (list && !stopped(event)) {
      // Listeners added meanwhile do not run; removed ones are skipped.
      /** @type {List<ListenerEntry>} */
      const listeners = newList();
      for (let i = 0; i < list.length; i++) push(listeners, list[i]);
      for (let i = 0; i < listeners.length; i++) {
        const entry = listeners[i];
        if (entry.removed) continue;
        if (entry.once) removeEntry(list, entry);
        setPassive(event, entry.passive);
        try {
          const callback = entry.callback;
          if (typeof callback === 'function') apply(callback, target, [event]);
          else {
            const handleEvent = /** @type {{ handleEvent?: unknown }} */ (callback).handleEvent;
            if (typeof handleEvent !== 'function') {
              throw new HostTypeError("The listener's handleEvent is not a function");
            }
            apply(handleEvent, callback, [event]);
          }
        } catch (error) {
          report(error);
        }
        setPassive(event, false);
        if (stoppedImmediately(event)) break;
      }
    }
    setDispatch(event, null, NONE);
    return !isCanceled(event);
  }

  class EventTarget {
    /** @type {Map<string, List<ListenerEntry>>} */
    #listeners = new HostMap();

    static {
      listenersOf = (target) => target.#listeners;
      isTarget = (value) =>
        value !== null &&
        (typeof value === 'object' || typeof value === 'function') &&
        #listeners in value;
    }

    /**
     * @param {unknown} type
     * @param {unknown} callback
     * @param {unknown} [options]
     */
    addEventListener(type, callback, options = undefined) {
      if (!isTarget(this)) throw new HostTypeError('Illegal invocation');
      const name = `${type}`;
      if (
        callback !== null &&
        callback !== undefined &&
        typeof callback !== 'object' &&
        typeof callback !== 'function'
      ) {
        throw new HostTypeError('The "listener" argument must be an object or a function');
      }
      const flags = listenerOptions(options);
      if (callback === null || callback === undefined) return;
      addListener(this, name, callback, flags);
    }

    /**
     * @param {unknown} type
     * @param {unknown} callback
     * @param {unknown} [options]
     */
    removeEventListener(type, callback, options = undefined) {
      const list = mapGet(this.#listeners, `${type}`);
      const capture =
        options !== null && typeof options === 'object'
          ? !!(/** @type {{ capture?: unknown }} */ (options).capture)
          : !!options;
      if (!list) return;
      for (let i = 0; i < list.length; i++) {
        if (list[i].callback === callback && list[i].capture === capture) {
          removeEntry(list, list[i]);
          return;
        }
      }
    }

    /** @param {unknown} event */
    dispatchEvent(event) {
      if (!isTarget(this)) throw new HostTypeError('Illegal invocation');
      if (!isEvent(event)) {
        throw new HostTypeError('The "event" argument must be an instance of Event');
      }
      if (isDispatching(event)) {
        throw new HostDOMException('The event is already being dispatched', 'InvalidStateError');
      }
      return dispatch(this, event);
    }
  }

  /** @type {(value: unknown) => value is AbortSignal} */
  let isSignal;
  /** @type {(signal: AbortSignal, algorithm: () => void) => void} */
  let addAbortAlgorithm;
  /** @type {(signal: AbortSignal, reason: unknown) => void} */
  let signalAbort;
  /** @type {() => AbortSignal} */
  let newSignal;
  // Only the runtime makes signals: `new AbortSignal()` is an illegal constructor.
  const MAKE = record();

  /** @param {unknown} reason */
  const orAbortError = (reason) =>
    reason === undefined
      ? new HostDOMException('This operation was aborted', 'AbortError')
      : reason;

  /**
   * The milliseconds of AbortSignal.timeout, an [EnforceRange] unsigned long long.
   * @param {unknown} value
   */
  function enforceMilliseconds(value) {
    const number = toNumber(value);
    if (numberIsNaN(number) || number === Infinity || number === -Infinity) {
      throw new HostTypeError('The "milliseconds" argument must be a finite number');
    }
    const whole = trunc(number);
    if (whole < 0 || whole > MAX_SAFE_INTEGER) {
      throw new HostTypeError(`The "milliseconds" argument is out of range: ${whole}`);
    }
    return whole;
  }

  class AbortSignal extends EventTarget {
    #aborted = false;
    /** @type {unknown} */
    #reason = undefined;
    /** What runs before the abort event: removing listeners registered with this signal. */
    /** @type {List<() => void>} */
    #algorithms = newList();
    // AbortSignal.any's: a dependent signal follows its sources, which know their dependents.
    #dependent = false;
    /** @type {List<AbortSignal>} */
    #sources = newList();
    /** @type {List<AbortSignal>} */
    #dependents = newList();
    /** @type {unknown} */
    #onabort = null;
    /** @type {ListenerEntry | undefined} */
    #onabortEntry = undefined;

    static {
      isSignal = (value) =>
        value !== null &&
        (typeof value === 'object' || typeof value === 'function') &&
        #aborted in value;
      isAborted = (signal) => signal.#aborted;
      addAbortAlgorithm = (signal, algorithm) => {
        push(signal.#algorithms, algorithm);
      };
      newSignal = () => new AbortSignal(MAKE);
      /** The spec's "signal abort": dependents abort with the same reason, after their source. */
      signalAbort = (signal, reason) => {
        if (signal.#aborted) return;
        signal.#aborted = true;
        signal.#reason = orAbortError(reason);
        /** @type {List<AbortSignal>} */
        const dependents = newList();
        for (let i = 0; i < signal.#dependents.length; i++) {
          const dependent = signal.#dependents[i];
          if (dependent.#aborted) continue;
          dependent.#aborted = true;
          dependent.#reason = signal.#reason;
          push(dependents, dependent);
        }
        signal.#dependents = newList();
        runAbortSteps(signal);
        for (let i = 0; i < dependents.length; i++) runAbortSteps(dependents[i]);
      };
      /** @param {AbortSignal} signal */
      const runAbortSteps = (signal) => {
        const algorithms = signal.#algorithms;
        signal.#algorithms = newList();
        signal.#sources = newList();
        for (let i = 0; i < algorithms.length; i++) algorithms[i]();
        dispatch(signal, new Event('abort'));
      };
    }

    /** @param {unknown} [key] */
    constructor(key = undefined) {
      if (key !== MAKE) throw new HostTypeError('Illegal constructor');
      super();
    }

    /** @param {unknown} [reason] */
    static abort(reason = undefined) {
      const signal = newSignal();
      signalAbort(signal, reason);
      return signal;
    }

    /** @param {unknown} milliseconds */
    static timeout(milliseconds) {
      const delay = enforceMilliseconds(milliseconds);
      const signal = newSignal();
      const timedOut = () =>
        signalAbort(
          signal,
          new HostDOMException('The operation was aborted due to timeout', 'TimeoutError'),
        );
      addTimer('AbortSignal.timeout', timedOut, delay, newList());
      return signal;
    }

    /** @param {Iterable<unknown>} signals */
    static any(signals) {
      /** @type {List<AbortSignal>} */
      const inputs = newList();
      for (const signal of signals) {
        if (!isSignal(signal)) {
          throw new HostTypeError('The "signals" argument must hold only AbortSignals');
        }
        push(inputs, signal);
      }
      const result = newSignal();
      for (let i = 0; i < inputs.length; i++) {
        if (inputs[i].#aborted) {
          result.#aborted = true;
          result.#reason = inputs[i].#reason;
          return result;
        }
      }
      result.#dependent = true;
      /** @param {AbortSignal} source */
      const follow = (source) => {
        for (let i = 0; i < result.#sources.length; i++) {
          if (result.#sources[i] === source) return;
        }
        push(result.#sources, source);
        push(source.#dependents, result);
      };
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i];
        if (!input.#dependent) follow(input);
        else for (let j = 0; j < input.#sources.length; j++) follow(input.#sources[j]);
      }
      return result;
    }

    get aborted() {
      return this.#aborted;
    }

    get reason() {
      return this.#reason;
    }

    throwIfAborted() {
      if (this.#aborted) throw this.#reason;
    }

    get onabort() {
      return this.#onabort;
    }

    // An event handler: a listener from the first time it is set until it is set to null.
    set onabort(value) {
      const handler = typeof value === 'object' || typeof value === 'function' ? value : null;
      this.#onabort = handler;
      const byType = listenersOf(this);
      if (handler === null && this.#onabortEntry) {
        const list = mapGet(byType, 'abort');
        if (list) removeEntry(list, this.#onabortEntry);
        this.#onabortEntry = undefined;
      } else if (handler !== null && !this.#onabortEntry) {
        const flags = listenerOptions(undefined);
        /** @type {(this: AbortSignal, event: Event) => void} */
        const callHandler = function (event) {
          const current = this.#onabort;
          if (typeof current === 'function') apply(current, this, [event]);
        };
        this.#onabortEntry = addListener(this, 'abort', callHandler, flags);
      }
    }
  }

  class AbortController {
    #signal = newSignal();

    get signal() {
      return this.#signal;
    }

    /** @param {unknown} [reason] */
    abort(reason = undefined) {
      signalAbort(this.#signal, reason);
    }
  }

  /** @type {[string, Function][]} */
  const globals = [
    ['Event', Event],
    ['EventTarget', EventTarget],
    ['AbortSignal', AbortSignal],
    ['AbortController', AbortController],
  ];
  for (const [name, value] of globals) {
    Object.defineProperty(value.prototype, Symbol.toStringTag, {
      value: name,
      configurable: true,
    });
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
  }
})();
