// @ts-check
// A seeded Math.random, and a virtual clock that stands still while code runs: Date, Intl
// and performance read it; only timers move it.
// Part of the runtime (see runtime.js): primordials only, on the host's path.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const { construct, dateToString, intlFormatGetter, intlFormatToParts } = P;
  const { state } = S;
  // sfc32: small, fast, and good enough for Math.random; seeded per journal entry.
  /** @param {number} seed */
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

  const RealDate = Date;

  // The virtual clock: Date and performance read it; only timers move it.
  /** @param {unknown[]} args */
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
      return (/** @type {Date | number | undefined} */ date) =>
        format(date === undefined ? state.clock : date);
    },
    configurable: true,
  });
  Object.defineProperty(dateTimeFormat, 'formatToParts', {
    /**
     * @this {Intl.DateTimeFormat}
     * @param {Date | number | undefined} date
     */
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
  S.seedRandom = seedRandom;
  S.nextRandom = nextRandom;
})();
