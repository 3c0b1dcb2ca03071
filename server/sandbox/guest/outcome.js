// @ts-check
// The end of a run: its value or error rendered, its console, the timers it left, its files
// (files.js), and the fingerprint a replay must reproduce.
// Part of the runtime (see runtime.js): primordials only, on the host's path.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const inspect = globalThis.__mcpiInspect;
  const S = globalThis.__mcpiShared;
  const {
    arrayJoin,
    brandOf,
    errorStack,
    imul,
    messageOf,
    newList,
    push,
    stringify,
    toText,
    stringCharCodeAt,
    stringIndexOf,
    stringSlice,
  } = P;
  const { state, newRun, pendingTimers, endFiles } = S;
  /**
   * The stack without the runtime's own frames.
   * @param {string} stack
   */
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

  /**
   * What was thrown, as the run's error. Reading it can run guest code (getters, a Proxy).
   * @param {unknown} error
   * @returns {GuestFailure}
   */
  function describeError(error) {
    const stack = error !== null && typeof error === 'object' ? errorStack(error) : undefined;
    if (brandOf(error) === 'Error' || stack !== undefined) {
      const name = toText(/** @type {Error} */ (error).name);
      const message = toText(/** @type {Error} */ (error).message);
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

  /**
   * A run whose value or error cannot be rendered (a Proxy trap throws) fails as just that.
   * @param {'value' | 'error'} what
   * @param {unknown} error
   * @returns {GuestFailure}
   */
  function renderFailure(what, error) {
    const message = `the run's ${what} could not be rendered: ${messageOf(error)}`;
    return { __proto__: null, kind: 'render_failed', name: 'RenderFailed', message };
  }

  function finish() {
    /** @type {Outcome} */
    const outcome = {
      __proto__: null,
      console: S.run.console,
      overflow: S.run.overflow,
      cancelledTimers: newList(),
      moreCancelledTimers: 0,
      ticks: S.run.ticks,
    };
    let rendered = 0;
    if (S.run.uncaught !== undefined) {
      try {
        const error = describeError(S.run.uncaught.error);
        error.where = S.run.uncaught.where;
        outcome.error = error;
      } catch (error) {
        outcome.error = renderFailure('error', error);
      }
    } else if (!S.run.settled) {
      outcome.error = { __proto__: null, kind: 'never_settles', name: 'NeverSettles', message: '' };
    } else if (S.run.failed) {
      try {
        outcome.error = describeError(S.run.error);
      } catch (error) {
        outcome.error = renderFailure('error', error);
      }
    } else {
      try {
        const value = inspect(S.run.value, S.run.outputLimit - S.run.outputUsed, true);
        if (value === undefined) outcome.overflow = true;
        else {
          outcome.value = value;
          rendered = value.length;
        }
      } catch (error) {
        outcome.error = renderFailure('value', error);
      }
    }
    const timers = pendingTimers(S.run.outputLimit - S.run.outputUsed - rendered);
    outcome.cancelledTimers = timers.listed;
    outcome.moreCancelledTimers = timers.more;
    state.timers = newList();
    // The run's state goes first, its files with it, whatever their end throws.
    const run = S.run;
    S.run = newRun(0);
    const text = stringify(outcome);
    const files = endFiles(run, outcome.error === undefined);
    return `${fingerprint(files === undefined ? text : text + files)} ${text}`;
  }

  // FNV-1a over the outcome: a replay that renders a different outcome did not rebuild the heap
  // the live run made (it caught a stack overflow or an allocation failure at another point).
  /** @param {string} text */
  function fingerprint(text) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      hash = imul(hash ^ stringCharCodeAt(text, i), 0x01000193) >>> 0;
    }
    return hash;
  }
  S.finish = finish;
})();
