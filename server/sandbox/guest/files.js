// @ts-check
// A session's file system, in memory for the current run only (the design: docs/ARCHITECTURE.md,
// "Files"). At a run's first file call the base tree is loaded: live, from the worker through the
// Reference `__mcpi.connectFiles` gave (`tree`); in a replay, from the data
// `__mcpi.replayFiles` handed in after begin. A file's bytes load at its first read (`read`, or
// the replay data's contents). At the run's end (outcome.js) a live run that ended well hands the
// worker the tree after it and the bytes it wrote (`done`), and every run that touched files mixes
// that tree into its outcome's fingerprint; then the run's tree goes with the run's state, so no
// heap or snapshot ever holds a file. A run that never touches files costs nothing.
// node-fs.js is the Node API over these operations, display.js writes through them. Guest code
// calls them, but the tree, the protocol and the end of a run must hold whatever a guest did to
// the built-ins: primordials only, records and lists only.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const {
    apply,
    imul,
    mapDelete,
    mapEntries,
    mapGet,
    mapIteratorNext,
    mapSet,
    mapSize,
    messageOf,
    newList,
    numberToString,
    push,
    record,
    stringCharCodeAt,
    stringify,
    toText,
    typedArrayBuffer,
    typedArrayByteLength,
    typedArrayByteOffset,
    arrayBufferByteLength,
  } = P;
  const { base64ToBytes } = S;
  const HostError = Error;
  const HostUint8Array = P.Uint8Array;
  const HostMap = P.Map;
  const parseJson = JSON.parse;
  const setPrototypeOf = Reflect.setPrototypeOf;
  const hasOwn = P.hasOwn;

  const { fsError, pathNames, sizeText } = S;

  /**
   * @param {string} code
   * @param {FsWhere} where
   * @param {string} [note]
   * @returns {never}
   */
  function fail(code, where, note) {
    throw fsError(code, where, note);
  }

  /**
   * The path of the first `count` names.
   * @param {List<string>} names
   * @param {number} [count]
   */
  const pathOf = (names, count = names.length) => {
    let path = '';
    for (let i = 0; i < count; i++) path += `/${names[i]}`;
    return path === '' ? '/' : path;
  };

  // The worker's Reference (live heaps only) and how it is called: null-prototype options, so
  // isolated-vm's reads of them meet nothing a guest put on Object.prototype.
  /** @type {FilesReference | undefined} */
  let reference;
  /** @type {FilesReference['applySync'] | undefined} */
  let applySync;
  const COPY = {
    __proto__: null,
    arguments: { __proto__: null, copy: true },
    result: { __proto__: null, copy: true },
  };

  /**
   * One call of the worker: `op` and its arguments.
   * @param {List<unknown>} args
   */
  function ask(args) {
    return apply(/** @type {Function} */ (applySync), reference, [undefined, args, COPY]);
  }

  /** @type {Shared['connectFiles']} */
  function connectFiles(ref) {
    reference = ref;
    applySync = ref.applySync;
  }

  /** Takes a parsed value's objects off their prototypes: reads of it meet no guest accessor. */
  const bare = (/** @type {string} */ _key, /** @type {unknown} */ value) => {
    if (value !== null && typeof value === 'object') setPrototypeOf(value, null);
    return value;
  };

  /** @param {unknown} value */
  const isCount = (value) => typeof value === 'number' && value - value === 0 && value >= 0;

  /**
   * Fails the replay: the run sees an Error, and its end (endFiles) fails even if the run caught it.
   * @param {string} message
   * @returns {never}
   */
  function diverge(message) {
    S.run.filesFailure ??= message;
    throw new HostError(message);
  }

  /**
   * @param {number} mtime
   * @returns {DirNode}
   */
  function newDir(mtime) {
    /** @type {DirNode} */
    const dir = record();
    dir.dir = true;
    dir.mtime = mtime;
    dir.fixed = false;
    dir.children = new HostMap();
    return dir;
  }

  /**
   * @param {number} size
   * @param {number} mtime
   * @param {string | undefined} hash
   * @param {Uint8Array | undefined} bytes
   * @returns {FileNode}
   */
  function newFile(size, mtime, hash, bytes) {
    /** @type {FileNode} */
    const file = record();
    file.dir = false;
    file.size = size;
    file.mtime = mtime;
    file.hash = hash;
    file.bytes = bytes;
    return file;
  }

  /**
   * The run's tree, loaded at its first file call: the replay's data, else the worker's.
   * @type {Shared['filesOfRun']}
   */
  function filesOfRun(where) {
    const run = S.run;
    if (run.files !== undefined) return run.files;
    if (run.key === undefined) throw new HostError('files exist only while a run is under way');
    /** @type {string} */
    let json;
    let live = false;
    if (run.filesReplay !== undefined) json = run.filesReplay;
    else if (reference !== undefined) {
      const args = newList();
      push(args, 'tree');
      try {
        json = toText(ask(args));
      } catch {
        fail('EIO', where);
      }
      live = true;
    } else diverge('a replayed run used files its live run did not');
    /** @type {FilesData} */
    let data;
    try {
      data = parseJson(json, bare);
    } catch (error) {
      throw new HostError(`the files of the run cannot be read: ${messageOf(error)}`);
    }
    const files = loadTree(data, live);
    run.files = files;
    return files;
  }

  /**
   * @param {FilesData} data
   * @param {boolean} live
   * @returns {FilesRun}
   */
  function loadTree(data, live) {
    const bad = () => new HostError('the files of the run are malformed');
    const limits = data.limits;
    if (limits === null || typeof limits !== 'object') throw bad();
    /** @type {FileLimits} */
    const checked = record();
    checked.fileBytes = limits.fileBytes;
    checked.sessionFileBytes = limits.sessionFileBytes;
    checked.sessionFiles = limits.sessionFiles;
    checked.displayBytes = limits.displayBytes;
    if (
      !isCount(checked.fileBytes) ||
      !isCount(checked.sessionFileBytes) ||
      !isCount(checked.sessionFiles) ||
      !isCount(checked.displayBytes)
    ) {
      throw bad();
    }
    const origin = S.state.origin ?? 0;
    const root = newDir(origin);
    root.fixed = true;
    const work = newDir(origin);
    work.fixed = true;
    mapSet(root.children, 'work', work);
    /** @type {FilesRun} */
    const files = record();
    files.live = live;
    files.limits = checked;
    files.root = root;
    files.count = 0;
    files.bytes = 0;
    const contents = data.contents;
    files.contents =
      !live && contents !== null && typeof contents === 'object' ? contents : undefined;
    files.loaded = new HostMap();
    files.shown = newList();
    files.displayed = 0;
    const nodes = data.nodes;
    if (!P.isArray(nodes)) throw bad();
    const where = { __proto__: null, syscall: 'open' };
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const path = node.path;
      if (typeof path !== 'string' || !isCount(node.mtime)) throw bad();
      const names = pathNames(path, where);
      if (names.length === 0 || (names.length === 1 && names[0] === 'work')) continue;
      const parent = nodeAt(files, names, names.length - 1);
      if (parent === undefined || !parent.dir || mapGet(parent.children, names[names.length - 1])) {
        throw bad();
      }
      if (node.dir === true) {
        mapSet(parent.children, names[names.length - 1], newDir(node.mtime));
      } else {
        if (typeof node.hash !== 'string' || !isCount(node.size)) throw bad();
        mapSet(
          parent.children,
          names[names.length - 1],
          newFile(node.size, node.mtime, node.hash, undefined),
        );
        files.bytes += node.size;
      }
      files.count++;
    }
    return files;
  }

  /**
   * The node at the first `count` names, or undefined (also below a file).
   * @param {FilesRun} files
   * @param {List<string>} names
   * @param {number} [count]
   * @returns {TreeNode | undefined}
   */
  function nodeAt(files, names, count = names.length) {
    /** @type {TreeNode | undefined} */
    let node = files.root;
    for (let i = 0; i < count; i++) {
      if (node === undefined || !node.dir) return undefined;
      node = mapGet(node.children, names[i]);
    }
    return node;
  }

  /**
   * The node at `names`: ENOENT when it is not there, ENOTDIR when a name on the way is a file.
   * @type {Shared['fileOps']['find']}
   */
  function find(names, where, count = names.length) {
    const files = filesOfRun(where);
    /** @type {TreeNode} */
    let node = files.root;
    for (let i = 0; i < count; i++) {
      if (!node.dir) fail('ENOTDIR', where);
      /** @type {TreeNode | undefined} */
      const next = mapGet(node.children, names[i]);
      if (next === undefined) fail('ENOENT', where);
      node = next;
    }
    return node;
  }

  /**
   * The folder that holds `names`' last name.
   * @param {List<string>} names
   * @param {FsWhere} where
   * @returns {DirNode}
   */
  function parentOf(names, where) {
    const parent = find(names, where, names.length - 1);
    if (!parent.dir) fail('ENOTDIR', where);
    return parent;
  }

  /**
   * Throws ENOSPC naming the setting when `files` would go over a limit with `addNodes` more
   * nodes and `addBytes` more bytes, in a file of `size` bytes.
   * @param {FilesRun} files
   * @param {number} addNodes
   * @param {number} addBytes
   * @param {number} size
   * @param {FsWhere} where
   */
  function checkLimits(files, addNodes, addBytes, size, where) {
    const { limits } = files;
    if (size > limits.fileBytes) {
      fail('ENOSPC', where, `fileBytes is ${sizeText(limits.fileBytes)}`);
    }
    if (addBytes > 0 && files.bytes + addBytes > limits.sessionFileBytes) {
      fail('ENOSPC', where, `sessionFileBytes is ${sizeText(limits.sessionFileBytes)}`);
    }
    if (addNodes > 0 && files.count + addNodes > limits.sessionFiles) {
      fail('ENOSPC', where, `sessionFiles is ${limits.sessionFiles}`);
    }
  }

  /**
   * A file's bytes (never to be changed: copies share them), loaded at its first read.
   * @type {Shared['fileOps']['bytesOf']}
   */
  function bytesOf(file, where) {
    if (file.bytes !== undefined) return file.bytes;
    const files = filesOfRun(where);
    const hash = /** @type {string} */ (file.hash);
    let bytes = mapGet(files.loaded, hash);
    if (bytes === undefined) {
      if (files.live) {
        const args = newList();
        push(args, 'read');
        push(args, hash);
        try {
          const buffer = ask(args);
          bytes = new HostUint8Array(
            /** @type {ArrayBuffer} */ (buffer),
            0,
            arrayBufferByteLength(buffer),
          );
        } catch {
          fail('EIO', where);
        }
      } else {
        const contents = files.contents;
        const text = contents !== undefined && hasOwn(contents, hash) ? contents[hash] : undefined;
        if (typeof text !== 'string') {
          diverge(`a replayed run read ${where.path}, which its live run did not read`);
        }
        bytes = base64ToBytes(text);
      }
      if (typedArrayByteLength(bytes) !== file.size) fail('EIO', where);
      mapSet(files.loaded, hash, bytes);
    }
    file.bytes = bytes;
    return bytes;
  }

  /**
   * Writes `bytes` (the file's own from now on) at `names`: `exclusive` fails if it exists, `append`
   * adds to it, `makeParent` makes its folder if missing (display's).
   * @type {Shared['fileOps']['write']}
   */
  function write(names, bytes, how, where) {
    const files = filesOfRun(where);
    if (names.length === 0) fail('EISDIR', where);
    const name = names[names.length - 1];
    let parent = /** @type {DirNode | undefined} */ (undefined);
    if (how.makeParent) {
      const above = find(names, where, names.length - 2);
      if (!above.dir) fail('ENOTDIR', where);
      const found = mapGet(above.children, names[names.length - 2]);
      if (found !== undefined && !found.dir) fail('ENOTDIR', where);
      parent = found;
    } else parent = parentOf(names, where);
    const existing = parent === undefined ? undefined : mapGet(parent.children, name);
    if (existing?.dir) fail('EISDIR', where);
    if (existing !== undefined && how.exclusive) fail('EEXIST', where);
    let data = bytes;
    if (how.append && existing !== undefined && existing.size > 0) {
      const before = bytesOf(existing, where);
      const length = typedArrayByteLength(bytes);
      data = new HostUint8Array(existing.size + length);
      for (let i = 0; i < existing.size; i++) data[i] = before[i];
      for (let i = 0; i < length; i++) data[existing.size + i] = bytes[i];
    }
    const size = typedArrayByteLength(data);
    const oldSize = existing === undefined ? 0 : existing.size;
    const newNodes = (existing === undefined ? 1 : 0) + (parent === undefined ? 1 : 0);
    // Node's writeFile fails to open (ENOENT, EISDIR, ...), or to write when the disk is full.
    checkLimits(files, newNodes, size - oldSize, size, {
      __proto__: null,
      syscall: 'write',
      path: where.path,
    });
    const clock = S.state.clock;
    if (parent === undefined) {
      const above = /** @type {DirNode} */ (find(names, where, names.length - 2));
      parent = newDir(clock);
      mapSet(above.children, names[names.length - 2], parent);
    }
    if (existing === undefined)
      mapSet(parent.children, name, newFile(size, clock, undefined, data));
    else {
      existing.size = size;
      existing.mtime = clock;
      existing.hash = undefined;
      existing.bytes = data;
    }
    files.count += newNodes;
    files.bytes += size - oldSize;
  }

  /**
   * Makes the folder at `names`; `recursive` makes the missing ones on the way and answers the
   * first it made (Node's mkdir), else fails if it exists.
   * @type {Shared['fileOps']['mkdir']}
   */
  function mkdir(names, recursive, where) {
    const files = filesOfRun(where);
    /** @type {DirNode} */
    let dir = files.root;
    let at = 0;
    for (; at < names.length; at++) {
      const next = mapGet(dir.children, names[at]);
      if (next === undefined) break;
      if (!next.dir) fail(recursive || at < names.length - 1 ? 'ENOTDIR' : 'EEXIST', where);
      dir = next;
    }
    if (at === names.length) {
      if (recursive) return undefined;
      fail('EEXIST', where);
    }
    if (!recursive && at < names.length - 1) fail('ENOENT', where);
    checkLimits(files, names.length - at, 0, 0, where);
    const first = pathOf(names, at + 1);
    for (; at < names.length; at++) {
      const made = newDir(S.state.clock);
      mapSet(dir.children, names[at], made);
      files.count++;
      dir = made;
    }
    return recursive ? first : undefined;
  }

  /**
   * The entries of the folder at `names`, sorted by name.
   * @type {Shared['fileOps']['list']}
   */
  function list(names, where) {
    const dir = find(names, where);
    if (!dir.dir) fail('ENOTDIR', where);
    return entriesOf(dir);
  }

  /**
   * @param {DirNode} dir
   * @returns {List<FileEntry>}
   */
  function entriesOf(dir) {
    /** @type {List<FileEntry>} */
    const entries = newList();
    const iterator = mapEntries(dir.children);
    for (;;) {
      const step = mapIteratorNext(iterator);
      if (step.done) break;
      const pair = /** @type {[string, TreeNode]} */ (step.value);
      /** @type {FileEntry} */
      const entry = record();
      entry.name = pair[0];
      entry.node = pair[1];
      push(entries, entry);
    }
    return sortEntries(entries);
  }

  /**
   * `entries` sorted by name in code-unit order (a merge sort: Array#sort is the guest's).
   * @param {List<FileEntry>} entries
   * @returns {List<FileEntry>}
   */
  function sortEntries(entries) {
    if (entries.length < 2) return entries;
    const middle = (entries.length / 2) | 0;
    const left = newList();
    const right = newList();
    for (let i = 0; i < entries.length; i++) push(i < middle ? left : right, entries[i]);
    const a = sortEntries(/** @type {List<FileEntry>} */ (left));
    const b = sortEntries(/** @type {List<FileEntry>} */ (right));
    /** @type {List<FileEntry>} */
    const out = newList();
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i].name <= b[j].name)) push(out, a[i++]);
      else push(out, b[j++]);
    }
    return out;
  }

  /**
   * Nodes and bytes of the subtree at `node`.
   * @param {TreeNode} node
   * @returns {[number, number]}
   */
  function weigh(node) {
    if (!node.dir) return [1, node.size];
    let nodes = 1;
    let bytes = 0;
    const entries = entriesOf(node);
    for (let i = 0; i < entries.length; i++) {
      const below = weigh(entries[i].node);
      nodes += below[0];
      bytes += below[1];
    }
    return [nodes, bytes];
  }

  /**
   * Takes `name` out of `parent`, with all below it.
   * @param {FilesRun} files
   * @param {DirNode} parent
   * @param {string} name
   * @param {TreeNode} node
   */
  function detach(files, parent, name, node) {
    const weight = weigh(node);
    mapDelete(parent.children, name);
    files.count -= weight[0];
    files.bytes -= weight[1];
  }

  /** @param {List<string>} names */
  const isFixed = (names) => names.length === 0 || (names.length === 1 && names[0] === 'work');

  /**
   * Removes what is at `names`: `kind` 'file' (unlink), 'dir' (rmdir: an empty folder) or 'any'
   * (rm: a folder only when `recursive`; `force` ignores a missing one).
   * @type {Shared['fileOps']['remove']}
   */
  function remove(names, kind, recursive, force, where) {
    const files = filesOfRun(where);
    if (isFixed(names) && kind !== 'file') fail('EBUSY', where);
    let node;
    try {
      node = find(names, where);
    } catch (error) {
      if (force && /** @type {{ code?: unknown }} */ (error).code === 'ENOENT') return;
      throw error;
    }
    if (kind === 'file' && node.dir) fail('EISDIR', where);
    if (kind === 'dir' && !node.dir) fail('ENOTDIR', where);
    if (kind === 'dir' && node.dir && mapSize(node.children) > 0) fail('ENOTEMPTY', where);
    if (kind === 'any' && node.dir && !recursive) fail('EISDIR', where);
    detach(files, parentOf(names, where), names[names.length - 1], node);
  }

  /**
   * Moves what is at `from` to `to` (POSIX rename: a file replaces a file, a folder an empty
   * folder); its mtime stays.
   * @type {Shared['fileOps']['rename']}
   */
  function rename(from, to, where) {
    const files = filesOfRun(where);
    if (isFixed(from) || isFixed(to)) fail('EBUSY', where);
    const node = find(from, where);
    const target = parentOf(to, where);
    const name = to[to.length - 1];
    if (pathOf(from) === pathOf(to)) return;
    if (node.dir && to.length > from.length && pathOf(to, from.length) === pathOf(from)) {
      fail('EINVAL', where);
    }
    const existing = mapGet(target.children, name);
    if (existing !== undefined) {
      if (!node.dir && existing.dir) fail('EISDIR', where);
      if (node.dir && !existing.dir) fail('ENOTDIR', where);
      if (existing.dir && mapSize(existing.children) > 0) fail('ENOTEMPTY', where);
      detach(files, target, name, existing);
    }
    mapDelete(parentOf(from, where).children, from[from.length - 1]);
    mapSet(target.children, name, node);
  }

  /**
   * Copies the file at `from` to `to` (a new file: mtime now); `exclusive` fails if `to` exists.
   * @type {Shared['fileOps']['copy']}
   */
  function copy(from, to, exclusive, where) {
    const files = filesOfRun(where);
    const source = find(from, where);
    if (source.dir) fail('EISDIR', where);
    if (to.length === 0) fail('EISDIR', where);
    const target = parentOf(to, where);
    const name = to[to.length - 1];
    const existing = mapGet(target.children, name);
    if (existing?.dir) fail('EISDIR', where);
    if (existing !== undefined && exclusive) fail('EEXIST', where);
    const oldSize = existing === undefined ? 0 : existing.size;
    checkLimits(files, existing === undefined ? 1 : 0, source.size - oldSize, source.size, where);
    mapSet(target.children, name, newFile(source.size, S.state.clock, source.hash, source.bytes));
    if (existing === undefined) files.count++;
    files.bytes += source.size - oldSize;
  }

  /**
   * Every node below `dir` (whose path is `path`) with its path, in path order; / and /work are
   * not nodes.
   * @param {DirNode} dir
   * @param {string} path
   * @param {List<FileEntry>} out
   */
  function collect(dir, path, out) {
    const entries = entriesOf(dir);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const full = `${path}/${entry.name}`;
      if (!(entry.node.dir && entry.node.fixed)) {
        /** @type {FileEntry} */
        const item = record();
        item.name = full;
        item.node = entry.node;
        push(out, item);
      }
      if (entry.node.dir) collect(entry.node, full, out);
    }
  }

  /**
   * The tree after the run in path order (the protocol's "sorted by path").
   * @param {FilesRun} files
   */
  function treeAfter(files) {
    /** @type {List<FileEntry>} */
    const all = newList();
    collect(files.root, '', all);
    return sortEntries(all);
  }

  // FNV-1a, as outcome.js's fingerprint.
  /**
   * @param {number} hash
   * @param {string} text
   */
  function mixText(hash, text) {
    let h = hash;
    for (let i = 0; i < text.length; i++) h = imul(h ^ stringCharCodeAt(text, i), 0x01000193) >>> 0;
    return h;
  }
  /**
   * @param {number} hash
   * @param {Uint8Array} bytes
   */
  function mixBytes(hash, bytes) {
    let h = hash;
    const length = typedArrayByteLength(bytes);
    for (let i = 0; i < length; i++) h = imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h;
  }

  /**
   * The bytes of `data` as an ArrayBuffer of their own length.
   * @param {Uint8Array} data
   */
  function ownBuffer(data) {
    const buffer = typedArrayBuffer(data);
    if (
      typedArrayByteOffset(data) === 0 &&
      arrayBufferByteLength(buffer) === typedArrayByteLength(data)
    ) {
      return buffer;
    }
    return typedArrayBuffer(new HostUint8Array(data));
  }

  /**
   * The end of a run's files (outcome.js, after the run's state was replaced): a live run that
   * ended well hands the worker its tree and new bytes (`done`); the text that goes into the
   * outcome's fingerprint, or undefined when the run touched no files. A replay that found no
   * data for what it did fails here, whatever the run caught.
   * @type {Shared['endFiles']}
   */
  function endFiles(run, ok) {
    if (run.filesFailure !== undefined) throw new HostError(run.filesFailure);
    const files = run.files;
    if (files === undefined) return undefined;
    const entries = treeAfter(files);
    let hash = 0x811c9dc5;
    /** @type {List<GuestTreeNode>} */
    const nodes = newList();
    const buffers = newList();
    /** @type {Map<Uint8Array, number>} */
    const indexes = new HostMap();
    for (let i = 0; i < entries.length; i++) {
      const { name: path, node } = entries[i];
      /** @type {GuestTreeNode} */
      const out = record();
      out.path = path;
      if (node.dir) out.dir = true;
      out.size = node.dir ? 0 : node.size;
      out.mtime = node.mtime;
      hash = mixText(hash, `${path}\0${node.dir ? 'd' : 'f'}${out.size} ${out.mtime} `);
      if (!node.dir && node.hash !== undefined) {
        out.hash = node.hash;
        hash = mixText(hash, node.hash);
      } else if (!node.dir) {
        const bytes = /** @type {Uint8Array} */ (node.bytes);
        hash = mixBytes(hash, bytes);
        let index = mapGet(indexes, bytes);
        if (index === undefined) {
          index = buffers.length;
          mapSet(indexes, bytes, index);
          push(buffers, ownBuffer(bytes));
        }
        out.content = index;
      }
      push(nodes, out);
    }
    for (let i = 0; i < files.shown.length; i++) {
      hash = mixText(hash, `\n${files.shown[i].path} ${files.shown[i].mimeType}`);
    }
    if (files.live && ok) {
      /** @type {GuestFilesDone} */
      const done = record();
      done.nodes = nodes;
      done.shown = files.shown;
      const args = newList();
      push(args, 'done');
      push(args, stringify(done));
      for (let i = 0; i < buffers.length; i++) push(args, buffers[i]);
      try {
        ask(args);
      } catch (error) {
        throw new HostError(`the run's files could not be kept: ${messageOf(error)}`);
      }
    }
    return ` files ${numberToString(hash, 16)}`;
  }

  /** Forgets the run's files and the worker's Reference (a snapshot holds neither). */
  function dropFiles() {
    S.run.files = undefined;
    S.run.filesReplay = undefined;
    reference = undefined;
    applySync = undefined;
  }

  S.filesOfRun = filesOfRun;
  S.fileOps = { __proto__: null, find, bytesOf, write, mkdir, list, remove, rename, copy };
  S.connectFiles = connectFiles;
  S.endFiles = endFiles;
  S.dropFiles = dropFiles;
})();
