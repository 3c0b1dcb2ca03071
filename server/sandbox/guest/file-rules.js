// @ts-check
// The rules every file call follows (files.js, node-fs.js, display.js): a path's names from `/`
// as contract/session-files.ts normalFilePath makes them, Node's errors with their codes, and a
// limit's value in the units the settings show (contract/human-units.ts formatQuantity). The guest
// cannot import TypeScript: these mirror those, and guest-files.test.ts holds them to it.
// Part of the runtime (see runtime.js): primordials only.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const {
    defineProperty,
    newList,
    push,
    stringIndexOf,
    stringIsWellFormed,
    stringSlice,
    typedArrayByteLength,
  } = P;
  const { utf8Encode } = S;
  const HostError = Error;

  // contract/session-files.ts's constants.
  const FILES_CWD = '/work';
  const NAME_MAX_BYTES = 255;
  const PATH_MAX_BYTES = 4096;

  // Node's codes on Linux: errno and libuv's description.
  const ERRORS = /** @type {Record<string, [number, string]>} */ (
    /** @type {unknown} */ ({
      __proto__: null,
      ENOENT: [-2, 'no such file or directory'],
      EIO: [-5, 'i/o error'],
      EBUSY: [-16, 'resource busy or locked'],
      EEXIST: [-17, 'file already exists'],
      ENOTDIR: [-20, 'not a directory'],
      EISDIR: [-21, 'illegal operation on a directory'],
      EINVAL: [-22, 'invalid argument'],
      ENOSPC: [-28, 'no space left on device'],
      ENAMETOOLONG: [-36, 'name too long'],
      ENOTEMPTY: [-39, 'directory not empty'],
    })
  );

  /**
   * Sets an own property as a plain assignment would make it, without meeting a setter a guest
   * put on a prototype.
   * @param {object} object
   * @param {PropertyKey} key
   * @param {unknown} value
   */
  function own(object, key, value) {
    defineProperty(
      object,
      key,
      /** @type {PropertyDescriptor} */ ({
        __proto__: null,
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      }),
    );
  }

  /**
   * Node's error for a failed file call: `CODE: description, syscall 'path'` (`-> 'dest'`), with
   * errno, code, syscall, path (and dest) on it; `note` says more (which limit).
   * @type {Shared['fsError']}
   */
  function fsError(code, where, note) {
    const known = ERRORS[code];
    let message = `${code}: ${known[1]}, ${where.syscall}`;
    if (where.path !== undefined) message += ` '${where.path}'`;
    if (where.dest !== undefined) message += ` -> '${where.dest}'`;
    if (note !== undefined) message += ` (${note})`;
    const error = new HostError(message);
    own(error, 'errno', known[0]);
    own(error, 'code', code);
    own(error, 'syscall', where.syscall);
    if (where.path !== undefined) own(error, 'path', where.path);
    if (where.dest !== undefined) own(error, 'dest', where.dest);
    return error;
  }

  /**
   * @param {string} code
   * @param {FsWhere} where
   * @param {string} [note]
   * @returns {never}
   */
  function fail(code, where, note) {
    throw fsError(code, where, note);
  }

  /** @param {string} text */
  const utf8Length = (text) => typedArrayByteLength(utf8Encode(text));

  /**
   * The names of `path` from `/`, made absolute from /work: `.` and empty names dropped, `..`
   * going up but never above `/` (normalFilePath's rules). A NUL is the caller's to refuse first.
   * @type {Shared['pathNames']}
   */
  function pathNames(path, where) {
    /** @type {List<string>} */
    const names = newList();
    const from = stringSlice(path, 0, 1) === '/' ? path : `${FILES_CWD}/${path}`;
    let bytes = 0;
    let at = 0;
    while (at <= from.length) {
      let end = stringIndexOf(from, '/', at);
      if (end === -1) end = from.length;
      const name = stringSlice(from, at, end);
      at = end + 1;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (names.length > 0) names.length--;
      } else if (!stringIsWellFormed(name)) {
        // A lone surrogate has no UTF-8 form: no file name, URI or JSON outside could carry it.
        fail('EINVAL', where);
      } else if (utf8Length(name) > NAME_MAX_BYTES) {
        fail('ENAMETOOLONG', where);
      } else push(names, name);
    }
    for (let i = 0; i < names.length; i++) bytes += 1 + utf8Length(names[i]);
    if (bytes > PATH_MAX_BYTES) fail('ENAMETOOLONG', where);
    return names;
  }

  /** @type {Shared['sizeText']} */
  function sizeText(bytes) {
    const units = ['GiB', 'MiB', 'KiB'];
    // contract/human-units.ts formatQuantity's rule: the largest unit it is a multiple of 1/100 of.
    for (let i = 0, factor = 1024 ** 3; i < 3; i++, factor /= 1024) {
      if (bytes >= factor && (bytes * 100) % factor === 0) {
        return `${(bytes * 100) / factor / 100} ${units[i]}`;
      }
    }
    return `${bytes} B`;
  }

  S.fsError = fsError;
  S.pathNames = pathNames;
  S.sizeText = sizeText;
})();
