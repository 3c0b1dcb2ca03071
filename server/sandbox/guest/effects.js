// @ts-check
// The effect channel: how the guest asks the host for anything from outside (a fetch, an
// import). A kind's API file (fetch.js, packages.js) registers the kind and asks through here; the
// channel keeps, per kind, the run's pending requests and the host's answers. At a step the first
// kind with pending requests (in registration order: fetch, then import) either hands the host
// its requests ("?" and JSON {kind, requests}) or, once the host answered, gets them settled from
// its next batch of answers (the step answers 2). Replay hands every recorded batch before the
// run, so the same steps settle the same requests with the same answers, and a request that
// differs from the recorded one is a determinism failure. Effects take no virtual time: pending
// requests always settle before the next timer. All of it is the host's path (primordials only).
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const { newList, push, record, stringify } = P;
  const HostError = Error;

  /** The kinds in registration order: a step serves them in it. @type {List<EffectKind>} */
  const kinds = newList();

  /** @type {Shared['registerEffect']} */
  function registerEffect(kind) {
    push(kinds, kind);
  }

  /**
   * The run's pending requests and answers of kind `index`, made at its first use in a run.
   * @param {number} index
   */
  function laneOf(index) {
    let lane = S.run.effects[index];
    if (lane === undefined) {
      /** @type {EffectLane} */
      const made = record();
      made.pending = newList();
      made.answers = newList();
      made.delivered = 0;
      S.run.effects[index] = lane = made;
    }
    return lane;
  }

  /** @param {string} name */
  function indexOf(name) {
    for (let i = 0; i < kinds.length; i++) if (kinds[i].name === name) return i;
    throw new HostError(`no effect kind ${name}`);
  }

  /** @type {Shared['askEffect']} */
  function askEffect(name, pending) {
    const list = laneOf(indexOf(name)).pending;
    push(list, pending);
    // Withdrawn from the list it was put in: once a step took it, it is no longer there.
    return () => {
      for (let i = 0; i < list.length; i++) {
        if (list[i] !== pending) continue;
        for (let j = i; j < list.length - 1; j++) list[j] = list[j + 1];
        list.length--;
        return true;
      }
      return false;
    };
  }

  /**
   * The effects' part of a step: the first kind's requests for the host ("?" and JSON), or 2 once
   * its answers were delivered; undefined when no request waits.
   * @type {Shared['effectStep']}
   */
  function effectStep() {
    const run = S.run;
    if (run.settled || run.uncaught !== undefined) return undefined;
    for (let k = 0; k < kinds.length; k++) {
      const lane = run.effects[k];
      if (lane === undefined || lane.pending.length === 0) continue;
      const kind = kinds[k];
      if (lane.delivered === lane.answers.length) {
        const requests = newList();
        for (let i = 0; i < lane.pending.length; i++) push(requests, kind.request(lane.pending[i]));
        /** @type {EffectRequests} */
        const asked = record();
        asked.kind = kind.name;
        asked.requests = requests;
        return `?${stringify(asked)}`;
      }
      const batch = lane.answers[lane.delivered];
      // Delivered once: the answers (bodies, sources) need not stay in the heap.
      lane.answers[lane.delivered++] = newList();
      const pending = lane.pending;
      lane.pending = newList();
      if (batch.length !== pending.length) {
        throw new HostError(kind.countDiffers(pending.length, batch.length));
      }
      for (let i = 0; i < pending.length; i++) {
        const differs = kind.differs(pending[i], batch[i]);
        if (differs !== undefined) throw new HostError(differs);
      }
      for (let i = 0; i < pending.length; i++) kind.settle(pending[i], batch[i]);
      return 2;
    }
    return undefined;
  }

  /**
   * Queues the host's answers: live, a kind's batch after each "?"; in replay, every recorded
   * batch of every kind before the run.
   * @type {Shared['queueAnswers']}
   */
  function queueAnswers(groups) {
    for (let g = 0; g < groups.length; g++) {
      const lane = laneOf(indexOf(groups[g].kind));
      const answers = groups[g].answers;
      for (let i = 0; i < answers.length; i++) push(lane.answers, answers[i]);
    }
  }

  /**
   * Throws when a replay ends with recorded answers it never took: it asked for less than its
   * live run did.
   * @type {Shared['checkAllAnswered']}
   */
  function checkAllAnswered() {
    for (let k = 0; k < kinds.length; k++) {
      const lane = S.run.effects[k];
      if (lane !== undefined && lane.answers.length > lane.delivered) {
        throw new HostError(kinds[k].fewer);
      }
    }
  }

  S.registerEffect = registerEffect;
  S.askEffect = askEffect;
  S.effectStep = effectStep;
  S.queueAnswers = queueAnswers;
  S.checkAllAnswered = checkAllAnswered;
})();
