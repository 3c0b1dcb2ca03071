// @ts-check
// progress(done, total?, message?): a run tells whoever waits for it how far it got. Progress is
// output, not input: nothing of it enters the heap's state or the journal. The newest value is
// written into memory the host shares with this isolate (the layout is run-progress.ts's), which
// the host reads at its own pace, so a million calls cost a million small writes and never a
// message each. A heap the host has not connected (a replay, a restore, a snapshot being made)
// takes the call and drops it.
// Part of the runtime (see runtime.js): primordials only, on the host's path.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const { atomicsAdd, stringCharCodeAt, stringSlice } = P;
  const GuestTypeError = TypeError;
  // The layout, shared with server/sandbox/run-progress.ts.
  const MESSAGE_CHARS = 200;
  const HEADER_BYTES = 32;

  /**
   * The live heap's progress memory; undefined until the host connects it.
   * @type {{ __proto__: null, seq: Int32Array, numbers: Float64Array, text: Uint16Array } | undefined}
   */
  let shared;
  /**
   * The message written last: a loop that passes the same one writes it once.
   * @type {string | undefined}
   */
  let written;

  /** @param {unknown} value */
  const isCount = (value) => typeof value === 'number' && value - value === 0 && value >= 0;

  /**
   * @param {unknown} done
   * @param {unknown} [total]
   * @param {unknown} [message]
   * @returns {undefined}
   */
  function progress(done, total, message) {
    // typeof reads no getter and calls no valueOf: a Number or String object is refused too.
    if (!isCount(done)) throw new GuestTypeError('progress(): done must be a finite number >= 0');
    if (total !== undefined && !isCount(total)) {
      throw new GuestTypeError('progress(): total must be a finite number >= 0, or undefined');
    }
    if (message !== undefined && typeof message !== 'string') {
      throw new GuestTypeError('progress(): message must be a string, or undefined');
    }
    if (shared === undefined) return undefined;
    const { seq, numbers, text } = shared;
    // A sequence lock: odd while writing, so the host never reads half a value.
    atomicsAdd(seq, 0, 1);
    numbers[1] = /** @type {number} */ (done);
    numbers[2] = total === undefined ? -1 : /** @type {number} */ (total);
    if (message !== written) {
      const cut = message === undefined ? '' : stringSlice(message, 0, MESSAGE_CHARS);
      for (let i = 0; i < cut.length; i++) text[i] = stringCharCodeAt(cut, i);
      seq[1] = message === undefined ? -1 : cut.length;
      written = message;
    }
    atomicsAdd(seq, 0, 1);
    return undefined;
  }

  /** @param {SharedArrayBuffer} buffer */
  S.connectProgress = (buffer) => {
    shared = {
      __proto__: null,
      seq: new P.Int32Array(buffer, 0, 2),
      numbers: new P.Float64Array(buffer, 0, 3),
      text: new P.Uint16Array(buffer, HEADER_BYTES, MESSAGE_CHARS),
    };
    shared.seq[1] = -1;
    written = undefined;
  };

  Object.defineProperty(globalThis, 'progress', {
    value: /** @satisfies {GuestProgress} */ (progress),
    writable: true,
    configurable: true,
  });
})();
