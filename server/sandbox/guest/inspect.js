// Renders any guest value as readable text, in the style of Node's util.inspect. It runs inside
// the isolate (part of every snapshot), never calls getters, and stops at a size budget so a huge
// value cannot exhaust memory while it is being rendered.
(() => {
  const MAX_ITEMS = 100;
  const MAX_STRING = 10000;
  const MAX_DEPTH = 2;
  const BREAK_AT = 72;
  const { getOwnPropertyNames, getOwnPropertySymbols, getOwnPropertyDescriptor, getPrototypeOf } =
    Object;
  const objectToString = Object.prototype.toString;
  const isArray = Array.isArray;
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
  const TypedArray = getPrototypeOf(Uint8Array);

  class Overflow extends Error {}

  function quote(text) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are escaped.
    const escaped = text.replace(/[\\'\n\r\t\u0000-\u001f]/g, (c) => {
      if (c === "'") return "\\'";
      if (c === '\\') return '\\\\';
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    });
    return `'${escaped}'`;
  }

  function key(k) {
    if (typeof k === 'symbol') return `[${String(k)}]`;
    return IDENTIFIER.test(k) ? k : quote(k);
  }

  function className(value) {
    try {
      const proto = getPrototypeOf(value);
      if (proto === null) return null;
      const ctor = getOwnPropertyDescriptor(proto, 'constructor');
      const name = ctor && typeof ctor.value === 'function' ? ctor.value.name : '';
      return name || 'Object';
    } catch {
      return 'Object';
    }
  }

  function functionLabel(fn) {
    const source = Function.prototype.toString.call(fn);
    const name = fn.name ? `: ${fn.name}` : ' (anonymous)';
    if (source.startsWith('class')) return `[class ${fn.name || '(anonymous)'}]`;
    const tag = objectToString.call(fn).slice(8, -1);
    const kind = tag === 'Function' ? 'Function' : tag;
    return `[${kind}${name}]`;
  }

  function createInspector(budget) {
    let used = 0;
    const seen = [];
    const spend = (text) => {
      used += text.length;
      if (used > budget) throw new Overflow();
      return text;
    };

    function list(open, items, close, extra) {
      const all = extra ? [...items, extra] : items;
      if (all.length === 0) return `${open}${close}`;
      const single = `${open} ${all.join(', ')} ${close}`;
      if (single.length <= BREAK_AT && !single.includes('\n')) return single;
      const body = all.map((item) => `  ${item.replace(/\n/g, '\n  ')}`).join(',\n');
      return `${open}\n${body}\n${close}`;
    }

    function properties(value, depth, skipIndices) {
      const out = [];
      const keys = [...getOwnPropertyNames(value), ...getOwnPropertySymbols(value)];
      let shown = 0;
      for (const k of keys) {
        if (skipIndices && typeof k === 'string' && String(k >>> 0) === k) continue;
        if (skipIndices && k === 'length') continue;
        const desc = getOwnPropertyDescriptor(value, k);
        if (!desc || (!desc.enumerable && typeof k !== 'symbol')) continue;
        if (shown++ >= MAX_ITEMS) {
          out.push('...');
          break;
        }
        if (desc.get || desc.set) {
          const label = desc.get && desc.set ? 'Getter/Setter' : desc.get ? 'Getter' : 'Setter';
          out.push(spend(`${key(k)}: [${label}]`));
        } else {
          out.push(`${spend(key(k))}: ${render(desc.value, depth + 1, true)}`);
        }
      }
      return out;
    }

    function renderObject(value, depth) {
      if (typeof value === 'function') {
        const label = functionLabel(value);
        const props = depth > MAX_DEPTH ? [] : properties(value, depth, false);
        return props.length ? list(`${label} {`, props, '}') : label;
      }
      const tag = objectToString.call(value).slice(8, -1);
      if (value instanceof Error || tag === 'Error') {
        return depth === 0 ? String(value.stack || value) : `[${String(value)}]`;
      }
      if (tag === 'Date') {
        const time = Date.prototype.getTime.call(value);
        return Number.isNaN(time) ? 'Invalid Date' : Date.prototype.toISOString.call(value);
      }
      if (tag === 'RegExp') return RegExp.prototype.toString.call(value);
      if (tag === 'Promise') return 'Promise {}';
      if (tag === 'WeakMap' || tag === 'WeakSet' || tag === 'WeakRef')
        return `${tag} { <items unknown> }`;
      if (
        tag === 'Boolean' ||
        tag === 'Number' ||
        tag === 'String' ||
        tag === 'BigInt' ||
        tag === 'Symbol'
      ) {
        return `[${tag}: ${render(value.valueOf(), depth + 1, true)}]`;
      }
      if (tag === 'ArrayBuffer') return `ArrayBuffer { byteLength: ${value.byteLength} }`;
      const name = className(value);
      const prefix =
        name === null ? '[Object: null prototype] ' : name === 'Object' ? '' : `${name} `;
      if (depth > MAX_DEPTH) {
        if (isArray(value)) return '[Array]';
        return name === null || name === 'Object' ? '[Object]' : `[${name}]`;
      }
      if (isArray(value) || value instanceof TypedArray) {
        const items = [];
        const length = value.length;
        let holes = 0;
        const flushHoles = () => {
          if (holes) items.push(spend(`<${holes} empty item${holes > 1 ? 's' : ''}>`));
          holes = 0;
        };
        for (let i = 0; i < Math.min(length, MAX_ITEMS); i++) {
          if (!(i in value)) {
            holes++;
            continue;
          }
          flushHoles();
          items.push(render(value[i], depth + 1, true));
        }
        flushHoles();
        if (length > MAX_ITEMS) items.push(`... ${length - MAX_ITEMS} more items`);
        items.push(...properties(value, depth, true));
        const head = isArray(value) && name === 'Array' ? '' : `${name}(${length}) `;
        return list(`${head}[`, items, ']');
      }
      if (tag === 'Map' || tag === 'Set') {
        const items = [];
        let count = 0;
        for (const entry of tag === 'Map'
          ? Map.prototype.entries.call(value)
          : Set.prototype.values.call(value)) {
          if (count++ >= MAX_ITEMS) {
            items.push('...');
            break;
          }
          items.push(
            tag === 'Map'
              ? `${render(entry[0], depth + 1, true)} => ${render(entry[1], depth + 1, true)}`
              : render(entry, depth + 1, true),
          );
        }
        return list(
          `${name}(${value.size}) {`,
          [...items, ...properties(value, depth, false)],
          '}',
        );
      }
      return list(`${prefix}{`, properties(value, depth, false), '}');
    }

    function render(value, depth, quoted) {
      switch (typeof value) {
        case 'string': {
          if (!quoted) return spend(value);
          if (depth === 0 || value.length <= MAX_STRING) return spend(quote(value));
          const more = `... ${value.length - MAX_STRING} more characters`;
          return spend(quote(value.slice(0, MAX_STRING)) + more);
        }
        case 'number':
          return spend(Object.is(value, -0) ? '-0' : String(value));
        case 'bigint':
          return spend(`${value}n`);
        case 'symbol':
        case 'boolean':
        case 'undefined':
          return spend(String(value));
        default:
          if (value === null) return spend('null');
      }
      if (seen.includes(value)) return spend('[Circular]');
      seen.push(value);
      try {
        return spend(renderObject(value, depth));
      } finally {
        seen.pop();
      }
    }
    return render;
  }

  /**
   * `quoteStrings` picks the REPL style ('text' in quotes) over the console style (text as is).
   * Returns undefined when the rendering would exceed `budget` characters.
   */
  function inspect(value, budget, quoteStrings) {
    try {
      return createInspector(budget)(value, 0, quoteStrings);
    } catch (error) {
      if (error instanceof Overflow) return undefined;
      throw error;
    }
  }

  Object.defineProperty(globalThis, '__mcpiInspect', { value: inspect, configurable: true });
})();
