// @ts-check
// display(data, mimeType): shows content in the run's result (an image the model sees, text, or a
// resource). What is shown is also a file, `/display/N.EXT` (N one more than the highest number
// there), written through the run's file system (files.js), so the file limits apply; the run's
// shown list goes to the worker with its files (`done`). The four image types are checked by
// their first bytes; what one run shows together is bounded by displayBytes.
(() => {
  // As the worker's bound (sandbox/files/run-files.ts): each item is content in the run's result.
  const MAX_SHOWN = 1000;
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const { defineProperty, mapGet, newList, push, record, stringCharCodeAt, typedArrayByteLength } =
    P;
  const { bufferSourceBytes, fileOps, filesOfRun, sizeText, utf8Encode } = S;
  const HostTypeError = TypeError;
  const HostRangeError = RangeError;
  const HostUint8Array = P.Uint8Array;

  // contract/session-files.ts's BY_EXTENSION, in its order, for extensionOf: the first
  // extension of a type names its file (the guest cannot import it; keep the two alike).
  const BY_EXTENSION = [
    ['png', 'image/png'],
    ['jpg', 'image/jpeg'],
    ['jpeg', 'image/jpeg'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
    ['svg', 'image/svg+xml'],
    ['txt', 'text/plain'],
    ['md', 'text/markdown'],
    ['csv', 'text/csv'],
    ['tsv', 'text/tab-separated-values'],
    ['html', 'text/html'],
    ['htm', 'text/html'],
    ['css', 'text/css'],
    ['js', 'text/javascript'],
    ['mjs', 'text/javascript'],
    ['ts', 'text/plain'],
    ['xml', 'application/xml'],
    ['json', 'application/json'],
    ['pdf', 'application/pdf'],
    ['zip', 'application/zip'],
  ];
  /** @type {Map<string, string>} */
  const EXTENSION_OF = new P.Map();
  for (let i = BY_EXTENSION.length - 1; i >= 0; i--) {
    P.mapSet(EXTENSION_OF, BY_EXTENSION[i][1], BY_EXTENSION[i][0]);
  }

  /** @param {string} mimeType */
  function extensionOf(mimeType) {
    const known = mapGet(EXTENSION_OF, mimeType);
    if (known !== undefined) return known;
    return P.stringSlice(mimeType, 0, 5) === 'text/' ? 'txt' : 'bin';
  }

  // What each image type starts with (`null`: any byte, a pair: either byte), and what it is
  // called: the same as contract/session-files.ts imageTypeOf, which the MCP side checks again.
  /** @type {Map<string, [string, List<number | null | [number, number]>]>} */
  const MAGIC = new P.Map();
  /**
   * @param {string} type
   * @param {string} name
   * @param {(number | null | [number, number])[]} bytes
   */
  const magic = (type, name, bytes) => {
    const list = newList();
    for (let i = 0; i < bytes.length; i++) push(list, bytes[i]);
    P.mapSet(MAGIC, type, [name, /** @type {List<number | null | [number, number]>} */ (list)]);
  };
  magic('image/png', 'a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  magic('image/jpeg', 'a JPEG image', [0xff, 0xd8, 0xff]);
  // GIF87a or GIF89a
  magic('image/gif', 'a GIF image', [0x47, 0x49, 0x46, 0x38, [0x37, 0x39], 0x61]);
  // RIFF, the size, WEBP
  const any = null;
  magic('image/webp', 'a WebP image', [
    0x52,
    0x49,
    0x46,
    0x46,
    any,
    any,
    any,
    any,
    0x57,
    0x45,
    0x42,
    0x50,
  ]);

  /**
   * Whether `bytes` start as `expected` says.
   * @param {Uint8Array} bytes
   * @param {List<number | null | [number, number]>} expected
   */
  function startsAs(bytes, expected) {
    if (typedArrayByteLength(bytes) < expected.length) return false;
    for (let i = 0; i < expected.length; i++) {
      const want = expected[i];
      if (want === null) continue;
      const matches =
        typeof want === 'number' ? bytes[i] === want : bytes[i] === want[0] || bytes[i] === want[1];
      if (!matches) return false;
    }
    return true;
  }

  /**
   * A media type as RFC 6838 names one, `type/subtype` and `; name=value` parameters, of its
   * restricted characters only (contract/session-files.ts isMediaType: keep the two alike): no
   * quote or angle bracket ever reaches a client or the window in a type.
   */
  function isMediaType(/** @type {string} */ text) {
    if (text.length === 0 || text.length > 255) return false;
    let slash = -1;
    let params = false;
    for (let i = 0; i < text.length; i++) {
      const unit = stringCharCodeAt(text, i);
      const restricted =
        (unit >= 0x30 && unit <= 0x39) ||
        (unit >= 0x41 && unit <= 0x5a) ||
        (unit >= 0x61 && unit <= 0x7a) ||
        unit === 0x21 || // !
        unit === 0x23 || // #
        unit === 0x24 || // $
        unit === 0x26 || // &
        unit === 0x2d || // -
        unit === 0x5e || // ^
        unit === 0x5f || // _
        unit === 0x2e || // .
        unit === 0x2b; // +
      if (restricted) continue;
      if (unit === 0x2f && slash === -1 && !params) slash = i;
      else if (unit === 0x3b && slash > 0)
        params = true; // ;
      else if (!(params && (unit === 0x3d || unit === 0x20))) return false; // = and space
    }
    return slash > 0 && slash < text.length - 1 && stringCharCodeAt(text, slash + 1) !== 0x3b;
  }

  /**
   * The number after which display() names its next file: the highest `N.anything` in /display.
   * @param {FsWhere} where
   */
  function highestShown(where) {
    let highest = 0;
    /** @type {List<FileEntry>} */
    let entries;
    try {
      entries = fileOps.list(listOf('display'), where);
    } catch {
      // No /display yet (or a file there, which the write reports).
      return 0;
    }
    for (let i = 0; i < entries.length; i++) {
      const name = entries[i].name;
      let number = 0;
      let digits = 0;
      for (; digits < name.length; digits++) {
        const unit = stringCharCodeAt(name, digits);
        if (unit < 0x30 || unit > 0x39) break;
        number = number * 10 + (unit - 0x30);
      }
      if (digits > 0 && stringCharCodeAt(name, digits) === 0x2e && number > highest) {
        highest = number;
      }
    }
    return highest;
  }

  /**
   * @param {string[]} names
   * @returns {List<string>}
   */
  function listOf(...names) {
    /** @type {List<string>} */
    const list = newList();
    for (let i = 0; i < names.length; i++) push(list, names[i]);
    return list;
  }

  /**
   * @param {unknown} data
   * @param {unknown} mimeType
   */
  function display(data, mimeType) {
    if (typeof mimeType !== 'string' || !isMediaType(mimeType)) {
      throw new HostTypeError(
        'display(data, mimeType): mimeType must be a media type such as "image/png" or "text/plain"',
      );
    }
    let bytes;
    if (typeof data === 'string') bytes = utf8Encode(data);
    else {
      const view = bufferSourceBytes(data);
      if (view === undefined) {
        throw new HostTypeError(
          'display(data, mimeType): data must be a string, an ArrayBuffer or a typed array such as a Uint8Array',
        );
      }
      bytes = new HostUint8Array(view);
    }
    const image = mapGet(MAGIC, mimeType);
    if (image !== undefined && !startsAs(bytes, image[1])) {
      throw new HostTypeError(`display(): the data is not ${image[0]} (${mimeType})`);
    }
    /** @type {FsWhere} */
    const where = { __proto__: null, syscall: 'open', path: '/display' };
    const files = filesOfRun(where);
    const size = typedArrayByteLength(bytes);
    if (files.shown.length >= MAX_SHOWN) {
      throw new HostRangeError(`display(): a run shows at most ${MAX_SHOWN} items`);
    }
    const limit = files.limits.displayBytes;
    if (files.displayed + size > limit) {
      throw new HostRangeError(
        `display(): what this run shows would go over displayBytes (${sizeText(limit)})`,
      );
    }
    const name = `${highestShown(where) + 1}.${extensionOf(mimeType)}`;
    const path = `/display/${name}`;
    where.path = path;
    fileOps.write(
      listOf('display', name),
      bytes,
      { __proto__: null, exclusive: true, append: false, makeParent: true },
      where,
    );
    files.displayed += size;
    /** @type {ShownFile} */
    const shown = record();
    shown.path = path;
    shown.mimeType = mimeType;
    push(files.shown, shown);
    return path;
  }

  defineProperty(
    globalThis,
    'display',
    /** @type {PropertyDescriptor} */ ({
      __proto__: null,
      value: display,
      writable: true,
      configurable: true,
    }),
  );
})();
