// The deterministic runtime every session starts from: a seeded Math.random, a virtual clock that
// stands still while code runs, timers on virtual time, a captured console, and the run protocol
// the host drives (begin, body, tick, finish). It runs after primordials.js and inspect.js, before
// any user code, and is part of every heap snapshot; the same calls replay a journal entry exactly.
//
// A run may change any built-in, and the next run's host calls must still work: everything the
// host calls uses only primordials on null-prototype objects, and never throws out of the isolate
// (isolated-vm would format the error's stack through the guest's Error.prepareStackTrace, outside
// any timeout); a failure comes back as a string starting with "!".
(() => {
  const P = globalThis.__mcpiPrimordials;
  delete globalThis.__mcpiPrimordials;
  const inspect = globalThis.__mcpiInspect;
  delete globalThis.__mcpiInspect;
  // What these see depends on when the garbage collector ran, which a replay cannot repeat.
  delete globalThis.WeakRef;
  delete globalThis.FinalizationRegistry;
  const {
    apply,
    arrayJoin,
    brandOf,
    construct,
    dateToString,
    defineProperty,
    deleteProperty,
    errorStack,
    functionToString,
    imul,
    intlFormatGetter,
    intlFormatToParts,
    isArray,
    isExtensible,
    mapDelete,
    mapGet,
    mapSet,
    max,
    messageOf,
    min,
    newList,
    toNumber,
    ownDescriptor,
    ownKeys,
    toFloat,
    promiseResolve,
    promiseThen,
    push,
    record,
    replaceText,
    setHas,
    stringify,
    toText,
    stringCharCodeAt,
    stringIndexOf,
    stringSlice,
    symbolDescription,
    trunc,
  } = P;
  const HostError = Error;
  const toObject = Object;
  const assign = Object.assign;
  const HostTypeError = TypeError;

  // A context that makes a snapshot lacks stack traces unless this is set, as a restored one has.
  Error.stackTraceLimit = 10;

  // V8 adds these built-ins to every context it restores from a snapshot, but a context making a
  // snapshot lacks them, and V8 aborts a restore when one is already there or its holder is
  // frozen. So the runtime takes them out before each snapshot and, after each restore, puts
  // back exactly what the heap had: live and replayed runs see the same built-ins.
  const asyncIteratorPrototype = Object.getPrototypeOf(
    Object.getPrototypeOf(async function* () {}).prototype,
  );
  const reinstalled = [
    [globalThis, 'AsyncDisposableStack'],
    [globalThis, 'DisposableStack'],
    [globalThis, 'Float16Array'],
    [globalThis, 'SharedArrayBuffer'],
    [globalThis, 'SuppressedError'],
    [globalThis, 'WebAssembly'],
    [Atomics, 'pause'],
    [DataView.prototype, 'getFloat16'],
    [DataView.prototype, 'setFloat16'],
    [Error, 'isError'],
    [Error, 'stackTraceLimit'],
    [Math, 'f16round'],
    [Promise, 'try'],
    [RegExp, 'escape'],
    [Iterator.prototype, Symbol.dispose],
    [asyncIteratorPrototype, Symbol.asyncDispose],
  ];
  let stashed = newList();
  // Only the restore that follows a snapshot puts them back (a call from a run does nothing).
  let restorePending = false;
  /** Runs in the snapshot maker only, where a throw must abort the snapshot. */
  function beforeSnapshot() {
    restorePending = true;
    stashed = newList();
    for (let i = 0; i < reinstalled.length; i++) {
      const holder = reinstalled[i][0];
      const key = reinstalled[i][1];
      const name = typeof key === 'symbol' ? symbolDescription(key) : key;
      if (!isExtensible(holder)) {
        throw new HostTypeError(
          `a heap where the holder of ${name} is frozen cannot be snapshotted`,
        );
      }
      const descriptor = ownDescriptor(holder, key);
      if (descriptor && !deleteProperty(holder, key)) {
        throw new HostTypeError(`a heap where ${name} cannot be deleted cannot be snapshotted`);
      }
      push(stashed, descriptor);
    }
  }
  function afterRestore() {
    if (!restorePending) return;
    restorePending = false;
    for (let i = 0; i < reinstalled.length; i++) {
      const holder = reinstalled[i][0];
      const key = reinstalled[i][1];
      deleteProperty(holder, key);
      if (stashed[i]) defineProperty(holder, key, stashed[i]);
    }
    stashed = newList();
  }
  const RealDate = Date;

  const state = {
    __proto__: null,
    clock: 0,
    origin: undefined,
    rng: [0, 0, 0, 0],
    timers: newList(),
    nextTimerId: 1,
    timerSeq: 0,
  };
  let run = newRun(0);

  function newRun(outputLimit) {
    return {
      __proto__: null,
      key: undefined,
      bodyStarted: false,
      outputLimit,
      outputUsed: 0,
      overflow: false,
      console: newList(),
      groupIndent: '',
      counts: new P.Map(),
      timeMarks: new P.Map(),
      settled: false,
      failed: false,
      value: undefined,
      error: undefined,
      uncaught: undefined,
      ticks: 0,
    };
  }

  // sfc32: small, fast, and good enough for Math.random; seeded per journal entry.
  function seedRandom(seed) {
    state.rng = [0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0];
    for (let i = 0; i < 12; i++) nextRandom();
  }
  function nextRandom() {
    const s = state.rng;
    const t = (((s[0] + s[1]) >>> 0) + s[3]) >>> 0;
    s[3] = (s[3] + 1) >>> 0;
    s[0] = s[1] ^ (s[1] >>> 9);
    s[1] = (s[2] + (s[2] << 3)) >>> 0;
    s[2] = (s[2] << 21) | (s[2] >>> 11);
    s[2] = (s[2] + t) >>> 0;
    return t;
  }
  Object.defineProperty(Math, 'random', {
    value: function random() {
      return (nextRandom() * 2 ** 21 + (nextRandom() >>> 11)) / 2 ** 53;
    },
    writable: true,
    configurable: true,
  });

  // The virtual clock: Date and performance read it; only timers move it.
  function VirtualDate(...args) {
    if (!new.target) return dateToString(construct(RealDate, [state.clock]));
    return construct(RealDate, args.length === 0 ? [state.clock] : args, new.target);
  }
  VirtualDate.prototype = RealDate.prototype;
  VirtualDate.now = function now() {
    return state.clock;
  };
  VirtualDate.parse = RealDate.parse;
  VirtualDate.UTC = RealDate.UTC;
  Object.defineProperty(RealDate.prototype, 'constructor', {
    value: VirtualDate,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(globalThis, 'Date', {
    value: VirtualDate,
    writable: true,
    configurable: true,
  });
  // Intl formats "now" when given no date: that must be the virtual now too.
  const dateTimeFormat = Intl.DateTimeFormat.prototype;
  Object.defineProperty(dateTimeFormat, 'format', {
    get() {
      const format = intlFormatGetter(this);
      return (date) => format(date === undefined ? state.clock : date);
    },
    configurable: true,
  });
  Object.defineProperty(dateTimeFormat, 'formatToParts', {
    value: function formatToPartsAt(date) {
      return intlFormatToParts(this, date === undefined ? state.clock : date);
    },
    writable: true,
    configurable: true,
  });
  const performance = {
    now: () => state.clock - (state.origin ?? state.clock),
    get timeOrigin() {
      return state.origin ?? state.clock;
    },
  };
  Object.defineProperty(globalThis, 'performance', {
    value: performance,
    writable: true,
    configurable: true,
  });

  // Timers on virtual time. Delays below 1 ms become 1 ms, as in Node.
  function addTimer(kind, fn, delay, args) {
    if (typeof fn !== 'function') {
      throw new HostTypeError(`The "callback" argument must be a function`);
    }
    const ms = max(kind === 'setImmediate' ? 0 : 1, min(toNumber(delay) || 0, 2 ** 31 - 1));
    const timer = record();
    timer.id = state.nextTimerId++;
    timer.kind = kind;
    timer.fn = fn;
    timer.args = args;
    timer.delay = ms;
    timer.due = state.clock + ms;
    timer.seq = state.timerSeq++;
    push(state.timers, timer);
    return timer.id;
  }
  function clearTimer(id) {
    const timers = state.timers;
    for (let i = 0; i < timers.length; i++) {
      if (timers[i].id !== id) continue;
      for (let j = i; j < timers.length - 1; j++) timers[j] = timers[j + 1];
      timers.length--;
      return;
    }
  }
  /** `onOk`/`onError` once `promise` settles, without the guest's Promise species or `then`. */
  function whenSettled(promise, onOk, onError) {
    defineProperty(promise, 'constructor', { __proto__: null, value: undefined });
    promiseThen(promise, onOk, onError);
  }
  const globals = {
    setTimeout: (fn, delay, ...args) => addTimer('setTimeout', fn, delay, args),
    setInterval: (fn, delay, ...args) => addTimer('setInterval', fn, delay, args),
    setImmediate: (fn, ...args) => addTimer('setImmediate', fn, 0, args),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    clearImmediate: clearTimer,
    queueMicrotask: (fn) => {
      whenSettled(promiseResolve(P.Promise, undefined), () => fn());
    },
  };
  for (const [name, fn] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value: fn, writable: true, configurable: true });
  }

  /** printf-style `%s %d %i %f %j %o %O %c %%` in a console call's first argument. */
  function format(first, args) {
    let text = '';
    let rest = 1;
    let at = 0;
    for (;;) {
      const found = stringIndexOf(first, '%', at);
      if (found === -1 || found === first.length - 1) break;
      const spec = first[found + 1];
      text += stringSlice(first, at, found);
      at = found + 2;
      if (spec === '%') {
        text += '%';
        continue;
      }
      if (stringIndexOf('sdifjoOc', spec) === -1 || rest >= args.length) {
        text += `%${spec}`;
        continue;
      }
      const arg = args[rest++];
      if (spec === 's' && typeof arg === 'string') text += arg;
      else if (spec === 'd' || spec === 'i') {
        const n = toNumber(arg);
        text += toText(spec === 'i' ? trunc(n) : n);
      } else if (spec === 'f') text += toText(toFloat(arg));
      else if (spec === 'j') text += stringify(arg);
      else if (spec !== 'c') {
        const rendered = inspect(arg, run.outputLimit, true);
        if (rendered === undefined) run.overflow = true;
        text += rendered ?? '';
      }
    }
    return { __proto__: null, text: text + stringSlice(first, at), rest };
  }

  // console.* captured with its level, bounded by the run's output limit.
  function emit(level, args) {
    if (run.overflow) return;
    let text = '';
    let from = 0;
    const first = args[0];
    if (typeof first === 'string' && stringIndexOf(first, '%') !== -1 && args.length > 1) {
      const formatted = format(first, args);
      if (run.overflow) return;
      text = formatted.text;
      from = formatted.rest;
      if (from < args.length) text += ' ';
    }
    const budget = run.outputLimit - run.outputUsed;
    const rendered = newList();
    for (let i = from; i < args.length; i++) {
      const one = inspect(args[i], budget, false);
      if (one === undefined) {
        run.overflow = true;
        return;
      }
      push(rendered, one);
    }
    text = run.groupIndent + text + arrayJoin(rendered, ' ');
    if (run.groupIndent) text = replaceText(text, '\n', `\n${run.groupIndent}`);
    run.outputUsed += text.length + level.length;
    if (run.outputUsed > run.outputLimit) {
      run.overflow = true;
      return;
    }
    const line = record();
    line.level = level;
    line.text = text;
    push(run.console, line);
  }
  const label = (value) => (value === undefined ? 'default' : toText(value));
  const console = {
    log: (...args) => emit('log', args),
    info: (...args) => emit('info', args),
    debug: (...args) => emit('debug', args),
    warn: (...args) => emit('warn', args),
    error: (...args) => emit('error', args),
    trace: (...args) => emit('trace', args),
    dir: (value) => emit('log', [value]),
    table: (value) => emit('log', [value]),
    assert: (ok, ...args) => {
      if (ok) return;
      const all = newList();
      push(all, 'Assertion failed');
      for (let i = 0; i < args.length; i++) push(all, args[i]);
      emit('error', all);
    },
    group: (...args) => {
      if (args.length) emit('log', args);
      run.groupIndent += '  ';
    },
    groupEnd: () => {
      run.groupIndent = stringSlice(run.groupIndent, 2);
    },
    count: (name) => {
      const key = label(name);
      const count = (mapGet(run.counts, key) ?? 0) + 1;
      mapSet(run.counts, key, count);
      emit('log', [`${key}: ${count}`]);
    },
    countReset: (name) => mapDelete(run.counts, label(name)),
    time: (name) => mapSet(run.timeMarks, label(name), state.clock),
    timeLog: (name, ...args) => {
      const key = label(name);
      const all = newList();
      push(all, `${key}: ${state.clock - (mapGet(run.timeMarks, key) ?? state.clock)}ms`);
      for (let i = 0; i < args.length; i++) push(all, args[i]);
      emit('log', all);
    },
    timeEnd: (name) => {
      const key = label(name);
      emit('log', [`${key}: ${state.clock - (mapGet(run.timeMarks, key) ?? state.clock)}ms`]);
      mapDelete(run.timeMarks, key);
    },
  };
  console.groupCollapsed = console.group;
  Object.defineProperty(globalThis, 'console', {
    value: console,
    writable: true,
    configurable: true,
  });

  /** The stack without the runtime's own frames. */
  function userStack(stack) {
    const lines = newList();
    let at = 0;
    while (at <= stack.length) {
      let end = stringIndexOf(stack, '\n', at);
      if (end === -1) end = stack.length;
      const line = stringSlice(stack, at, end);
      if (stringIndexOf(line, 'mcp-isolate:') === -1) push(lines, line);
      at = end + 1;
    }
    return arrayJoin(lines, '\n');
  }

  /** What was thrown, as the run's error. Reading it can run guest code (getters, a Proxy). */
  function describeError(error) {
    const stack = error !== null && typeof error === 'object' ? errorStack(error) : undefined;
    if (brandOf(error) === 'Error' || stack !== undefined) {
      const name = toText(error.name);
      const message = toText(error.message);
      const text = stack ?? (message ? `${name}: ${message}` : name);
      return { __proto__: null, kind: 'thrown', name, message, stack: userStack(text) };
    }
    const text = inspect(error, 10000, true) ?? '[unrenderable value]';
    return {
      __proto__: null,
      kind: 'thrown',
      name: 'Uncaught',
      message: text,
      stack: `Uncaught ${text}`,
    };
  }

  function nextTimer() {
    let best;
    const timers = state.timers;
    for (let i = 0; i < timers.length; i++) {
      const timer = timers[i];
      if (!best || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) {
        best = timer;
      }
    }
    return best;
  }

  function fireNextTimer() {
    if (run.settled || run.uncaught !== undefined) return false;
    const timer = nextTimer();
    if (!timer) return false;
    state.clock = max(state.clock, timer.due);
    if (timer.kind === 'setInterval') {
      timer.due += timer.delay;
      timer.seq = state.timerSeq++;
    } else {
      clearTimer(timer.id);
    }
    run.ticks++;
    try {
      apply(timer.fn, undefined, timer.args);
    } catch (error) {
      run.uncaught = { __proto__: null, error, where: timer.kind };
    }
    return true;
  }

  /**
   * The timers still pending, as many as fit in `budget` characters of the answer (300,000 of them
   * must not make a 17 MB answer), and how many did not fit.
   */
  function pendingTimers(budget) {
    const listed = newList();
    const timers = state.timers;
    let used = 0;
    for (let i = 0; i < timers.length; i++) {
      const timer = timers[i];
      const entry = record();
      entry.id = timer.id;
      entry.kind = timer.kind;
      entry.delay = timer.delay;
      entry.dueIn = timer.due - state.clock;
      used += stringify(entry).length + 1;
      if (used > budget) return { __proto__: null, listed, more: timers.length - i };
      push(listed, entry);
    }
    return { __proto__: null, listed, more: 0 };
  }

  /** A run whose value or error cannot be rendered (a Proxy trap throws) fails as just that. */
  function renderFailure(what, error) {
    const message = `the run's ${what} could not be rendered: ${messageOf(error)}`;
    return { __proto__: null, kind: 'render_failed', name: 'RenderFailed', message };
  }

  function finish() {
    const outcome = {
      __proto__: null,
      console: run.console,
      overflow: run.overflow,
      cancelledTimers: newList(),
      moreCancelledTimers: 0,
      ticks: run.ticks,
    };
    let rendered = 0;
    if (run.uncaught !== undefined) {
      try {
        const error = describeError(run.uncaught.error);
        error.where = run.uncaught.where;
        outcome.error = error;
      } catch (error) {
        outcome.error = renderFailure('error', error);
      }
    } else if (!run.settled) {
      outcome.error = { __proto__: null, kind: 'never_settles', name: 'NeverSettles', message: '' };
    } else if (run.failed) {
      try {
        outcome.error = describeError(run.error);
      } catch (error) {
        outcome.error = renderFailure('error', error);
      }
    } else {
      try {
        const value = inspect(run.value, run.outputLimit - run.outputUsed, true);
        if (value === undefined) outcome.overflow = true;
        else {
          outcome.value = value;
          rendered = value.length;
        }
      } catch (error) {
        outcome.error = renderFailure('value', error);
      }
    }
    const timers = pendingTimers(run.outputLimit - run.outputUsed - rendered);
    outcome.cancelledTimers = timers.listed;
    outcome.moreCancelledTimers = timers.more;
    state.timers = newList();
    run = newRun(0);
    const text = stringify(outcome);
    return `${fingerprint(text)} ${text}`;
  }

  // FNV-1a over the outcome: a replay that renders a different outcome did not rebuild the heap
  // the live run made (it caught a stack overflow or an allocation failure at another point).
  function fingerprint(text) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      hash = imul(hash ^ stringCharCodeAt(text, i), 0x01000193) >>> 0;
    }
    return hash;
  }

  // What inspectGlobals shows of a heap, for the GUI.
  const INSPECT_MAX_ENTRIES = 500;
  const INSPECT_PREVIEW = 200;
  function typeOf(value) {
    if (value === null) return 'null';
    if (isArray(value)) return 'array';
    if (typeof value === 'function') {
      const source = functionToString(value);
      const next = source[5];
      const isClass = stringSlice(source, 0, 5) === 'class' && (next === '{' || next <= ' ');
      return isClass ? 'class' : 'function';
    }
    if (typeof value !== 'object') return typeof value;
    const brand = brandOf(value);
    return brand === 'Object' ? 'object' : brand;
  }

  function inspectGlobals(path) {
    let target = globalThis;
    for (let i = 0; i < path.length; i++) {
      const descriptor = target === null ? undefined : ownDescriptor(toObject(target), path[i]);
      if (!descriptor || !('value' in descriptor)) {
        throw new HostError(`no value at ${arrayJoin(path, '.')}`);
      }
      target = descriptor.value;
    }
    const holder = toObject(target);
    const all = ownKeys(holder);
    const keys = newList();
    for (let i = 0; i < all.length; i++) {
      if (path.length > 0 || !setHas(builtinGlobals, all[i])) push(keys, all[i]);
    }
    const entries = newList();
    for (let i = 0; i < keys.length && i < INSPECT_MAX_ENTRIES; i++) {
      const key = keys[i];
      const name = typeof key === 'symbol' ? toText(key) : key;
      const descriptor = ownDescriptor(holder, key);
      if (!descriptor) continue;
      if (!('value' in descriptor)) {
        push(entries, {
          __proto__: null,
          name,
          key: typeof key === 'symbol' ? undefined : key,
          type: 'accessor',
          preview: '[Getter/Setter]',
          expandable: false,
        });
        continue;
      }
      const value = descriptor.value;
      const isObject = (typeof value === 'object' && value !== null) || typeof value === 'function';
      push(entries, {
        __proto__: null,
        name,
        key: typeof key === 'symbol' ? undefined : key,
        type: typeOf(value),
        preview: inspect(value, INSPECT_PREVIEW, true) ?? '[too large to preview]',
        expandable: isObject && ownKeys(value).length > 0,
      });
    }
    return stringify({
      __proto__: null,
      entries,
      more: max(0, keys.length - entries.length),
    });
  }

  /** A host call: anything it throws comes back as "!message" instead of leaving the isolate. */
  function hostCall(fn, args) {
    try {
      return apply(fn, undefined, args);
    } catch (error) {
      return `!${messageOf(error)}`;
    }
  }

  // The run protocol. The host calls begin, runs the entry's script (which calls body), then
  // calls step until it returns the outcome; microtasks drain between these calls, both live and
  // while a snapshot replays the journal, so a replayed run takes exactly the same steps.
  const api = Object.freeze({
    __proto__: null,
    // Only the host knows a run's key, so user code cannot begin, step or end a run itself.
    begin(seed, time, outputLimit, key) {
      if (run.key !== undefined) throw new HostError('a run is in progress');
      return hostCall(() => {
        seedRandom(seed);
        state.clock = max(time, state.clock);
        state.origin ??= state.clock;
        run = newRun(outputLimit);
        run.key = key;
      }, newList());
    },
    body(fn) {
      if (run.key === undefined || run.bodyStarted) throw new HostError('not a run body');
      run.bodyStarted = true;
      const settled = (failed, value) => {
        run.settled = true;
        run.failed = failed;
        if (failed) run.error = value;
        else run.value = value;
      };
      try {
        whenSettled(
          fn(),
          (value) => settled(false, value),
          (error) => settled(true, error),
        );
      } catch (error) {
        settled(true, error);
      }
    },
    /** Top-level declarations of a run become globals, so the next run sees them. */
    declare(names) {
      for (let i = 0; i < names.length; i++) {
        if (names[i] in globalThis) continue;
        defineProperty(globalThis, names[i], {
          __proto__: null,
          value: undefined,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    },
    define(values) {
      assign(globalThis, values);
    },
    /** The current value of a global, for a local that stands in for it during a run. */
    read(name) {
      return globalThis[name];
    },
    /** Ends a run's body: writes back the locals that stand in for globals, returns the value. */
    end(value, values) {
      assign(globalThis, values);
      return value;
    },
    beforeSnapshot,
    afterRestore: () => hostCall(afterRestore, newList()),
    /**
     * The properties at `path` (from the session's own globals down), each with its type, a short
     * preview and whether it has properties of its own. Getters are named, never called. The host
     * calls this in a throwaway copy of the heap, so nothing it touches is kept.
     */
    inspectGlobals: (path) => hostCall(inspectGlobals, [path]),
    /**
     * Fires the next timer and returns 1, or, once the run is over, returns its outcome's
     * fingerprint and the outcome. A replay passes the fingerprint the live run had (and then a
     * differing outcome throws, which aborts the snapshot being made).
     */
    step(key, expected) {
      if (run.key === undefined || key !== run.key)
        throw new HostError('only the host steps a run');
      const answer = hostCall(() => (fireNextTimer() ? 1 : finish()), newList());
      if (
        expected !== undefined &&
        stringSlice(answer, 0, toText(expected).length + 1) !== `${expected} `
      ) {
        throw new HostError("a replayed run's outcome differs from its live run's");
      }
      return answer;
    },
  });
  Object.defineProperty(globalThis, '__mcpi', { value: api });
  // What the prelude defined: the GUI lists a heap's globals without these.
  const builtinGlobals = new P.Set(Reflect.ownKeys(globalThis));
})();
