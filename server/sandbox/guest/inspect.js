// @ts-check
// Renders any guest value as readable text, in the style of Node's util.inspect. It runs inside
// the isolate (part of every snapshot), never calls getters, and stops at a size budget so a huge
// value cannot exhaust memory while it is being rendered. It runs on the host's path, so it uses
// only the built-ins primordials.js took before guest code ran (see there).
(() => {
  const {
    arrayIncludes,
    arrayJoin,
    brandOf,
    dateGetTime,
    dateToISOString,
    functionToString,
    ownDescriptor,
    errorStack,
    numberToString,
    getPrototypeOf,
    mapEntries,
    mapIteratorNext,
    mapSize,
    min,
    newList,
    numberIsNaN,
    objectIs,
    objectToString,
    ownKeys,
    push,
    regExpFlags,
    regExpSource,
    replaceText,
    setIteratorNext,
    setSize,
    setValues,
    toText,
    stringCharCodeAt,
    stringIndexOf,
    stringPadStart,
    stringSlice,
    arrayBufferByteLength,
    typedArrayLength,
    numberValueOf,
    stringValueOf,
    booleanValueOf,
    bigintValueOf,
    symbolValueOf,
  } = globalThis.__mcpiPrimordials;
  const MAX_ITEMS = 100;
  const MAX_STRING = 10000;
  const MAX_DEPTH = 2;
  const BREAK_AT = 72;
  /** @type {NullPrototype & Partial<Record<Brand, (value: unknown) => unknown>>} */
  const UNBOX = {
    __proto__: null,
    Number: numberValueOf,
    String: stringValueOf,
    Boolean: booleanValueOf,
    BigInt: bigintValueOf,
    Symbol: symbolValueOf,
  };

  /** Thrown (and caught in inspect) when the rendering would exceed its budget. */
  const OVERFLOW = { __proto__: null };

  /** @type {{ [c: string]: string | null | undefined }} */
  const ESCAPES = {
    __proto__: null,
    "'": "\\'",
    '\\': '\\\\',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
  };
  /** @param {string} text */
  function quote(text) {
    let out = "'";
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      const code = stringCharCodeAt(text, i);
      if (ESCAPES[c] !== undefined) out += ESCAPES[c];
      else if (code < 0x20) out += `\\x${stringPadStart(numberToString(code, 16), 2, '0')}`;
      else out += c;
    }
    return `${out}'`;
  }

  /** @param {string} text */
  function isIdentifier(text) {
    if (text.length === 0) return false;
    for (let i = 0; i < text.length; i++) {
      const c = stringCharCodeAt(text, i);
      const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
      if (!letter && !(i > 0 && c >= 48 && c <= 57)) return false;
    }
    return true;
  }

  /** @param {PropertyKey} k */
  function key(k) {
    if (typeof k === 'symbol') return `[${toText(k)}]`;
    const name = /** @type {string} */ (k);
    return isIdentifier(name) ? name : quote(name);
  }

  /**
   * An own data property's value, never a getter's.
   * @param {object} holder
   * @param {PropertyKey} name
   * @returns {unknown}
   */
  function ownValue(holder, name) {
    const descriptor = ownDescriptor(holder, name);
    return descriptor && 'value' in descriptor ? descriptor.value : undefined;
  }

  /** @param {object} value */
  function className(value) {
    const proto = getPrototypeOf(value);
    if (proto === null) return null;
    const ctor = ownValue(proto, 'constructor');
    const name = typeof ctor === 'function' ? ownValue(ctor, 'name') : '';
    return (typeof name === 'string' && name) || 'Object';
  }

  /** @param {Function} fn */
  function functionLabel(fn) {
    const source = functionToString(fn);
    const fnName = ownValue(fn, 'name');
    const name = typeof fnName === 'string' && fnName ? fnName : '';
    if (stringSlice(source, 0, 5) === 'class') return `[class ${name || '(anonymous)'}]`;
    const tag = stringSlice(objectToString(fn), 8, -1);
    const kind = typeof tag === 'string' && tag !== 'Function' ? tag : 'Function';
    return `[${kind}${name ? `: ${name}` : ' (anonymous)'}]`;
  }

  /** @param {object} value */
  function regExpText(value) {
    let flags = '';
    for (let i = 0; i < regExpFlags.length; i++) {
      if (regExpFlags[i][1](value)) flags += regExpFlags[i][0];
    }
    return `/${regExpSource(value)}/${flags}`;
  }

  /** @param {string} text */
  function indent(text) {
    return `  ${replaceText(text, '\n', '\n  ')}`;
  }

  /**
   * A renderer that throws OVERFLOW once it has produced more than `budget` characters.
   * @param {number} budget
   */
  function createInspector(budget) {
    let used = 0;
    /** @type {List<unknown>} */
    const seen = newList();
    /** @param {string} text */
    const spend = (text) => {
      used += text.length;
      if (used > budget) throw OVERFLOW;
      return text;
    };

    /**
     * @param {string} open
     * @param {List<string>} items
     * @param {string} close
     */
    function list(open, items, close) {
      if (items.length === 0) return `${open}${close}`;
      const single = `${open} ${arrayJoin(items, ', ')} ${close}`;
      if (single.length <= BREAK_AT && stringIndexOf(single, '\n') === -1) return single;
      /** @type {List<string>} */
      const body = newList();
      for (let i = 0; i < items.length; i++) push(body, indent(items[i]));
      return `${open}\n${arrayJoin(body, ',\n')}\n${close}`;
    }

    /**
     * @param {object} value
     * @param {number} depth
     * @param {boolean} skipIndices
     * @param {List<string>} out
     */
    function properties(value, depth, skipIndices, out) {
      const keys = ownKeys(value);
      let shown = 0;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (skipIndices && typeof k === 'string' && toText(/** @type {any} */ (k) >>> 0) === k)
          continue;
        if (skipIndices && k === 'length') continue;
        const desc = ownDescriptor(value, k);
        if (!desc || (!desc.enumerable && typeof k !== 'symbol')) continue;
        if (shown++ >= MAX_ITEMS) {
          push(out, '...');
          break;
        }
        if (desc.get || desc.set) {
          const label = desc.get && desc.set ? 'Getter/Setter' : desc.get ? 'Getter' : 'Setter';
          push(out, spend(`${key(k)}: [${label}]`));
        } else {
          push(out, `${spend(key(k))}: ${render(desc.value, depth + 1, true)}`);
        }
      }
      return out;
    }

    /**
     * @param {object} value
     * @param {number} depth
     * @param {'Map' | 'Set'} brand
     * @param {string | null} name
     */
    function collection(value, depth, brand, name) {
      /** @type {List<string>} */
      const items = newList();
      const iterator =
        brand === 'Map'
          ? mapEntries(/** @type {Map<unknown, unknown>} */ (value))
          : setValues(/** @type {Set<unknown>} */ (value));
      const next = brand === 'Map' ? mapIteratorNext : setIteratorNext;
      for (let count = 0; ; count++) {
        const step = next(iterator);
        if (step.done) break;
        if (count >= MAX_ITEMS) {
          push(items, '...');
          break;
        }
        const entry = /** @type {any} */ (step.value);
        push(
          items,
          brand === 'Map'
            ? `${render(entry[0], depth + 1, true)} => ${render(entry[1], depth + 1, true)}`
            : render(entry, depth + 1, true),
        );
      }
      const size = brand === 'Map' ? mapSize(value) : setSize(value);
      return list(`${name}(${size}) {`, properties(value, depth, false, items), '}');
    }

    /**
     * @param {object} value
     * @param {number} depth
     * @param {number} length
     * @param {string} head
     */
    function indexed(value, depth, length, head) {
      /** @type {List<string>} */
      const items = newList();
      let holes = 0;
      const flushHoles = () => {
        if (holes) push(items, spend(`<${holes} empty item${holes > 1 ? 's' : ''}>`));
        holes = 0;
      };
      for (let i = 0; i < min(length, MAX_ITEMS); i++) {
        const descriptor = ownDescriptor(value, i);
        if (!descriptor) {
          holes++;
          continue;
        }
        flushHoles();
        push(items, 'value' in descriptor ? render(descriptor.value, depth + 1, true) : '[Getter]');
      }
      flushHoles();
      if (length > MAX_ITEMS) push(items, `... ${length - MAX_ITEMS} more items`);
      return list(`${head}[`, properties(value, depth, true, items), ']');
    }

    /**
     * @param {object} value
     * @param {number} depth
     * @returns {string}
     */
    function renderObject(value, depth) {
      if (typeof value === 'function') {
        const label = functionLabel(value);
        /** @type {List<string>} */
        const props = depth > MAX_DEPTH ? newList() : properties(value, depth, false, newList());
        return props.length ? list(`${label} {`, props, '}') : label;
      }
      const brand = brandOf(value);
      if (brand === 'Error') {
        return depth === 0 ? errorStack(value) || errorText(value) : `[${errorText(value)}]`;
      }
      if (brand === 'Date') {
        return numberIsNaN(dateGetTime(value)) ? 'Invalid Date' : dateToISOString(value);
      }
      if (brand === 'RegExp') return regExpText(value);
      if (brand === 'WeakMap' || brand === 'WeakSet') return `${brand} { <items unknown> }`;
      const unbox = UNBOX[brand];
      if (unbox) return `[${brand}: ${render(unbox(value), depth + 1, true)}]`;
      if (brand === 'ArrayBuffer') {
        return `ArrayBuffer { byteLength: ${arrayBufferByteLength(value)} }`;
      }
      const name = className(value);
      const prefix =
        name === null ? '[Object: null prototype] ' : name === 'Object' ? '' : `${name} `;
      if (depth > MAX_DEPTH) {
        if (brand === 'Array') return '[Array]';
        return name === null || name === 'Object' ? '[Object]' : `[${name}]`;
      }
      if (brand === 'Array') {
        const length = /** @type {number} */ (ownValue(value, 'length'));
        return indexed(value, depth, length, name === 'Array' ? '' : `${name}(${length}) `);
      }
      if (brand === 'TypedArray') {
        const length = typedArrayLength(value);
        return indexed(value, depth, length, `${name}(${length}) `);
      }
      if (brand === 'Map' || brand === 'Set') return collection(value, depth, brand, name);
      return list(`${prefix}{`, properties(value, depth, false, newList()), '}');
    }

    /**
     * @param {unknown} value
     * @param {number} depth
     * @param {boolean} quoted
     * @returns {string}
     */
    function render(value, depth, quoted) {
      switch (typeof value) {
        case 'string': {
          if (!quoted) return spend(value);
          if (depth === 0 || value.length <= MAX_STRING) return spend(quote(value));
          const more = `... ${value.length - MAX_STRING} more characters`;
          return spend(quote(stringSlice(value, 0, MAX_STRING)) + more);
        }
        case 'number':
          return spend(objectIs(value, -0) ? '-0' : toText(value));
        case 'bigint':
          return spend(`${value}n`);
        case 'symbol':
        case 'boolean':
        case 'undefined':
          return spend(toText(value));
        default:
          if (value === null) return spend('null');
      }
      if (arrayIncludes(seen, value)) return spend('[Circular]');
      push(seen, value);
      try {
        // Only objects and functions are left.
        return spend(renderObject(/** @type {object} */ (value), depth));
      } finally {
        seen.length--;
      }
    }
    return render;
  }

  /**
   * `Name: message` from own data properties only, as Error.prototype.toString would say.
   * @param {object} error
   */
  function errorText(error) {
    let name = 'Error';
    let message = '';
    for (
      let holder = /** @type {object | null} */ (error);
      holder !== null;
      holder = getPrototypeOf(holder)
    ) {
      const n = ownValue(holder, 'name');
      if (typeof n === 'string') {
        name = n;
        break;
      }
    }
    const m = ownValue(error, 'message');
    if (typeof m === 'string') message = m;
    return message ? `${name}: ${message}` : name;
  }

  /**
   * `quoteStrings` picks the REPL style ('text' in quotes) over the console style (text as is).
   * Returns undefined when the rendering would exceed `budget` characters. Anything the value
   * itself throws (a Proxy trap) is thrown on.
   * @type {Inspect}
   */
  function inspect(value, budget, quoteStrings) {
    try {
      return createInspector(budget)(value, 0, quoteStrings);
    } catch (error) {
      if (error === OVERFLOW) return undefined;
      throw error;
    }
  }

  Object.defineProperty(globalThis, '__mcpiInspect', { value: inspect, configurable: true });
})();
