// What a run may import: the specifiers the sandbox understands, the package allow-list's
// patterns, and the registry's address. Shared by the settings, the GUI's form and the sandbox
// worker, so the three agree on every rule.

/** The public npm registry: the default of `npmRegistry`. */
export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org/';

/** A package import, as `import ... from 'SPECIFIER'` names it. */
export interface PackageSpecifier {
  /** `lodash`, `@scope/name` */
  name: string;
  /** A semver range or dist-tag from `npm:name@RANGE`; absent for a bare name. */
  range?: string;
  /** `fp` of `lodash/fp`; absent for the package's main entry. */
  subpath?: string;
}

// npm's rules for new package names: lower case, URL-safe, at most 214 characters, never
// starting with a dot (so no part is `.` or `..`). Packages published before the rules may have
// capitals.
const NAME_PART = /^[a-z0-9~-][a-z0-9._~-]*$/;
const OLD_NAME_PART = /^[a-z0-9~-][a-z0-9._~-]*$/i;
const NODE_BUILTINS = new Set(
  'assert async_hooks buffer child_process cluster console constants crypto dgram diagnostics_channel dns domain events fs http http2 https inspector module net os path perf_hooks process punycode querystring readline repl stream string_decoder sys timers tls trace_events tty url util v8 vm wasi worker_threads zlib'.split(
    ' ',
  ),
);

/**
 * Whether a name (without `npm:`) is a package name npm accepts for a new package, or with
 * `published`, one a registry may list (an old package's capitals allowed).
 */
export function isPackageName(name: string, published = false): boolean {
  if (name.length === 0 || name.length > 214) return false;
  const parts = name.startsWith('@') ? name.slice(1).split('/') : [name];
  const rule = published ? OLD_NAME_PART : NAME_PART;
  return (
    (name.startsWith('@') ? parts.length === 2 : parts.length === 1) &&
    parts.every((part) => rule.test(part))
  );
}

/**
 * `os`, `node:path` and `fs/promises` name Node's built-in modules, which the host never resolves:
 * the sandbox has none but its own `fs` (guest/node-fs.js), which the guest resolves itself.
 */
export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return NODE_BUILTINS.has(specifier.split('/')[0] ?? '');
}

/**
 * Reads `name`, `name/sub`, `npm:name@range` and `npm:name@range/sub` (scoped names too), or
 * says in a sentence why it is not a package the sandbox can import.
 */
export function parsePackageSpecifier(specifier: string): PackageSpecifier | string {
  const shown = JSON.stringify(specifier);
  if (isNodeBuiltin(specifier)) {
    const module = specifier.startsWith('node:') ? specifier : `node:${specifier}`;
    return `${shown} is a Node built-in module (${module}), which the sandbox does not have`;
  }
  if (/^[./]/.test(specifier) || /^[a-z][a-z0-9+.-]*:\/\//i.test(specifier)) {
    return `${shown} is a file or URL: the sandbox imports npm packages by name only`;
  }
  const npm = specifier.startsWith('npm:');
  const rest = npm ? specifier.slice(4) : specifier;
  const scoped = rest.startsWith('@');
  const slash = rest.indexOf('/', scoped ? rest.indexOf('/') + 1 : 0);
  const head = slash === -1 ? rest : rest.slice(0, slash);
  const subpath = slash === -1 ? undefined : rest.slice(slash + 1);
  const at = head.indexOf('@', scoped ? 1 : 0);
  const name = at === -1 ? head : head.slice(0, at);
  const range = at === -1 ? undefined : head.slice(at + 1);
  if (!isPackageName(name)) return `${shown} does not name an npm package`;
  if (range !== undefined && (!npm || range.trim() === '')) {
    return `${shown}: a version goes with the npm: prefix, as in "npm:${name}@${range || '^1'}"`;
  }
  if (subpath !== undefined && (subpath === '' || subpath.split('/').some(badSegment))) {
    return `${shown} has an invalid subpath`;
  }
  return { name, ...(range !== undefined && { range }), ...(subpath && { subpath }) };
}

const badSegment = (segment: string) => segment === '' || segment === '.' || segment === '..';

/** Says why an allow-list pattern (`name` or `@scope/*`) is not one, else undefined. */
export function packagePatternProblem(pattern: string): string | undefined {
  const name =
    pattern.endsWith('/*') && pattern.startsWith('@') ? `${pattern.slice(0, -1)}x` : pattern;
  return isPackageName(name)
    ? undefined
    : `"${pattern}" is not a package name or a scope such as @scope/*`;
}

/** Whether `allowPackages` lets a run import `name`: an empty list allows every package. */
export function packageAllowed(name: string, allowPackages: readonly string[]): boolean {
  if (allowPackages.length === 0) return true;
  return allowPackages.some((pattern) =>
    pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
  );
}

/** Says why a registry address is not an http(s) URL, else undefined. */
export function registryUrlProblem(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
      return parsed.username || parsed.password
        ? 'the registry address may not hold a user or password: use npmToken'
        : undefined;
    }
  } catch {
    // Reported below.
  }
  return `${JSON.stringify(url)} is not an http or https URL`;
}

/**
 * Whether two registry addresses are one origin (scheme, host and port): the token goes to the
 * registry's origin only, so a registry moved elsewhere does not take the saved token along.
 */
export function sameRegistryOrigin(a: string, b: string): boolean {
  const origin = (address: string) => {
    try {
      return new URL(address.trim()).origin;
    } catch {
      return address;
    }
  };
  return origin(a) === origin(b);
}

/**
 * Says why a registry token cannot be one, without quoting it: it goes in an `authorization`
 * header, so it is printable ASCII without spaces (any other character would fail every request,
 * with an error that describes it).
 */
export function npmTokenProblem(token: string): string | undefined {
  return /^[\x21-\x7e]+$/.test(token)
    ? undefined
    : 'a token is printable ASCII characters, without spaces';
}
