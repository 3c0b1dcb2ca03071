// @ts-check
// TextEncoder and TextDecoder (UTF-8, and windows-1252 to decode), and the runtime's own
// UTF-8 and base64 helpers, which fetch.js uses on the host's path: those are part of the runtime
// (see runtime.js), primordials only. atob and btoa come from the vendored bundle.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const {
    apply,
    arrayBufferByteLength,
    arrayIncludes,
    dataViewBuffer,
    dataViewByteLength,
    dataViewByteOffset,
    fromCharCode,
    newList,
    record,
    stringCharCodeAt,
    stringSlice,
    typedArrayBuffer,
    typedArrayByteLength,
    typedArrayByteOffset,
    typedArrayLength,
    typedArrayName,
  } = P;
  const HostUint8Array = P.Uint8Array;
  const HostTypeError = TypeError;
  const HostRangeError = RangeError;
  const REPLACEMENT = 0xfffd;
  // fromCharCode takes its code units as arguments, and a call's arguments are limited.
  const CHUNK = 8192;

  /**
   * The text of `units[0, count)`.
   * @param {List<number>} units
   * @param {number} count
   */
  function unitsText(units, count) {
    units.length = count;
    return apply(fromCharCode, undefined, units);
  }

  /** @param {number} unit */
  const isLead = (unit) => unit >= 0xd800 && unit <= 0xdbff;
  /** @param {number} unit */
  const isTrail = (unit) => unit >= 0xdc00 && unit <= 0xdfff;

  /**
   * Writes `text` from `from` as UTF-8 into `bytes` up to `capacity`, stopping before a character
   * that does not fit; a lone surrogate is written as U+FFFD.
   * @param {string} text
   * @param {Uint8Array} bytes
   * @param {number} capacity
   */
  function writeUtf8(text, bytes, capacity) {
    const length = text.length;
    let read = 0;
    let written = 0;
    while (read < length) {
      let point = stringCharCodeAt(text, read);
      let units = 1;
      if (isLead(point) && read + 1 < length && isTrail(stringCharCodeAt(text, read + 1))) {
        point = 0x10000 + ((point - 0xd800) << 10) + (stringCharCodeAt(text, read + 1) - 0xdc00);
        units = 2;
      } else if (isLead(point) || isTrail(point)) {
        point = REPLACEMENT;
      }
      const size = point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
      if (written + size > capacity) break;
      if (size === 1) bytes[written] = point;
      else if (size === 2) {
        bytes[written] = 0xc0 | (point >> 6);
        bytes[written + 1] = 0x80 | (point & 0x3f);
      } else if (size === 3) {
        bytes[written] = 0xe0 | (point >> 12);
        bytes[written + 1] = 0x80 | ((point >> 6) & 0x3f);
        bytes[written + 2] = 0x80 | (point & 0x3f);
      } else {
        bytes[written] = 0xf0 | (point >> 18);
        bytes[written + 1] = 0x80 | ((point >> 12) & 0x3f);
        bytes[written + 2] = 0x80 | ((point >> 6) & 0x3f);
        bytes[written + 3] = 0x80 | (point & 0x3f);
      }
      read += units;
      written += size;
    }
    /** @type {{ read: number, written: number }} */
    const result = record();
    result.read = read;
    result.written = written;
    return result;
  }

  /** @type {Shared['utf8Encode']} */
  function utf8Encode(text) {
    let size = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = stringCharCodeAt(text, i);
      if (unit < 0x80) size += 1;
      else if (unit < 0x800) size += 2;
      else if (isLead(unit) && i + 1 < text.length && isTrail(stringCharCodeAt(text, i + 1))) {
        size += 4;
        i++;
      } else size += 3;
    }
    const bytes = new HostUint8Array(size);
    writeUtf8(text, bytes, size);
    return bytes;
  }

  /**
   * Decodes UTF-8 `bytes[0, end)` as the Encoding spec's decoder does: each maximal invalid
   * subpart becomes one U+FFFD, or throws when `fatal`. With `stream`, an incomplete sequence at
   * the end is left undecoded: `rest` is where it starts (else `end`).
   * @param {Uint8Array} bytes
   * @param {number} end
   * @param {boolean} fatal
   * @param {boolean} stream
   */
  function decodeUtf8(bytes, end, fatal, stream) {
    /** @type {List<number>} */
    const units = newList();
    let count = 0;
    let text = '';
    /** @param {number} unit */
    const emit = (unit) => {
      units[count++] = unit;
      if (count === CHUNK) {
        text += unitsText(units, count);
        count = 0;
      }
    };
    const invalid = () => {
      if (fatal) throw new HostTypeError('The encoded data was not valid for encoding utf-8');
      emit(REPLACEMENT);
    };
    let at = 0;
    let rest = end;
    while (at < end) {
      const first = bytes[at];
      if (first < 0x80) {
        emit(first);
        at++;
        continue;
      }
      let needed = 0;
      let point = 0;
      // The second byte's range excludes overlong forms, surrogates and points past U+10FFFF.
      let lower = 0x80;
      let upper = 0xbf;
      if (first >= 0xc2 && first <= 0xdf) {
        needed = 1;
        point = first & 0x1f;
      } else if (first >= 0xe0 && first <= 0xef) {
        needed = 2;
        point = first & 0xf;
        if (first === 0xe0) lower = 0xa0;
        if (first === 0xed) upper = 0x9f;
      } else if (first >= 0xf0 && first <= 0xf4) {
        needed = 3;
        point = first & 0x7;
        if (first === 0xf0) lower = 0x90;
        if (first === 0xf4) upper = 0x8f;
      } else {
        invalid();
        at++;
        continue;
      }
      let next = at + 1;
      let complete = true;
      for (let seen = 0; seen < needed; seen++, next++) {
        if (next >= end) {
          complete = false;
          break;
        }
        const byte = bytes[next];
        if (byte < (seen === 0 ? lower : 0x80) || byte > (seen === 0 ? upper : 0xbf)) {
          complete = false;
          break;
        }
        point = (point << 6) | (byte & 0x3f);
      }
      if (complete) {
        if (point < 0x10000) emit(point);
        else {
          emit(0xd800 + ((point - 0x10000) >> 10));
          emit(0xdc00 + ((point - 0x10000) & 0x3ff));
        }
      } else if (next >= end && stream) {
        rest = at;
        break;
      } else {
        // The valid bytes so far are one subpart; the byte that broke it starts anew.
        invalid();
      }
      at = next;
    }
    /** @type {{ text: string, rest: number }} */
    const result = record();
    result.text = text + unitsText(units, count);
    result.rest = rest;
    return result;
  }

  /** @type {Shared['utf8Decode']} */
  function utf8Decode(bytes) {
    const length = typedArrayLength(bytes);
    const text = decodeUtf8(bytes, length, false, false).text;
    return text.length > 0 && stringCharCodeAt(text, 0) === 0xfeff ? stringSlice(text, 1) : text;
  }

  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const SEXTETS = new HostUint8Array(128);
  for (let i = 0; i < 128; i++) SEXTETS[i] = 255;
  for (let i = 0; i < 64; i++) SEXTETS[stringCharCodeAt(ALPHABET, i)] = i;
  const EQUALS = 61;

  /** @type {Shared['bytesToBase64']} */
  function bytesToBase64(bytes) {
    const length = typedArrayLength(bytes);
    /** @type {List<number>} */
    const units = newList();
    let count = 0;
    let text = '';
    for (let i = 0; i < length; i += 3) {
      const a = bytes[i];
      const b = i + 1 < length ? bytes[i + 1] : 0;
      const c = i + 2 < length ? bytes[i + 2] : 0;
      units[count++] = stringCharCodeAt(ALPHABET, a >> 2);
      units[count++] = stringCharCodeAt(ALPHABET, ((a & 3) << 4) | (b >> 4));
      units[count++] =
        i + 1 < length ? stringCharCodeAt(ALPHABET, ((b & 15) << 2) | (c >> 6)) : EQUALS;
      units[count++] = i + 2 < length ? stringCharCodeAt(ALPHABET, c & 63) : EQUALS;
      if (count === CHUNK) {
        text += unitsText(units, count);
        count = 0;
      }
    }
    return text + unitsText(units, count);
  }

  /** @param {number} unit */
  const isAsciiSpace = (unit) =>
    unit === 9 || unit === 10 || unit === 12 || unit === 13 || unit === 32;

  /** @type {Shared['base64ToBytes']} */
  function base64ToBytes(text) {
    const sextets = new HostUint8Array(text.length);
    let count = 0;
    let padding = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = stringCharCodeAt(text, i);
      if (isAsciiSpace(unit)) continue;
      if (unit === EQUALS) padding++;
      else {
        const value = unit < 128 ? SEXTETS[unit] : 255;
        if (value === 255 || padding > 0) throw new HostTypeError('invalid base64');
        sextets[count++] = value;
      }
    }
    if ((padding > 0 && (padding > 2 || (count + padding) % 4 !== 0)) || count % 4 === 1) {
      throw new HostTypeError('invalid base64');
    }
    const bytes = new HostUint8Array((count * 3) >> 2);
    let out = 0;
    for (let i = 0; i < count; i += 4) {
      const a = sextets[i];
      const b = sextets[i + 1];
      const c = i + 2 < count ? sextets[i + 2] : 0;
      const d = i + 3 < count ? sextets[i + 3] : 0;
      bytes[out++] = (a << 2) | (b >> 4);
      if (i + 2 < count) bytes[out++] = ((b & 15) << 4) | (c >> 2);
      if (i + 3 < count) bytes[out++] = ((c & 3) << 6) | d;
    }
    return bytes;
  }

  /** @type {Shared['bufferSourceBytes']} */
  function bufferSourceBytes(source) {
    if (typedArrayName(source) !== undefined) {
      return new HostUint8Array(
        typedArrayBuffer(source),
        typedArrayByteOffset(source),
        typedArrayByteLength(source),
      );
    }
    try {
      return new HostUint8Array(
        /** @type {ArrayBuffer} */ (source),
        0,
        arrayBufferByteLength(source),
      );
    } catch {}
    try {
      return new HostUint8Array(
        dataViewBuffer(source),
        dataViewByteOffset(source),
        dataViewByteLength(source),
      );
    } catch {}
    return undefined;
  }

  /**
   * A WebIDL dictionary argument: undefined and null are empty, other primitives are refused.
   * @param {unknown} value
   * @param {string} what
   */
  function dictionary(value, what) {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' && typeof value !== 'function') {
      throw new HostTypeError(`The "${what}" argument must be an object`);
    }
    return /** @type {Record<string, unknown>} */ (value);
  }

  class TextEncoder {
    get encoding() {
      return 'utf-8';
    }

    /** @param {unknown} [input] */
    encode(input = '') {
      return utf8Encode(`${input}`);
    }

    /**
     * @param {unknown} source
     * @param {Uint8Array} destination
     */
    encodeInto(source, destination) {
      const text = `${source}`;
      if (typedArrayName(destination) !== 'Uint8Array') {
        throw new HostTypeError('The "destination" argument must be a Uint8Array');
      }
      const { read, written } = writeUtf8(text, destination, typedArrayLength(destination));
      return { read, written };
    }
  }

  // The Encoding spec's labels of UTF-8, the only encoding here.
  const UTF8_LABELS = newList();
  UTF8_LABELS[0] = 'unicode-1-1-utf-8';
  UTF8_LABELS[1] = 'unicode11utf8';
  UTF8_LABELS[2] = 'unicode20utf8';
  UTF8_LABELS[3] = 'utf-8';
  UTF8_LABELS[4] = 'utf8';
  UTF8_LABELS[5] = 'x-unicode20utf8';

  // The Encoding spec's labels of windows-1252, which `latin1` and `ascii` name there: packages
  // decode with it (fast-png reads a PNG's text chunks so, and makes its decoder at import).
  /** @type {List<string>} */
  const WINDOWS_1252_LABELS = newList();
  const windows1252Labels =
    'ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252';
  for (let at = 0, start = 0; at <= windows1252Labels.length; at++) {
    if (at < windows1252Labels.length && stringCharCodeAt(windows1252Labels, at) !== 32) continue;
    WINDOWS_1252_LABELS[WINDOWS_1252_LABELS.length] = stringSlice(windows1252Labels, start, at);
    start = at + 1;
  }
  // What windows-1252 decodes bytes 0x80 to 0x9F as; every other byte is its own code point.
  /** @type {List<number>} */
  const WINDOWS_1252_HIGH = newList();
  const windows1252High = [
    0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039,
    0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc,
    0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
  ];
  for (let i = 0; i < 32; i++) WINDOWS_1252_HIGH[i] = windows1252High[i];

  /**
   * Decodes windows-1252 `bytes[0, end)`: one character a byte, never an error.
   * @param {Uint8Array} bytes
   * @param {number} end
   */
  function decodeWindows1252(bytes, end) {
    /** @type {List<number>} */
    const units = newList();
    let text = '';
    for (let at = 0; at < end; at += CHUNK) {
      const count = end - at < CHUNK ? end - at : CHUNK;
      for (let i = 0; i < count; i++) {
        const byte = bytes[at + i];
        units[i] = byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_HIGH[byte - 0x80] : byte;
      }
      text += unitsText(units, count);
    }
    return text;
  }

  /**
   * A label as the Encoding spec compares it: ASCII whitespace trimmed, ASCII lower case.
   * @param {string} label
   */
  function normalizeLabel(label) {
    let start = 0;
    let end = label.length;
    while (start < end && isAsciiSpace(stringCharCodeAt(label, start))) start++;
    while (end > start && isAsciiSpace(stringCharCodeAt(label, end - 1))) end--;
    let lower = '';
    for (let i = start; i < end; i++) {
      const unit = stringCharCodeAt(label, i);
      lower += fromCharCode(unit >= 65 && unit <= 90 ? unit + 32 : unit);
    }
    return lower;
  }

  class TextDecoder {
    /** @type {'utf-8' | 'windows-1252'} */
    #encoding = 'utf-8';
    #fatal;
    #ignoreBOM;
    /** The bytes of an incomplete sequence a streaming decode left. */
    #pending = new HostUint8Array(0);
    #bomSeen = false;
    #streaming = false;

    /**
     * @param {unknown} [label]
     * @param {unknown} [options]
     */
    constructor(label = 'utf-8', options = undefined) {
      const text = `${label}`;
      const normal = normalizeLabel(text);
      if (arrayIncludes(WINDOWS_1252_LABELS, normal)) this.#encoding = 'windows-1252';
      else if (!arrayIncludes(UTF8_LABELS, normal)) {
        throw new HostRangeError(`The "${text}" encoding is not supported`);
      }
      const init = dictionary(options, 'options');
      this.#fatal = !!init?.fatal;
      this.#ignoreBOM = !!init?.ignoreBOM;
    }

    get encoding() {
      return this.#encoding;
    }

    get fatal() {
      return this.#fatal;
    }

    get ignoreBOM() {
      return this.#ignoreBOM;
    }

    /**
     * @param {unknown} [input]
     * @param {unknown} [options]
     */
    decode(input = undefined, options = undefined) {
      const stream = !!dictionary(options, 'options')?.stream;
      /** @type {Uint8Array} */
      let bytes = new HostUint8Array(0);
      if (input !== undefined) {
        const view = bufferSourceBytes(input);
        if (!view) {
          throw new HostTypeError(
            'The "input" argument must be an ArrayBuffer, a TypedArray or a DataView',
          );
        }
        bytes = view;
      }
      // One byte a character: nothing is ever pending, no byte order mark is taken off.
      if (this.#encoding === 'windows-1252')
        return decodeWindows1252(bytes, typedArrayLength(bytes));
      if (!this.#streaming) {
        this.#pending = new HostUint8Array(0);
        this.#bomSeen = false;
      }
      const pending = this.#pending;
      const held = typedArrayLength(pending);
      const length = typedArrayLength(bytes);
      let source = bytes;
      if (held > 0) {
        source = new HostUint8Array(held + length);
        for (let i = 0; i < held; i++) source[i] = pending[i];
        for (let i = 0; i < length; i++) source[held + i] = bytes[i];
      }
      this.#streaming = false;
      this.#pending = new HostUint8Array(0);
      const { text, rest } = decodeUtf8(source, held + length, this.#fatal, stream);
      this.#streaming = stream;
      if (rest < held + length) {
        const kept = new HostUint8Array(held + length - rest);
        for (let i = rest; i < held + length; i++) kept[i - rest] = source[i];
        this.#pending = kept;
      }
      if (this.#ignoreBOM || this.#bomSeen || text.length === 0) return text;
      this.#bomSeen = true;
      return stringCharCodeAt(text, 0) === 0xfeff ? stringSlice(text, 1) : text;
    }
  }

  /** @type {[string, Function][]} */
  const globals = [
    ['TextEncoder', TextEncoder],
    ['TextDecoder', TextDecoder],
  ];
  for (const [name, value] of globals) {
    Object.defineProperty(value.prototype, Symbol.toStringTag, {
      value: name,
      configurable: true,
    });
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
  }
  S.utf8Encode = utf8Encode;
  S.utf8Decode = utf8Decode;
  S.bytesToBase64 = bytesToBase64;
  S.base64ToBytes = base64ToBytes;
  S.bufferSourceBytes = bufferSourceBytes;
})();
