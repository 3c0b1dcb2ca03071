// @ts-check
// Package imports for the guest: `import x from 'pkg'` (prepare-code rewrites a snippet's static
// imports into one __mcpi.importAll at its top) and `import('pkg')` (__mcpi.import). The guest
// never resolves anything: an import its heap has not loaded is an effect of kind "import"
// (effects.js), asked at the host's next step with its specifier; the host resolves it (the
// session's pins, else the registry) and answers each bundle's source, which the following step
// evaluates, in the order the imports were made. Replay serves the recorded bundles, and an
// import that differs from the recorded one is a determinism failure. A heap keeps what it
// loaded: the same specifier again takes no step, and one bundle (`lodash` and `npm:lodash@^4`)
// is evaluated once. This kind's step and answer paths are the host's (primordials only);
// evaluation runs package code, which sees the built-ins a guest left, as any library would.
(() => {
  const P = globalThis.__mcpiPrimordials;
  const S = globalThis.__mcpiShared;
  const { apply, construct, mapGet, mapSet, newList, promiseThen, push, record, toText } = P;
  const HostError = Error;
  const HostSyntaxError = SyntaxError;
  const HostFunction = Function;
  const HostPromise = P.Promise;
  // The runtime's own modules (node-fs.js adds `node:fs`): resolved at once, never asked of the
  // host, whose answer for any other Node built-in is that the sandbox does not have it.
  /** @type {Shared['builtinModules']} */
  const builtinModules = new P.Map();

  /**
   * The namespace of a package the heap loaded, or a promise of it once the host has answered.
   * @param {unknown} specifier
   * @returns {Promise<unknown>}
   */
  function importPackage(specifier) {
    const text = toText(specifier);
    return new HostPromise((resolve, reject) => {
      const known = mapGet(builtinModules, text) ?? mapGet(S.state.modules, text);
      if (known !== undefined) {
        resolve(known);
        return;
      }
      /** @type {PendingImport} */
      const pending = record();
      pending.specifier = text;
      pending.resolve = resolve;
      pending.reject = reject;
      S.askEffect('import', pending);
    });
  }

  /**
   * A snippet's static imports, asked for at once: one step for all of them. (A plain function:
   * everything on __mcpi is one.)
   * @param {string[]} specifiers
   */
  function importAll(specifiers) {
    return collect(specifiers);
  }

  const ignore = () => undefined;

  /** @param {string[]} specifiers */
  async function collect(specifiers) {
    const waiting = newList();
    for (let i = 0; i < specifiers.length; i++) {
      const namespace = importPackage(specifiers[i]);
      // The first failure in order fails the snippet; the others are handled, not uncaught.
      promiseThen(namespace, ignore, ignore);
      push(waiting, namespace);
    }
    // An ordinary array: the snippet may destructure it.
    /** @type {unknown[]} */
    const namespaces = [];
    for (let i = 0; i < waiting.length; i++) push(namespaces, await waiting[i]);
    return namespaces;
  }

  /**
   * Export `name` of a namespace, as `import { name } from 'specifier'` binds it.
   * @param {unknown} namespace
   * @param {string} name
   * @param {string} specifier
   */
  function binding(namespace, name, specifier) {
    const object = /** @type {Record<string, unknown>} */ (namespace);
    if (!(name in object)) {
      throw new HostSyntaxError(
        `The requested module '${specifier}' does not provide an export named '${name}'`,
      );
    }
    return object[name];
  }

  /**
   * Runs a bundle (esbuild's CommonJS output of `import * as ns from 'pkg'; export default ns`)
   * and returns the package's namespace. Node's built-ins are left out of bundles: requiring
   * one of the runtime's own (`fs`) gets it, any other throws, naming it and the package.
   * @param {ImportAnswer} answer
   */
  function evaluate(answer) {
    const label = toText(answer.label);
    /** @param {unknown} name */
    const require = (name) => {
      const module = toText(name);
      const builtin = mapGet(builtinModules, module);
      if (builtin !== undefined) return builtin.default;
      throw new HostError(
        `${label} needs the Node built-in module '${module}', which the sandbox does not have`,
      );
    };
    const params = newList();
    push(params, 'module');
    push(params, 'exports');
    push(params, 'require');
    push(params, `${toText(answer.source)}\n//# sourceURL=npm:${label}`);
    const factory = construct(HostFunction, params);
    const exports = {};
    const module = { exports };
    const args = newList();
    push(args, module);
    push(args, exports);
    push(args, require);
    apply(factory, undefined, args);
    return /** @type {{ default: unknown }} */ (module.exports).default;
  }

  /**
   * @param {PendingImport} pending
   * @param {ImportAnswer} answer
   */
  function deliver(pending, answer) {
    if (answer.error !== null) {
      pending.reject(new HostError(toText(answer.error)));
      return;
    }
    let namespace = mapGet(S.state.bundles, answer.bundle);
    if (namespace === undefined) {
      try {
        namespace = evaluate(answer);
      } catch (error) {
        pending.reject(error);
        return;
      }
      mapSet(S.state.bundles, answer.bundle, namespace);
    }
    mapSet(S.state.modules, pending.specifier, namespace);
    pending.resolve(namespace);
  }

  /** @type {EffectKind<PendingImport, string, ImportAnswer>} */
  const importKind = {
    __proto__: null,
    name: 'import',
    request: (pending) => pending.specifier,
    differs: (pending, answer) =>
      pending.specifier === answer.specifier
        ? undefined
        : `a replayed run imported '${pending.specifier}' where its live run imported '${answer.specifier}'`,
    settle: deliver,
    countDiffers: (made, recorded) =>
      `a replayed run imported ${made} packages where its live run imported ${recorded}`,
    fewer: 'a replayed run imported fewer packages than its live run',
  };
  S.registerEffect(/** @type {EffectKind} */ (importKind));

  S.builtinModules = builtinModules;
  S.importPackage = importPackage;
  S.importAll = importAll;
  S.binding = binding;
})();
