// @ts-check
// What the GUI sees of a heap: its own globals (or the properties at a path below them), each
// with its type and a short preview. Getters are named, never called.
// Part of the runtime (see runtime.js): primordials only, on the host's path.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const inspect = globalThis.__mcpiInspect;
  const S = globalThis.__mcpiShared;
  const {
    arrayJoin,
    brandOf,
    functionToString,
    isArray,
    max,
    newList,
    ownDescriptor,
    ownKeys,
    push,
    setHas,
    stringify,
    toText,
    stringSlice,
  } = P;
  const HostError = Error;
  const toObject = Object;
  // What inspectGlobals shows of a heap, for the GUI.
  const INSPECT_MAX_ENTRIES = 500;
  const INSPECT_PREVIEW = 200;
  /** @param {unknown} value */
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

  /** @param {PropertyKey[]} path */
  function inspectGlobals(path) {
    /** @type {unknown} */
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
    /** @type {List<PropertyKey>} */
    const keys = newList();
    for (let i = 0; i < all.length; i++) {
      if (path.length > 0 || !setHas(S.builtinGlobals, all[i])) push(keys, all[i]);
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
  S.inspectGlobals = inspectGlobals;
})();
