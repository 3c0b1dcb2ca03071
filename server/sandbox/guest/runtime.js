// The deterministic runtime every session starts from: a seeded Math.random, a virtual clock that
// stands still while code runs, timers on virtual time, a captured console, and the run protocol
// the host drives (begin, body, tick, finish). It runs after inspect.js, before any user code, and
// is part of every heap snapshot; the same calls replay a journal entry exactly.
(() => {
  const inspect = globalThis.__mcpiInspect;
  delete globalThis.__mcpiInspect;
  // What these see depends on when the garbage collector ran, which a replay cannot repeat.
  delete globalThis.WeakRef;
  delete globalThis.FinalizationRegistry;

  const then = Promise.prototype.then;
  const stringify = JSON.stringify;
  const assign = Object.assign;
  const imul = Math.imul;
  const { defineProperty, deleteProperty, getOwnPropertyDescriptor, isExtensible } = Reflect;

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
  let stashed = [];
  // Only the restore that follows a snapshot puts them back (a call from a run does nothing).
  let restorePending = false;
  function beforeSnapshot() {
    restorePending = true;
    stashed = reinstalled.map(([holder, key]) => {
      const name = typeof key === 'symbol' ? key.description : key;
      if (!isExtensible(holder)) {
        throw new TypeError(`a heap where the holder of ${name} is frozen cannot be snapshotted`);
      }
      const descriptor = getOwnPropertyDescriptor(holder, key);
      if (descriptor && !deleteProperty(holder, key)) {
        throw new TypeError(`a heap where ${name} cannot be deleted cannot be snapshotted`);
      }
      return descriptor;
    });
  }
  function afterRestore() {
    if (!restorePending) return;
    restorePending = false;
    for (const [index, [holder, key]] of reinstalled.entries()) {
      deleteProperty(holder, key);
      if (stashed[index]) defineProperty(holder, key, stashed[index]);
    }
    stashed = [];
  }
  const RealDate = Date;

  const state = {
    clock: 0,
    origin: undefined,
    rng: [0, 0, 0, 0],
    timers: [],
    nextTimerId: 1,
    timerSeq: 0,
  };
  let run = newRun(0);

  function newRun(outputLimit) {
    return {
      outputLimit,
      outputUsed: 0,
      overflow: false,
      console: [],
      groupIndent: '',
      counts: new Map(),
      timeMarks: new Map(),
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
    if (!new.target) return new RealDate(state.clock).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [state.clock] : args, new.target);
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
  const formatGetter = Object.getOwnPropertyDescriptor(dateTimeFormat, 'format').get;
  Object.defineProperty(dateTimeFormat, 'format', {
    get() {
      const format = formatGetter.call(this);
      return (date) => format(date === undefined ? state.clock : date);
    },
    configurable: true,
  });
  const formatToParts = dateTimeFormat.formatToParts;
  Object.defineProperty(dateTimeFormat, 'formatToParts', {
    value: function formatToPartsAt(date) {
      return formatToParts.call(this, date === undefined ? state.clock : date);
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
    if (typeof fn !== 'function') throw new TypeError(`The "callback" argument must be a function`);
    const ms = Math.max(kind === 'setImmediate' ? 0 : 1, Math.min(Number(delay) || 0, 2 ** 31 - 1));
    const timer = {
      id: state.nextTimerId++,
      kind,
      fn,
      args,
      delay: ms,
      due: state.clock + ms,
      seq: state.timerSeq++,
    };
    state.timers.push(timer);
    return timer.id;
  }
  function clearTimer(id) {
    const index = state.timers.findIndex((timer) => timer.id === id);
    if (index !== -1) state.timers.splice(index, 1);
  }
  const globals = {
    setTimeout: (fn, delay, ...args) => addTimer('setTimeout', fn, delay, args),
    setInterval: (fn, delay, ...args) => addTimer('setInterval', fn, delay, args),
    setImmediate: (fn, ...args) => addTimer('setImmediate', fn, 0, args),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    clearImmediate: clearTimer,
    queueMicrotask: (fn) => {
      then.call(Promise.resolve(), () => fn());
    },
  };
  for (const [name, fn] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value: fn, writable: true, configurable: true });
  }

  // console.* captured with its level, bounded by the run's output limit.
  function emit(level, args) {
    if (run.overflow) return;
    let text;
    const first = args[0];
    if (typeof first === 'string' && first.includes('%') && args.length > 1) {
      let rest = 1;
      text = first.replace(/%[sdifjoOc%]/g, (spec) => {
        if (spec === '%%') return '%';
        if (rest >= args.length) return spec;
        const arg = args[rest++];
        if (spec === '%s' && typeof arg === 'string') return arg;
        if (spec === '%d' || spec === '%i') {
          const n = Number(arg);
          return String(spec === '%i' ? Math.trunc(n) : n);
        }
        if (spec === '%f') return String(Number.parseFloat(arg));
        if (spec === '%j') return JSON.stringify(arg);
        if (spec === '%c') return '';
        const rendered = inspect(arg, run.outputLimit, true);
        if (rendered === undefined) run.overflow = true;
        return rendered ?? '';
      });
      if (run.overflow) return;
      args = args.slice(rest);
      if (args.length) text += ' ';
    } else {
      text = '';
    }
    const budget = run.outputLimit - run.outputUsed;
    const rendered = args.map((arg) => inspect(arg, budget, false));
    if (rendered.includes(undefined)) {
      run.overflow = true;
      return;
    }
    text = run.groupIndent + text + rendered.join(' ');
    if (run.groupIndent) text = text.replace(/\n/g, `\n${run.groupIndent}`);
    run.outputUsed += text.length + level.length;
    if (run.outputUsed > run.outputLimit) {
      run.overflow = true;
      return;
    }
    run.console.push({ level, text });
  }
  const label = (value) => (value === undefined ? 'default' : String(value));
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
      if (!ok) emit('error', ['Assertion failed', ...args]);
    },
    group: (...args) => {
      if (args.length) emit('log', args);
      run.groupIndent += '  ';
    },
    groupEnd: () => {
      run.groupIndent = run.groupIndent.slice(2);
    },
    count: (name) => {
      const key = label(name);
      const count = (run.counts.get(key) ?? 0) + 1;
      run.counts.set(key, count);
      emit('log', [`${key}: ${count}`]);
    },
    countReset: (name) => run.counts.delete(label(name)),
    time: (name) => run.timeMarks.set(label(name), state.clock),
    timeLog: (name, ...args) => {
      const key = label(name);
      emit('log', [`${key}: ${state.clock - (run.timeMarks.get(key) ?? state.clock)}ms`, ...args]);
    },
    timeEnd: (name) => {
      console.timeLog(name);
      run.timeMarks.delete(label(name));
    },
  };
  console.groupCollapsed = console.group;
  Object.defineProperty(globalThis, 'console', {
    value: console,
    writable: true,
    configurable: true,
  });

  function describeError(error) {
    if (error instanceof Error || (error && typeof error.stack === 'string')) {
      let stack = String(error.stack ?? error);
      stack = stack
        .split('\n')
        .filter((line) => !/mcp-isolate:/.test(line))
        .join('\n');
      return { name: String(error.name), message: String(error.message), stack };
    }
    const text = inspect(error, 10000, true) ?? '[unrenderable value]';
    return { name: 'Uncaught', message: text, stack: `Uncaught ${text}` };
  }

  function nextTimer() {
    let best;
    for (const timer of state.timers) {
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
    state.clock = Math.max(state.clock, timer.due);
    if (timer.kind === 'setInterval') {
      timer.due += timer.delay;
      timer.seq = state.timerSeq++;
    } else {
      clearTimer(timer.id);
    }
    run.ticks++;
    try {
      timer.fn(...timer.args);
    } catch (error) {
      run.uncaught = { error, where: timer.kind };
    }
    return true;
  }

  function finish() {
    const pending = state.timers.map((timer) => ({
      id: timer.id,
      kind: timer.kind,
      delay: timer.delay,
      dueIn: timer.due - state.clock,
    }));
    state.timers = [];
    const outcome = {
      console: run.console,
      overflow: run.overflow,
      cancelledTimers: pending,
      ticks: run.ticks,
    };
    if (run.uncaught !== undefined) {
      outcome.error = { ...describeError(run.uncaught.error), where: run.uncaught.where };
    } else if (!run.settled) {
      outcome.error = { name: 'NeverSettles', message: '' };
    } else if (run.failed) {
      outcome.error = describeError(run.error);
    } else {
      const value = inspect(run.value, run.outputLimit - run.outputUsed, true);
      if (value === undefined) outcome.overflow = true;
      else outcome.value = value;
    }
    run = newRun(0);
    const text = stringify(outcome);
    return `${fingerprint(text)} ${text}`;
  }

  // FNV-1a over the outcome: a replay that renders a different outcome did not rebuild the heap
  // the live run made (it caught a stack overflow or an allocation failure at another point).
  function fingerprint(text) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return hash;
  }

  // What inspectGlobals shows of a heap, for the GUI.
  const INSPECT_MAX_ENTRIES = 500;
  const INSPECT_PREVIEW = 200;
  function typeOf(value) {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'array';
    if (typeof value === 'function') {
      return /^class[\s{]/.test(Function.prototype.toString.call(value)) ? 'class' : 'function';
    }
    if (typeof value !== 'object') return typeof value;
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    return tag === 'Object' ? 'object' : tag;
  }

  // The run protocol. The host calls begin, runs the entry's script (which calls body), then
  // calls step until it returns the outcome; microtasks drain between these calls, both live and
  // while a snapshot replays the journal, so a replayed run takes exactly the same steps.
  const api = Object.freeze({
    // Only the host knows a run's key, so user code cannot begin, step or end a run itself.
    begin(seed, time, outputLimit, key) {
      if (run.key !== undefined) throw new Error('a run is in progress');
      seedRandom(seed);
      state.clock = Math.max(time, state.clock);
      state.origin ??= state.clock;
      run = newRun(outputLimit);
      run.key = key;
    },
    body(fn) {
      if (run.key === undefined || run.bodyStarted) throw new Error('not a run body');
      run.bodyStarted = true;
      then.call(
        fn(),
        (value) => {
          run.settled = true;
          run.value = value;
        },
        (error) => {
          run.settled = true;
          run.failed = true;
          run.error = error;
        },
      );
    },
    /** Top-level declarations of a run become globals, so the next run sees them. */
    declare(names) {
      for (const name of names) {
        if (!(name in globalThis)) globalThis[name] = undefined;
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
    afterRestore,
    /**
     * The properties at `path` (from the session's own globals down), each with its type, a short
     * preview and whether it has properties of its own. Getters are named, never called. The host
     * calls this in a throwaway copy of the heap, so nothing it touches is kept.
     */
    inspectGlobals(path) {
      let target = globalThis;
      for (const key of path) {
        const descriptor =
          target === null ? undefined : getOwnPropertyDescriptor(Object(target), key);
        if (!descriptor || !('value' in descriptor))
          throw new Error(`no value at ${path.join('.')}`);
        target = descriptor.value;
      }
      const holder = Object(target);
      const keys = Reflect.ownKeys(holder).filter(
        (key) => path.length > 0 || !builtinGlobals.has(key),
      );
      const entries = keys.slice(0, INSPECT_MAX_ENTRIES).map((key) => {
        const name = typeof key === 'symbol' ? key.toString() : key;
        const descriptor = getOwnPropertyDescriptor(holder, key);
        if (!('value' in descriptor)) {
          return {
            name,
            key: typeof key === 'symbol' ? undefined : key,
            type: 'accessor',
            preview: '[Getter/Setter]',
            expandable: false,
          };
        }
        const value = descriptor.value;
        const isObject =
          (typeof value === 'object' && value !== null) || typeof value === 'function';
        return {
          name,
          key: typeof key === 'symbol' ? undefined : key,
          type: typeOf(value),
          preview: inspect(value, INSPECT_PREVIEW, true) ?? '[too large to preview]',
          expandable: isObject && Reflect.ownKeys(value).length > 0,
        };
      });
      return stringify({ entries, more: Math.max(0, keys.length - entries.length) });
    },
    /**
     * Fires the next timer and returns 1, or, once the run is over, returns its outcome's
     * fingerprint and the outcome. A replay passes the fingerprint the live run had.
     */
    step(key, expected) {
      if (run.key === undefined || key !== run.key) throw new Error('only the host steps a run');
      if (fireNextTimer()) return 1;
      const answer = finish();
      if (expected !== undefined && !answer.startsWith(`${expected} `)) {
        throw new Error("a replayed run's outcome differs from its live run's");
      }
      return answer;
    },
  });
  Object.defineProperty(globalThis, '__mcpi', { value: api });
  // What the prelude defined: the GUI lists a heap's globals without these.
  const builtinGlobals = new Set(Reflect.ownKeys(globalThis));
})();
