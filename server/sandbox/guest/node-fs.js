// @ts-check
// `node:fs` and `node:fs/promises` (also `fs` and `fs/promises`) over the run's file system
// (files.js): the common calls, synchronous and as promises, with Node's errors. A snippet's
// import and a package's require get these at once, never asking the host (packages.js).
// Node's callback-style calls (fs.readFile(path, callback), ...) are left out: the sandbox's code
// is async/await, and the promise API is `fs.promises` (`fs/promises`). Encodings are utf8 and
// base64; without one, bytes come as a Uint8Array (the sandbox has no Buffer).
// Guest code calls these: the tree and what they hand back never meet a built-in a guest
// replaced (primordials, class fields, own properties).
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const { defineProperty, mapSet, newList, push, stringCharCodeAt, toText, typedArrayByteLength } =
    P;
  const { fsError, pathNames, fileOps, utf8Encode, utf8Decode } = S;
  const { bytesToBase64, base64ToBytes, bufferSourceBytes } = S;
  const HostTypeError = TypeError;
  const HostUint8Array = P.Uint8Array;
  const HostDate = Date;
  const ArrayPrototype = Array.prototype;
  const setPrototypeOf = Reflect.setPrototypeOf;

  /**
   * A TypeError with Node's code for a bad argument.
   * @param {string} code
   * @param {string} message
   */
  function argumentError(code, message) {
    const error = new HostTypeError(message);
    defineProperty(
      error,
      'code',
      /** @type {PropertyDescriptor} */ ({
        __proto__: null,
        value: code,
        writable: true,
        enumerable: false,
        configurable: true,
      }),
    );
    return error;
  }

  /** @param {unknown} value */
  function received(value) {
    if (value === null || value === undefined) return `Received ${value}`;
    if (typeof value === 'function') return 'Received function';
    if (typeof value === 'object') return 'Received an instance of an object';
    return `Received type ${typeof value} (${toText(value)})`;
  }

  /**
   * A path argument: a string without NUL (Node's checks), as its names from `/`.
   * @param {unknown} path
   * @param {FsWhere} where
   * @param {string} [what]
   */
  function namesOf(path, where, what = 'path') {
    if (typeof path !== 'string') {
      throw argumentError(
        'ERR_INVALID_ARG_TYPE',
        `The "${what}" argument must be of type string. ${received(path)}`,
      );
    }
    for (let i = 0; i < path.length; i++) {
      if (stringCharCodeAt(path, i) === 0) {
        throw argumentError(
          'ERR_INVALID_ARG_VALUE',
          `The argument '${what}' must be a string, Uint8Array, or URL without null bytes. Received ${P.stringify(path)}`,
        );
      }
    }
    return pathNames(path, where);
  }

  /**
   * @param {string} syscall
   * @param {unknown} path
   * @param {unknown} [dest]
   * @returns {FsWhere}
   */
  const at = (syscall, path, dest) => ({
    __proto__: null,
    syscall,
    path: typeof path === 'string' ? path : undefined,
    dest: typeof dest === 'string' ? dest : undefined,
  });

  /** @param {unknown} options */
  const optionsOf = (options) =>
    options !== null && typeof options === 'object'
      ? /** @type {Record<string, unknown>} */ (options)
      : undefined;

  /**
   * The encoding `options` names (a string, or `{encoding}`): 'utf8', 'base64', or undefined for
   * bytes.
   * @param {unknown} options
   */
  function encodingOf(options) {
    const named = typeof options === 'string' ? options : optionsOf(options)?.encoding;
    if (named === undefined || named === null || named === 'buffer') return undefined;
    if (named === 'utf8' || named === 'utf-8' || named === 'UTF8' || named === 'UTF-8') {
      return 'utf8';
    }
    if (named === 'base64') return 'base64';
    throw argumentError(
      'ERR_INVALID_ARG_VALUE',
      `The argument 'encoding' is invalid encoding (the sandbox has utf8 and base64). Received ${P.stringify(toText(named))}`,
    );
  }

  /**
   * What a write puts in the file: a string in `encoding`, or a copy of the bytes of a view.
   * @param {unknown} data
   * @param {'utf8' | 'base64' | undefined} encoding
   */
  function dataBytes(data, encoding) {
    if (typeof data === 'string') {
      return encoding === 'base64' ? new HostUint8Array(base64ToBytes(data)) : utf8Encode(data);
    }
    const view = bufferSourceBytes(data);
    if (view === undefined) {
      throw argumentError(
        'ERR_INVALID_ARG_TYPE',
        `The "data" argument must be of type string or an instance of TypedArray or DataView. ${received(data)}`,
      );
    }
    return new HostUint8Array(view);
  }

  /**
   * A file's bytes as a read returns them: text, or a Uint8Array of its own.
   * @param {Uint8Array} bytes
   * @param {'utf8' | 'base64' | undefined} encoding
   */
  function decoded(bytes, encoding) {
    if (encoding === undefined) return new HostUint8Array(bytes);
    if (encoding === 'base64') return bytesToBase64(bytes);
    // Node's toString keeps a leading BOM; the Encoding spec's decoder drops it.
    const bom =
      typedArrayByteLength(bytes) >= 3 &&
      bytes[0] === 0xef &&
      bytes[1] === 0xbb &&
      bytes[2] === 0xbf;
    return bom ? `\ufeff${utf8Decode(bytes)}` : utf8Decode(bytes);
  }

  /**
   * How a write treats an existing file, from Node's flag.
   * @param {unknown} flag
   * @param {string} fallback
   * @returns {WriteHow}
   */
  function writeHow(flag, fallback) {
    const text = flag === undefined ? fallback : flag;
    const exclusive = text === 'wx' || text === 'xw' || text === 'ax' || text === 'xa';
    const append = text === 'a' || text === 'a+' || text === 'ax' || text === 'xa' || text === 'as';
    if (!exclusive && !append && text !== 'w' && text !== 'w+') {
      throw argumentError(
        'ERR_INVALID_ARG_VALUE',
        `The argument 'flags' is invalid. Received ${P.stringify(toText(text))}`,
      );
    }
    return { __proto__: null, exclusive, append, makeParent: false };
  }

  /** A list handed to guest code: an ordinary array, made without Array.prototype's methods. */
  const guestArray = (/** @type {List<unknown>} */ list) => {
    setPrototypeOf(list, ArrayPrototype);
    return list;
  };

  const S_IFREG = 0o100000;
  const S_IFDIR = 0o040000;

  /** What Node's Stats and Dirent both say of a file's kind: a folder or a regular file. */
  class FileKind {
    #dir = false;
    /** @param {boolean} dir */
    constructor(dir) {
      this.#dir = dir;
    }
    isFile() {
      return !this.#dir;
    }
    isDirectory() {
      return this.#dir;
    }
    isSymbolicLink() {
      return false;
    }
    isBlockDevice() {
      return false;
    }
    isCharacterDevice() {
      return false;
    }
    isFIFO() {
      return false;
    }
    isSocket() {
      return false;
    }
  }

  /** What stat() answers, as Node's fs.Stats. */
  class Stats extends FileKind {
    dev = 0;
    mode = 0;
    nlink = 1;
    uid = 0;
    gid = 0;
    rdev = 0;
    blksize = 4096;
    ino = 0;
    size = 0;
    blocks = 0;
    atimeMs = 0;
    mtimeMs = 0;
    ctimeMs = 0;
    birthtimeMs = 0;
    atime = new HostDate(0);
    mtime = new HostDate(0);
    ctime = new HostDate(0);
    birthtime = new HostDate(0);
    /**
     * @param {boolean} dir
     * @param {number} size
     * @param {number} mtime
     */
    constructor(dir, size, mtime) {
      super(dir);
      this.mode = dir ? S_IFDIR | 0o755 : S_IFREG | 0o644;
      this.size = size;
      this.blocks = (size + 511 - ((size + 511) % 512)) / 512;
      // One time is all a file has: its last write on the virtual clock.
      this.atimeMs = this.mtimeMs = this.ctimeMs = this.birthtimeMs = mtime;
      this.atime = new HostDate(mtime);
      this.mtime = new HostDate(mtime);
      this.ctime = new HostDate(mtime);
      this.birthtime = new HostDate(mtime);
    }
  }

  /** An entry of readdir({ withFileTypes: true }), as Node's fs.Dirent. */
  class Dirent extends FileKind {
    name = '';
    parentPath = '';
    path = '';
    /**
     * @param {string} name
     * @param {string} parentPath
     * @param {boolean} dir
     */
    constructor(name, parentPath, dir) {
      super(dir);
      this.name = name;
      this.parentPath = parentPath;
      this.path = parentPath;
    }
  }

  /** @param {TreeNode} node */
  const statsOf = (node) => new Stats(node.dir, node.dir ? 0 : node.size, node.mtime);

  /**
   * @param {unknown} path
   * @param {unknown} [options]
   */
  function readFileSync(path, options) {
    const where = at('open', path);
    const encoding = encodingOf(options);
    const node = fileOps.find(namesOf(path, where), where);
    if (node.dir) throw fsError('EISDIR', at('read', undefined));
    return decoded(fileOps.bytesOf(node, where), encoding);
  }

  /**
   * @param {unknown} path
   * @param {unknown} data
   * @param {unknown} options
   * @param {string} flag
   */
  function writeWith(path, data, options, flag) {
    const where = at('open', path);
    const bytes = dataBytes(data, encodingOf(options));
    const how = writeHow(optionsOf(options)?.flag, flag);
    const names = namesOf(path, where);
    fileOps.write(names, bytes, how, where);
  }

  /**
   * @param {unknown} path
   * @param {unknown} data
   * @param {unknown} [options]
   */
  function writeFileSync(path, data, options) {
    writeWith(path, data, options, 'w');
  }

  /**
   * @param {unknown} path
   * @param {unknown} data
   * @param {unknown} [options]
   */
  function appendFileSync(path, data, options) {
    writeWith(path, data, options, 'a');
  }

  /**
   * @param {unknown} path
   * @param {unknown} [options]
   */
  function readdirSync(path, options) {
    const where = at('scandir', path);
    const encoding = encodingOf(options);
    const settings = optionsOf(options);
    const types = !!settings?.withFileTypes;
    const recursive = !!settings?.recursive;
    if (encoding === 'base64')
      throw argumentError('ERR_INVALID_ARG_VALUE', 'readdir names are utf8');
    const names = namesOf(path, where);
    const out = newList();
    /**
     * @param {List<string>} dir
     * @param {string} parentPath
     * @param {string} prefix
     */
    const listInto = (dir, parentPath, prefix) => {
      const entries = fileOps.list(dir, where);
      for (let i = 0; i < entries.length; i++) {
        const { name, node } = entries[i];
        push(out, types ? new Dirent(name, parentPath, node.dir) : `${prefix}${name}`);
        if (recursive && node.dir) {
          /** @type {List<string>} */
          const below = newList();
          for (let j = 0; j < dir.length; j++) push(below, dir[j]);
          push(below, name);
          listInto(below, `${parentPath}/${name}`, `${prefix}${name}/`);
        }
      }
    };
    listInto(names, /** @type {string} */ (path), '');
    return guestArray(out);
  }

  /**
   * @param {string} syscall
   * @param {unknown} path
   * @param {unknown} options
   */
  function statWith(syscall, path, options) {
    const where = at(syscall, path);
    const names = namesOf(path, where);
    if (optionsOf(options)?.throwIfNoEntry === false) {
      try {
        return statsOf(fileOps.find(names, where));
      } catch (error) {
        if (/** @type {{ code?: unknown }} */ (error).code === 'ENOENT') return undefined;
        throw error;
      }
    }
    return statsOf(fileOps.find(names, where));
  }

  /**
   * @param {unknown} path
   * @param {unknown} [options]
   */
  function statSync(path, options) {
    return statWith('stat', path, options);
  }

  /**
   * @param {unknown} path
   * @param {unknown} [options]
   */
  function lstatSync(path, options) {
    return statWith('lstat', path, options);
  }

  /**
   * @param {unknown} path
   * @param {unknown} [options]
   */
  function mkdirSync(path, options) {
    const where = at('mkdir', path);
    return fileOps.mkdir(namesOf(path, where), !!optionsOf(options)?.recursive, where);
  }

  /**
   * @param {unknown} path
   * @param {unknown} [options]
   */
  function rmSync(path, options) {
    const where = at('rm', path);
    const settings = optionsOf(options);
    fileOps.remove(namesOf(path, where), 'any', !!settings?.recursive, !!settings?.force, where);
  }

  /** @param {unknown} path */
  function rmdirSync(path) {
    const where = at('rmdir', path);
    fileOps.remove(namesOf(path, where), 'dir', false, false, where);
  }

  /** @param {unknown} path */
  function unlinkSync(path) {
    const where = at('unlink', path);
    fileOps.remove(namesOf(path, where), 'file', false, false, where);
  }

  /**
   * @param {unknown} oldPath
   * @param {unknown} newPath
   */
  function renameSync(oldPath, newPath) {
    const where = at('rename', oldPath, newPath);
    fileOps.rename(namesOf(oldPath, where, 'oldPath'), namesOf(newPath, where, 'newPath'), where);
  }

  const COPYFILE_EXCL = 1;

  /**
   * @param {unknown} src
   * @param {unknown} dest
   * @param {unknown} [mode]
   */
  function copyFileSync(src, dest, mode) {
    const where = at('copyfile', src, dest);
    const exclusive = typeof mode === 'number' && (mode & COPYFILE_EXCL) !== 0;
    fileOps.copy(namesOf(src, where, 'src'), namesOf(dest, where, 'dest'), exclusive, where);
  }

  /**
   * Every file may be read and written: only whether it is there is checked.
   * @param {unknown} path
   * @param {unknown} [_mode]
   */
  function accessSync(path, _mode) {
    const where = at('access', path);
    fileOps.find(namesOf(path, where), where);
  }

  /** @param {unknown} path */
  function existsSync(path) {
    try {
      accessSync(path);
      return true;
    } catch {
      return false;
    }
  }

  const constants = Object.freeze({
    F_OK: 0,
    R_OK: 4,
    W_OK: 2,
    X_OK: 1,
    COPYFILE_EXCL,
    COPYFILE_FICLONE: 2,
    COPYFILE_FICLONE_FORCE: 4,
  });

  // The promise API: the same calls, settled at once (async functions: a guest's Promise is not
  // theirs), failing as a rejection.
  const promises = {
    /** @type {(path: unknown, options?: unknown) => Promise<unknown>} */
    async readFile(path, options) {
      return readFileSync(path, options);
    },
    /** @type {(path: unknown, data: unknown, options?: unknown) => Promise<void>} */
    async writeFile(path, data, options) {
      writeFileSync(path, data, options);
    },
    /** @type {(path: unknown, data: unknown, options?: unknown) => Promise<void>} */
    async appendFile(path, data, options) {
      appendFileSync(path, data, options);
    },
    /** @type {(path: unknown, options?: unknown) => Promise<unknown[]>} */
    async readdir(path, options) {
      return readdirSync(path, options);
    },
    /** @type {(path: unknown, options?: unknown) => Promise<Stats | undefined>} */
    async stat(path, options) {
      return statSync(path, options);
    },
    /** @type {(path: unknown, options?: unknown) => Promise<Stats | undefined>} */
    async lstat(path, options) {
      return lstatSync(path, options);
    },
    /** @type {(path: unknown, options?: unknown) => Promise<string | undefined>} */
    async mkdir(path, options) {
      return mkdirSync(path, options);
    },
    /** @type {(path: unknown, options?: unknown) => Promise<void>} */
    async rm(path, options) {
      rmSync(path, options);
    },
    /** @type {(path: unknown) => Promise<void>} */
    async rmdir(path) {
      rmdirSync(path);
    },
    /** @type {(path: unknown) => Promise<void>} */
    async unlink(path) {
      unlinkSync(path);
    },
    /** @type {(oldPath: unknown, newPath: unknown) => Promise<void>} */
    async rename(oldPath, newPath) {
      renameSync(oldPath, newPath);
    },
    /** @type {(src: unknown, dest: unknown, mode?: unknown) => Promise<void>} */
    async copyFile(src, dest, mode) {
      copyFileSync(src, dest, mode);
    },
    /** @type {(path: unknown, mode?: unknown) => Promise<void>} */
    async access(path, mode) {
      accessSync(path, mode);
    },
    constants,
  };

  const fs = {
    readFileSync,
    writeFileSync,
    appendFileSync,
    readdirSync,
    statSync,
    lstatSync,
    mkdirSync,
    rmSync,
    rmdirSync,
    unlinkSync,
    renameSync,
    copyFileSync,
    accessSync,
    existsSync,
    promises,
    constants,
    Stats,
    Dirent,
  };

  /**
   * A module namespace as `import * as` sees it: every export, and the module as `default`.
   * @param {Record<string, unknown>} exports
   */
  function namespaceOf(exports) {
    /** @type {Record<string | symbol, unknown>} */
    const namespace = { __proto__: null };
    for (const key of Object.keys(exports)) namespace[key] = exports[key];
    namespace.default = exports;
    namespace[Symbol.toStringTag] = 'Module';
    return Object.freeze(namespace);
  }
  const fsModule = namespaceOf(fs);
  const promisesModule = namespaceOf(promises);
  mapSet(S.builtinModules, 'fs', fsModule);
  mapSet(S.builtinModules, 'node:fs', fsModule);
  mapSet(S.builtinModules, 'fs/promises', promisesModule);
  mapSet(S.builtinModules, 'node:fs/promises', promisesModule);
})();
