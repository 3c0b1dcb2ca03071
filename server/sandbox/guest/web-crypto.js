// @ts-check
// crypto.getRandomValues and crypto.randomUUID, drawn from the run's seeded generator (the one
// behind Math.random), so a replay gives the same values; crypto.subtle.digest with the vendored
// SHA-1 and SHA-2. No other subtle method: keys and signatures are beyond the common case, and
// every random value must come from the seeded generator. These run in guest code, on built-ins
// taken at start.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const hashes = globalThis.__mcpiHashes;
  Reflect.deleteProperty(globalThis, '__mcpiHashes');
  const {
    arrayIncludes,
    dataViewByteLength,
    fromCharCode,
    newList,
    numberToString,
    stringCharCodeAt,
    stringPadStart,
    typedArrayBuffer,
    typedArrayByteLength,
    typedArrayByteOffset,
    typedArrayName,
    typedArrayLength,
  } = P;
  const { nextRandom, bufferSourceBytes } = S;
  const HostUint8Array = P.Uint8Array;
  const HostTypeError = TypeError;
  const HostDOMException = DOMException;
  // What getRandomValues fills in one call, as the spec bounds it.
  const QUOTA = 65536;
  const INTEGER_ARRAYS = newList();
  for (const name of [
    'Int8Array',
    'Uint8Array',
    'Uint8ClampedArray',
    'Int16Array',
    'Uint16Array',
    'Int32Array',
    'Uint32Array',
    'BigInt64Array',
    'BigUint64Array',
  ]) {
    INTEGER_ARRAYS[INTEGER_ARRAYS.length] = name;
  }

  /**
   * Fills `bytes` from the seeded generator, four bytes a draw.
   * @param {Uint8Array} bytes
   */
  function fillRandom(bytes) {
    const length = typedArrayLength(bytes);
    for (let i = 0; i < length; i += 4) {
      const bits = nextRandom();
      for (let j = 0; j < 4 && i + j < length; j++) bytes[i + j] = bits >>> (j * 8);
    }
  }

  /** @param {unknown} value */
  function isDataView(value) {
    try {
      dataViewByteLength(value);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * @template {ArrayBufferView} T
   * @param {T} array
   * @returns {T}
   */
  function getRandomValues(array) {
    const name = typedArrayName(array);
    if (name === undefined && !isDataView(array)) {
      throw new HostTypeError('The "array" argument must be an ArrayBufferView');
    }
    if (name === undefined || !arrayIncludes(INTEGER_ARRAYS, name)) {
      throw new HostDOMException(
        'The "array" argument must be an integer-type TypedArray',
        'TypeMismatchError',
      );
    }
    const byteLength = typedArrayByteLength(array);
    if (byteLength > QUOTA) {
      throw new HostDOMException(
        `The array's byte length (${byteLength}) exceeds the ${QUOTA} bytes one call may fill`,
        'QuotaExceededError',
      );
    }
    fillRandom(
      new HostUint8Array(typedArrayBuffer(array), typedArrayByteOffset(array), byteLength),
    );
    return array;
  }

  /** A version 4 UUID, lower case, from 16 random bytes. */
  function randomUUID() {
    const bytes = new HostUint8Array(16);
    fillRandom(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let text = '';
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) text += '-';
      text += stringPadStart(numberToString(bytes[i], 16), 2, '0');
    }
    return text;
  }

  /** @type {List<[string, (data: Uint8Array) => Uint8Array]>} */
  const DIGESTS = newList();
  DIGESTS[0] = ['SHA-1', hashes.sha1];
  DIGESTS[1] = ['SHA-256', hashes.sha256];
  DIGESTS[2] = ['SHA-384', hashes.sha384];
  DIGESTS[3] = ['SHA-512', hashes.sha512];

  /**
   * An algorithm name compared as the spec does, in ASCII upper case.
   * @param {string} name
   */
  function upper(name) {
    let text = '';
    for (let i = 0; i < name.length; i++) {
      const unit = stringCharCodeAt(name, i);
      text += fromCharCode(unit >= 97 && unit <= 122 ? unit - 32 : unit);
    }
    return text;
  }

  const subtle = {
    /**
     * The digest of `data` (an ArrayBuffer or a view, copied at the call) as an ArrayBuffer.
     * @param {unknown} algorithm a name, or an object with a name
     * @param {unknown} data
     */
    async digest(algorithm, data) {
      let name;
      if (algorithm !== null && typeof algorithm === 'object') {
        const member = /** @type {{ name?: unknown }} */ (algorithm).name;
        if (member === undefined) throw new HostTypeError('The algorithm has no name');
        name = `${member}`;
      } else name = `${algorithm}`;
      const bytes = bufferSourceBytes(data);
      if (!bytes) {
        throw new HostTypeError(
          'The "data" argument must be an ArrayBuffer, a TypedArray or a DataView',
        );
      }
      const wanted = upper(name);
      for (let i = 0; i < DIGESTS.length; i++) {
        if (DIGESTS[i][0] !== wanted) continue;
        // Hashed at the call, so later changes to the data do not count, as the spec says.
        const digest = DIGESTS[i][1](bytes);
        const length = typedArrayLength(digest);
        const result = new HostUint8Array(length);
        for (let j = 0; j < length; j++) result[j] = digest[j];
        return typedArrayBuffer(result);
      }
      throw new HostDOMException(`Unrecognized algorithm name: ${name}`, 'NotSupportedError');
    },
  };
  Object.defineProperty(subtle, Symbol.toStringTag, { value: 'SubtleCrypto', configurable: true });

  const crypto = { getRandomValues, randomUUID };
  Object.defineProperty(crypto, 'subtle', { value: subtle, enumerable: true, configurable: true });
  Object.defineProperty(crypto, Symbol.toStringTag, { value: 'Crypto', configurable: true });
  Object.defineProperty(globalThis, 'crypto', {
    value: crypto,
    writable: true,
    configurable: true,
  });
})();
