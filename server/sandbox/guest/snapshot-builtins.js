// @ts-check
// Built-ins V8 adds to a context restored from a snapshot: taken out before each snapshot and
// put back after each restore, so live and replayed runs see the same built-ins.
// Part of the runtime (see runtime.js): primordials only, on the host's path.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const {
    defineProperty,
    deleteProperty,
    isExtensible,
    newList,
    ownDescriptor,
    push,
    symbolDescription,
  } = P;
  const HostTypeError = TypeError;
  // A context that makes a snapshot lacks stack traces unless this is set, as a restored one has.
  Error.stackTraceLimit = 10;

  // V8 adds these built-ins to every context it restores from a snapshot, but a context making a
  // snapshot lacks them, and V8 aborts a restore when one is already there or its holder is
  // frozen. So the runtime takes them out before each snapshot and, after each restore, puts
  // back exactly what the heap had: live and replayed runs see the same built-ins.
  const asyncIteratorPrototype = Object.getPrototypeOf(
    Object.getPrototypeOf(async function* () {}).prototype,
  );
  const reinstalled = [
    [globalThis, 'AsyncDisposableStack'],
    [globalThis, 'DisposableStack'],
    [globalThis, 'Float16Array'],
    [globalThis, 'SharedArrayBuffer'],
    [globalThis, 'SuppressedError'],
    [globalThis, 'WebAssembly'],
    [Atomics, 'pause'],
    [DataView.prototype, 'getFloat16'],
    [DataView.prototype, 'setFloat16'],
    [Error, 'isError'],
    [Error, 'stackTraceLimit'],
    [Math, 'f16round'],
    [Promise, 'try'],
    [RegExp, 'escape'],
    [Iterator.prototype, Symbol.dispose],
    [asyncIteratorPrototype, Symbol.asyncDispose],
  ];
  /** @type {List<PropertyDescriptor | undefined>} */
  let stashed = newList();
  // Only the restore that follows a snapshot puts them back (a call from a run does nothing).
  let restorePending = false;
  /** Runs in the snapshot maker only, where a throw must abort the snapshot. */
  function beforeSnapshot() {
    restorePending = true;
    stashed = newList();
    for (let i = 0; i < reinstalled.length; i++) {
      const holder = reinstalled[i][0];
      const key = reinstalled[i][1];
      const name = typeof key === 'symbol' ? symbolDescription(key) : key;
      if (!isExtensible(holder)) {
        throw new HostTypeError(
          `a heap where the holder of ${name} is frozen cannot be snapshotted`,
        );
      }
      const descriptor = ownDescriptor(holder, key);
      if (descriptor && !deleteProperty(holder, key)) {
        throw new HostTypeError(`a heap where ${name} cannot be deleted cannot be snapshotted`);
      }
      push(stashed, descriptor);
    }
  }
  function afterRestore() {
    if (!restorePending) return;
    restorePending = false;
    for (let i = 0; i < reinstalled.length; i++) {
      const holder = reinstalled[i][0];
      const key = reinstalled[i][1];
      deleteProperty(holder, key);
      const descriptor = stashed[i];
      if (descriptor) defineProperty(holder, key, descriptor);
    }
    stashed = newList();
  }
  S.beforeSnapshot = beforeSnapshot;
  S.afterRestore = afterRestore;
})();
