// @ts-check
// The deterministic runtime every session starts from: a seeded Math.random, a virtual clock that
// stands still while code runs, timers on virtual time, a captured console, and the run protocol
// the host drives (begin, body, tick, finish). This file is the protocol, and the last of the
// prelude: the other runtime files (run-state.js, snapshot-builtins.js, clock-and-random.js,
// timers.js, effects.js, file-rules.js, files.js, node-fs.js, display.js, progress.js, console.js, outcome.js,
// inspect-globals.js) each hold one concern. It all runs before
// any user code and is part of every heap snapshot; the same calls replay a journal entry exactly.
//
// A run may change any built-in, and the next run's host calls must still work: everything the
// host calls uses only primordials on null-prototype objects, and never throws out of the isolate
// (isolated-vm would format the error's stack through the guest's Error.prepareStackTrace, outside
// any timeout); a failure comes back as a string starting with "!".
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  // Nothing the runtime files shared stays reachable from the global object.
  Reflect.deleteProperty(globalThis, '__mcpiPrimordials');
  Reflect.deleteProperty(globalThis, '__mcpiInspect');
  Reflect.deleteProperty(globalThis, '__mcpiShared');
  const { apply, defineProperty, max, messageOf, newList, push, toText, stringSlice } = P;
  const {
    state,
    newRun,
    beforeSnapshot,
    afterRestore,
    seedRandom,
    whenSettled,
    fireNextTimer,
    effectStep,
    queueAnswers,
    checkAllAnswered,
    importPackage,
    importAll,
    binding,
    finish,
    inspectGlobals,
    connectProgress,
    connectFiles,
    dropFiles,
  } = S;
  const HostError = Error;
  const assign = Object.assign;
  /**
   * A host call: anything it throws comes back as "!message" instead of leaving the isolate.
   * @param {(...args: any[]) => unknown} fn
   * @param {unknown[]} args
   */
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
  const api = Object.freeze(
    /** @satisfies {GuestApi} */ ({
      __proto__: null,
      // Only the host knows a run's key, so user code cannot begin, step or end a run itself.
      begin(seed, time, outputLimit, key) {
        if (S.run.key !== undefined) throw new HostError('a run is in progress');
        return hostCall(() => {
          seedRandom(seed);
          // The clock never goes back within a session: a run starts at the wall-clock time, or
          // where the run its heap came from left the clock (its timers) if that is later.
          state.clock = max(time, state.clock);
          state.origin ??= state.clock;
          S.run = newRun(outputLimit);
          S.run.key = key;
          return state.clock;
        }, newList());
      },
      body(fn) {
        if (S.run.key === undefined || S.run.bodyStarted) throw new HostError('not a run body');
        S.run.bodyStarted = true;
        /** @type {(failed: boolean, value: unknown) => void} */
        const settled = (failed, value) => {
          S.run.settled = true;
          S.run.failed = failed;
          if (failed) S.run.error = value;
          else S.run.value = value;
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
          defineProperty(
            globalThis,
            names[i],
            /** @type {PropertyDescriptor} */ ({
              __proto__: null,
              value: undefined,
              writable: true,
              enumerable: true,
              configurable: true,
            }),
          );
        }
      },
      define(values) {
        assign(globalThis, values);
      },
      /** The current value of a global, for a local that stands in for it during a S.run. */
      read(name) {
        return /** @type {Record<string, unknown>} */ (globalThis)[name];
      },
      /** Ends a run's body: writes back the locals that stand in for globals, returns the value. */
      end(value, values) {
        assign(globalThis, values);
        return value;
      },
      answer(key, groups) {
        if (S.run.key === undefined || key !== S.run.key)
          throw new HostError('only the host answers effects');
        const args = newList();
        push(args, groups);
        return hostCall(queueAnswers, args);
      },
      // Called by snippets, not the host: failures reach the snippet as they are.
      import: importPackage,
      importAll,
      binding,
      // A snapshot holds no file and no connection.
      beforeSnapshot() {
        dropFiles();
        beforeSnapshot();
      },
      afterRestore: () => hostCall(afterRestore, newList()),
      // Only between runs: guest code never runs then, so only the host connects.
      connectProgress(buffer) {
        if (S.run.key !== undefined) throw new HostError('a run is in progress');
        const args = newList();
        push(args, buffer);
        return hostCall(connectProgress, args);
      },
      // Only between runs, as progress: the worker's `tree`, `read` and `done` (files.js).
      connectFiles(ref) {
        if (S.run.key !== undefined) throw new HostError('a run is in progress');
        const args = newList();
        push(args, ref);
        return hostCall(connectFiles, args);
      },
      // Only for the run under way, before its script: what a replay's files are.
      replayFiles(key, json) {
        if (S.run.key === undefined || key !== S.run.key || S.run.bodyStarted) {
          throw new HostError('only the host gives a replay its files');
        }
        S.run.filesReplay = toText(json);
      },
      /**
       * The properties at `path` (from the session's own globals down), each with its type, a short
       * preview and whether it has properties of its own. Getters are named, never called. The host
       * calls this in a throwaway copy of the heap, so nothing it touches is kept.
       */
      inspectGlobals: (path) => hostCall(inspectGlobals, [path]),
      /**
       * Hands the host one kind's effects asked since the last step ("?" and their JSON) or
       * delivers its answers (returns 2); else fires the next timer and returns 1; or, once the
       * run is over, returns its outcome's fingerprint and the outcome. Effects come first: they
       * take no virtual time. A replay passes the fingerprint the live run had (and then a
       * differing outcome throws, which aborts the snapshot being made).
       */
      step(key, expected) {
        if (S.run.key === undefined || key !== S.run.key)
          throw new HostError('only the host steps a run');
        const answer = hostCall(() => {
          const effects = effectStep();
          if (effects !== undefined) return effects;
          if (fireNextTimer()) return 1;
          checkAllAnswered();
          return finish();
        }, newList());
        // A replay's runtime failure (a file its live run did not read) says what it was.
        if (
          expected !== undefined &&
          typeof answer === 'string' &&
          stringSlice(answer, 0, 1) === '!'
        ) {
          throw new HostError(stringSlice(answer, 1));
        }
        if (
          expected !== undefined &&
          stringSlice(answer, 0, toText(expected).length + 1) !== `${expected} `
        ) {
          throw new HostError("a replayed run's outcome differs from its live run's");
        }
        return answer;
      },
    }),
  );
  Object.defineProperty(globalThis, '__mcpi', { value: api });
  // What the prelude defined: the GUI lists a heap's globals without these.
  S.builtinGlobals = new P.Set(Reflect.ownKeys(globalThis));
})();
