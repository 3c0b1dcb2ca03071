// @ts-check
// The built-ins the runtime and the inspector use, taken before any guest code runs. A guest can
// replace any global, prototype method, getter or iterator, or put an accessor on
// Object.prototype; the host's calls into the isolate (begin, step, finish, inspection) must not
// meet any of that, so they call only these, through Reflect.apply, on null-prototype objects.
// Things to avoid on those paths, since each reaches a guest-writable built-in: for...of and
// spread (iterators), destructuring arrays, Array methods that make arrays (species), regular
// expressions and String#replace/split (Symbol.replace, exec), `instanceof`, writing to an
// ordinary object (setters on its prototype), and template literals of anything but primitives.
(() => {
  const { apply, getOwnPropertyDescriptor, getPrototypeOf, setPrototypeOf } = Reflect;
  const toStringTag = Symbol.toStringTag;
  /**
   * `fn` as a plain function of (this, ...args).
   * @param {Function} fn
   * @returns {(self: any, ...args: any[]) => any}
   */
  const uncurry =
    (fn) =>
    (self, ...args) =>
      apply(fn, self, args);
  /**
   * An accessor's getter as a plain function of its holder.
   * @param {object} holder
   * @param {PropertyKey} key
   */
  const getter = (holder, key) =>
    uncurry(
      /** @type {Function} */ (
        /** @type {PropertyDescriptor} */ (getOwnPropertyDescriptor(holder, key)).get
      ),
    );
  const typedArray = /** @type {object} */ (getPrototypeOf(Uint8Array.prototype));
  const dataView = DataView.prototype;
  const mapIterator = /** @type {Iterator<unknown>} */ (getPrototypeOf(new Map().entries()));
  const setIterator = /** @type {Iterator<unknown>} */ (getPrototypeOf(new Set().values()));

  // Checked against Primordials (guest-api.d.ts); the rest of it is added below, from these.
  const primordials = /** @type {Primordials} */ (
    /** @type {unknown} */ (
      /** @satisfies {Partial<Primordials>} */ ({
        __proto__: null,
        apply,
        construct: Reflect.construct,
        defineProperty: Reflect.defineProperty,
        deleteProperty: Reflect.deleteProperty,
        getPrototypeOf,
        isExtensible: Reflect.isExtensible,
        ownKeys: Reflect.ownKeys,
        objectIs: Object.is,
        hasOwn: Object.hasOwn,
        isArray: Array.isArray,
        toText: String,
        toNumber: Number,
        numberIsNaN: Number.isNaN,
        // parseFloat turns any argument into a string first.
        toFloat: /** @type {(value: unknown) => number} */ (Number.parseFloat),
        max: Math.max,
        min: Math.min,
        trunc: Math.trunc,
        imul: Math.imul,
        stringify: JSON.stringify,
        Map,
        Set,
        Promise,
        promiseResolve: uncurry(Promise.resolve),
        promiseThen: uncurry(Promise.prototype.then),
        mapGet: uncurry(Map.prototype.get),
        mapSet: uncurry(Map.prototype.set),
        mapDelete: uncurry(Map.prototype.delete),
        mapSize: getter(Map.prototype, 'size'),
        mapEntries: uncurry(Map.prototype.entries),
        mapIteratorNext: uncurry(mapIterator.next),
        setHas: uncurry(Set.prototype.has),
        setSize: getter(Set.prototype, 'size'),
        setValues: uncurry(Set.prototype.values),
        setIteratorNext: uncurry(setIterator.next),
        weakMapHas: uncurry(WeakMap.prototype.has),
        weakSetHas: uncurry(WeakSet.prototype.has),
        arrayBufferByteLength: getter(ArrayBuffer.prototype, 'byteLength'),
        typedArrayLength: getter(typedArray, 'length'),
        // Which kind of typed array, by its brand; undefined for anything else.
        typedArrayName: getter(typedArray, toStringTag),
        typedArrayBuffer: getter(typedArray, 'buffer'),
        typedArrayByteOffset: getter(typedArray, 'byteOffset'),
        typedArrayByteLength: getter(typedArray, 'byteLength'),
        dataViewBuffer: getter(dataView, 'buffer'),
        dataViewByteOffset: getter(dataView, 'byteOffset'),
        dataViewByteLength: getter(dataView, 'byteLength'),
        // Index reads and writes of a typed array meet no prototype, and its constructor reads
        // nothing a guest can change: the runtime's bytes are these.
        Uint8Array,
        Uint16Array,
        Int32Array,
        Float64Array,
        atomicsAdd: Atomics.add,
        fromCharCode: String.fromCharCode,
        arrayIncludes: uncurry(Array.prototype.includes),
        arrayJoin: uncurry(Array.prototype.join),
        stringSlice: uncurry(String.prototype.slice),
        stringIndexOf: uncurry(String.prototype.indexOf),
        stringIsWellFormed: uncurry(String.prototype.isWellFormed),
        stringCharCodeAt: uncurry(String.prototype.charCodeAt),
        stringPadStart: uncurry(String.prototype.padStart),
        stringValueOf: uncurry(String.prototype.valueOf),
        numberValueOf: uncurry(Number.prototype.valueOf),
        numberToString: uncurry(Number.prototype.toString),
        booleanValueOf: uncurry(Boolean.prototype.valueOf),
        bigintValueOf: uncurry(BigInt.prototype.valueOf),
        symbolValueOf: uncurry(Symbol.prototype.valueOf),
        symbolDescription: getter(Symbol.prototype, 'description'),
        functionToString: uncurry(Function.prototype.toString),
        objectToString: uncurry(Object.prototype.toString),
        dateGetTime: uncurry(Date.prototype.getTime),
        dateToISOString: uncurry(Date.prototype.toISOString),
        dateToString: uncurry(Date.prototype.toString),
        regExpSource: getter(RegExp.prototype, 'source'),
        regExpFlags: [
          ['d', getter(RegExp.prototype, 'hasIndices')],
          ['g', getter(RegExp.prototype, 'global')],
          ['i', getter(RegExp.prototype, 'ignoreCase')],
          ['m', getter(RegExp.prototype, 'multiline')],
          ['s', getter(RegExp.prototype, 'dotAll')],
          ['u', getter(RegExp.prototype, 'unicode')],
          ['v', getter(RegExp.prototype, 'unicodeSets')],
          ['y', getter(RegExp.prototype, 'sticky')],
        ],
        intlFormatGetter: getter(Intl.DateTimeFormat.prototype, 'format'),
        intlFormatToParts: uncurry(Intl.DateTimeFormat.prototype.formatToParts),
      })
    )
  );

  const {
    arrayBufferByteLength,
    booleanValueOf,
    bigintValueOf,
    dateGetTime,
    isArray,
    mapSize,
    numberValueOf,
    objectToString,
    regExpSource,
    setSize,
    stringIndexOf,
    stringSlice,
    stringValueOf,
    symbolValueOf,
    typedArrayLength,
    weakMapHas,
    weakSetHas,
  } = primordials;

  // A null-prototype literal makes a slow dictionary object (three times the memory of 300,000
  // timers); a Record's prototype is a frozen, empty null-prototype object, so its reads and
  // writes meet nothing a guest can change and V8 keeps it fast.
  /** @constructor */
  function Record() {}
  Record.prototype = Object.freeze(Object.create(null));
  /** An empty object for the runtime's many small records (timers, console lines). */
  primordials.record = () => new /** @type {any} */ (Record)();
  /** An own property's descriptor, as an object whose reads meet no prototype. */
  primordials.ownDescriptor = (holder, key) => {
    const descriptor = getOwnPropertyDescriptor(holder, key);
    if (descriptor) setPrototypeOf(descriptor, null);
    return descriptor;
  };
  // V8 gives each error an own `stack` accessor; only this getter is V8's own formatting.
  const v8StackGetter = getOwnPropertyDescriptor(new Error(), 'stack')?.get;
  /** An error's stack as V8 formats it (through Error.prepareStackTrace), else undefined. */
  primordials.errorStack = (error) => {
    const descriptor = primordials.ownDescriptor(error, 'stack');
    if (!descriptor) return undefined;
    const stack =
      descriptor.get !== undefined && descriptor.get === v8StackGetter
        ? apply(v8StackGetter, error, [])
        : descriptor.value;
    return typeof stack === 'string' ? stack : undefined;
  };
  /** A new array whose writes and reads meet no prototype. */
  primordials.newList = () => {
    /** @type {any[]} */
    const list = [];
    setPrototypeOf(list, null);
    return list;
  };
  primordials.push = (list, item) => {
    list[list.length] = item;
  };
  /** Every `from` in `text` replaced by `to`, without String#replace (Symbol.replace). */
  primordials.replaceText = (text, from, to) => {
    let out = '';
    let at = 0;
    for (;;) {
      const found = stringIndexOf(text, from, at);
      if (found === -1) return out + stringSlice(text, at);
      out += stringSlice(text, at, found) + to;
      at = found + from.length;
    }
  };
  /**
   * Whether `check`, a brand-checking built-in, accepts `value` as its receiver.
   * @param {(self: unknown, arg: unknown) => unknown} check
   * @param {unknown} value
   */
  const is = (check, value) => {
    try {
      check(value, value);
      return true;
    } catch {
      return false;
    }
  };
  /**
   * Whether `value` or its prototypes claim a Symbol.toStringTag, which can lie.
   * @param {object} value
   */
  const claimsTag = (value) => {
    for (
      let holder = /** @type {object | null} */ (value), depth = 0;
      holder !== null && depth < 1000;
      depth++
    ) {
      if (getOwnPropertyDescriptor(holder, toStringTag)) return true;
      holder = getPrototypeOf(holder);
    }
    return false;
  };
  /**
   * What a value really is, by the built-in's own brand check (Symbol.toStringTag can say
   * anything): 'Array', 'Date', 'Map', ..., or 'Object' for anything else.
   */
  primordials.brandOf = (value) => {
    if (isArray(value)) return 'Array';
    if (is(dateGetTime, value)) return 'Date';
    if (is(regExpSource, value)) return 'RegExp';
    if (is(mapSize, value)) return 'Map';
    if (is(setSize, value)) return 'Set';
    if (is(weakMapHas, value)) return 'WeakMap';
    if (is(weakSetHas, value)) return 'WeakSet';
    if (is(arrayBufferByteLength, value)) return 'ArrayBuffer';
    if (is(typedArrayLength, value)) return 'TypedArray';
    if (is(numberValueOf, value)) return 'Number';
    if (is(stringValueOf, value)) return 'String';
    if (is(booleanValueOf, value)) return 'Boolean';
    if (is(bigintValueOf, value)) return 'BigInt';
    if (is(symbolValueOf, value)) return 'Symbol';
    // Errors have no brand check to call; their built-in tag is true when nothing claims another.
    if (!claimsTag(/** @type {object} */ (value)) && objectToString(value) === '[object Error]')
      return 'Error';
    return 'Object';
  };
  /** The message of anything thrown, never throwing itself. */
  primordials.messageOf = (error) => {
    try {
      const message =
        error !== null && typeof error === 'object' ? /** @type {Error} */ (error).message : error;
      return typeof message === 'string' ? message : primordials.toText(message);
    } catch {
      return 'a value that cannot be read';
    }
  };
  Object.defineProperty(globalThis, '__mcpiPrimordials', {
    value: primordials,
    configurable: true,
  });
})();
