// @ts-check
// console.* captured with its level, formatted like Node's, bounded by the run's output limit.
// Part of the runtime (see runtime.js): primordials only, on the host's path.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const inspect = globalThis.__mcpiInspect;
  const S = globalThis.__mcpiShared;
  const {
    arrayJoin,
    mapDelete,
    mapGet,
    mapSet,
    newList,
    toNumber,
    toFloat,
    push,
    record,
    replaceText,
    stringify,
    toText,
    stringIndexOf,
    stringSlice,
    trunc,
  } = P;
  const { state } = S;
  /**
   * printf-style `%s %d %i %f %j %o %O %c %%` in a console call's first argument.
   * @param {string} first
   * @param {unknown[]} args
   */
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
        const rendered = inspect(arg, S.run.outputLimit, true);
        if (rendered === undefined) S.run.overflow = true;
        text += rendered ?? '';
      }
    }
    return { __proto__: null, text: text + stringSlice(first, at), rest };
  }

  /**
   * console.* captured with its level, bounded by the run's output limit.
   * @param {string} level
   * @param {unknown[]} args
   */
  function emit(level, args) {
    if (S.run.overflow) return;
    let text = '';
    let from = 0;
    const first = args[0];
    if (typeof first === 'string' && stringIndexOf(first, '%') !== -1 && args.length > 1) {
      const formatted = format(first, args);
      if (S.run.overflow) return;
      text = formatted.text;
      from = formatted.rest;
      if (from < args.length) text += ' ';
    }
    const budget = S.run.outputLimit - S.run.outputUsed;
    /** @type {List<string>} */
    const rendered = newList();
    for (let i = from; i < args.length; i++) {
      const one = inspect(args[i], budget, false);
      if (one === undefined) {
        S.run.overflow = true;
        return;
      }
      push(rendered, one);
    }
    text = S.run.groupIndent + text + arrayJoin(rendered, ' ');
    if (S.run.groupIndent) text = replaceText(text, '\n', `\n${S.run.groupIndent}`);
    S.run.outputUsed += text.length + level.length;
    if (S.run.outputUsed > S.run.outputLimit) {
      S.run.overflow = true;
      return;
    }
    /** @type {ConsoleLine} */
    const line = record();
    line.level = level;
    line.text = text;
    push(S.run.console, line);
  }
  /** @param {unknown} value */
  const label = (value) => (value === undefined ? 'default' : toText(value));
  /** @param {unknown[]} args */
  const group = (...args) => {
    if (args.length) emit('log', args);
    S.run.groupIndent += '  ';
  };
  /** @satisfies {GuestConsole} */
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
    group,
    groupEnd: () => {
      S.run.groupIndent = stringSlice(S.run.groupIndent, 2);
    },
    count: (name) => {
      const key = label(name);
      const count = (mapGet(S.run.counts, key) ?? 0) + 1;
      mapSet(S.run.counts, key, count);
      emit('log', [`${key}: ${count}`]);
    },
    countReset: (name) => mapDelete(S.run.counts, label(name)),
    time: (name) => mapSet(S.run.timeMarks, label(name), state.clock),
    timeLog: (name, ...args) => {
      const key = label(name);
      const all = newList();
      push(all, `${key}: ${state.clock - (mapGet(S.run.timeMarks, key) ?? state.clock)}ms`);
      for (let i = 0; i < args.length; i++) push(all, args[i]);
      emit('log', all);
    },
    timeEnd: (name) => {
      const key = label(name);
      emit('log', [`${key}: ${state.clock - (mapGet(S.run.timeMarks, key) ?? state.clock)}ms`]);
      mapDelete(S.run.timeMarks, key);
    },
    groupCollapsed: group,
  };
  Object.defineProperty(globalThis, 'console', {
    value: console,
    writable: true,
    configurable: true,
  });
})();
