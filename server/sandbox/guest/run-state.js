// @ts-check
// The state the runtime files share: the session's (virtual clock, random generator, timers)
// and the current run's (console, value, error); and what no run may see.
// Part of the runtime (see runtime.js): primordials only, on the host's path.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const { newList } = P;
  // What these see depends on when the garbage collector ran, which a replay cannot repeat.
  Reflect.deleteProperty(globalThis, 'WeakRef');
  Reflect.deleteProperty(globalThis, 'FinalizationRegistry');

  /** @type {SessionState} */
  const state = {
    __proto__: null,
    clock: 0,
    origin: undefined,
    rng: [0, 0, 0, 0],
    timers: newList(),
    nextTimerId: 1,
    timerSeq: 0,
    modules: new P.Map(),
    bundles: new P.Map(),
  };

  /**
   * @param {number} outputLimit
   * @returns {RunState}
   */
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
      effects: newList(),
      files: undefined,
      filesReplay: undefined,
      filesFailure: undefined,
    };
  }
  // Shared by the runtime's files until runtime.js, the last, takes it off the global object.
  // The rest of Shared (guest-api.d.ts) is added by the files that follow.
  const S = /** @type {Shared} */ ({ __proto__: null, state, run: newRun(0), newRun });
  Object.defineProperty(globalThis, '__mcpiShared', { value: S, configurable: true });
})();
