// @ts-check
// Timers on virtual time: each fires in its own host step, in due order, and moves the clock.
// Part of the runtime (see runtime.js): primordials only, on the host's path.
(() => {
  const MAX_TIME = 8.64e15;
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const {
    apply,
    defineProperty,
    max,
    min,
    newList,
    toNumber,
    promiseResolve,
    promiseThen,
    push,
    record,
    stringify,
  } = P;
  const { state } = S;
  const HostTypeError = TypeError;
  /**
   * Timers on virtual time. Delays below 1 ms become 1 ms, as in Node.
   * @param {Timer['kind']} kind
   * @param {unknown} fn
   * @param {unknown} delay
   * @param {unknown[]} args
   */
  function addTimer(kind, fn, delay, args) {
    if (typeof fn !== 'function') {
      throw new HostTypeError(`The "callback" argument must be a function`);
    }
    const ms = max(kind === 'setImmediate' ? 0 : 1, min(toNumber(delay) || 0, 2 ** 31 - 1));
    /** @type {Timer} */
    const timer = record();
    timer.id = state.nextTimerId++;
    timer.kind = kind;
    timer.fn = /** @type {Timer['fn']} */ (fn);
    timer.args = args;
    timer.delay = ms;
    // Never past the latest time a Date holds: a clock beyond it would make every date invalid.
    timer.due = min(state.clock + ms, MAX_TIME);
    timer.seq = state.timerSeq++;
    push(state.timers, timer);
    return timer.id;
  }
  /** @param {unknown} id */
  function clearTimer(id) {
    const timers = state.timers;
    for (let i = 0; i < timers.length; i++) {
      if (timers[i].id !== id) continue;
      for (let j = i; j < timers.length - 1; j++) timers[j] = timers[j + 1];
      timers.length--;
      return;
    }
  }
  /**
   * `onOk`/`onError` once `promise` settles, without the guest's Promise species or `then`.
   * @type {Shared['whenSettled']}
   */
  function whenSettled(promise, onOk, onError) {
    defineProperty(
      promise,
      'constructor',
      /** @type {PropertyDescriptor} */ ({ __proto__: null, value: undefined }),
    );
    promiseThen(promise, onOk, onError);
  }
  /** @satisfies {GuestTimers} */
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
    if (S.run.settled || S.run.uncaught !== undefined) return false;
    const timer = nextTimer();
    if (!timer) return false;
    state.clock = max(state.clock, timer.due);
    if (timer.kind === 'setInterval') {
      timer.due += timer.delay;
      timer.seq = state.timerSeq++;
    } else {
      clearTimer(timer.id);
    }
    S.run.ticks++;
    try {
      apply(timer.fn, undefined, timer.args);
    } catch (error) {
      S.run.uncaught = { __proto__: null, error, where: timer.kind };
    }
    return true;
  }

  /**
   * The timers still pending, as many as fit in `budget` characters of the answer (300,000 of them
   * must not make a 17 MB answer), and how many did not fit.
   * @type {Shared['pendingTimers']}
   */
  function pendingTimers(budget) {
    /** @type {List<CancelledTimer>} */
    const listed = newList();
    const timers = state.timers;
    let used = 0;
    for (let i = 0; i < timers.length; i++) {
      const timer = timers[i];
      /** @type {CancelledTimer} */
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
  S.addTimer = addTimer;
  S.whenSettled = whenSettled;
  S.fireNextTimer = fireNextTimer;
  S.pendingTimers = pendingTimers;
})();
