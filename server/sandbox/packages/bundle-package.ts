// Bundles one entry of an unpacked package tree into one self-contained script with esbuild:
// CommonJS output of `import * as ns from 'ENTRY'; export default ns`, so ES modules and
// CommonJS packages both come out as a namespace (a CommonJS module's `module.exports` is its
// default export, as Node gives it), with browser builds preferred (the sandbox has no Node
// built-ins). A built-in a package imports is left out and named by the guest's `require` when
// the package asks for it; `browser` fields that stub it out still apply.
import { sep } from 'node:path';
import * as esbuild from 'esbuild';
import { isNodeBuiltin } from '../../../contract/package-policy.ts';
import { PackageError } from './package-error.ts';

/** What the guest runtime evaluates a bundle with (packages.js): `require` is its stub. */
const ENTRY_FILE = 'mcp-isolate-import.js';

const leaveOutBuiltins: esbuild.Plugin = {
  name: 'leave-out-node-builtins',
  setup(build) {
    build.onResolve({ filter: /^[a-z_:][a-z0-9_:/]*$/ }, async (args) => {
      if (!isNodeBuiltin(args.path) || args.pluginData === 'plain') return undefined;
      // A package's `browser` field may map the built-in to a stub: esbuild knows best.
      const plain = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'plain',
      });
      return plain.errors.length === 0 ? plain : { path: args.path, external: true };
    });
  },
};

/**
 * Only files of the tree are read: a package that imports `/home/you/secrets.json` or
 * `../../../somewhere` would otherwise have esbuild inline a file of this machine into the
 * sandbox. (The tree holds no links: tarball-files.ts leaves them out.)
 */
const confineTo = (dir: string): esbuild.Plugin => ({
  name: 'confine-to-tree',
  setup(build) {
    build.onLoad({ filter: /.*/ }, (args) =>
      args.namespace === 'file' && !args.path.startsWith(`${dir}${sep}`)
        ? { errors: [{ text: `it reads ${args.path}, outside its package tree` }] }
        : undefined,
    );
  },
});

/**
 * The bundle of `request` (`name` or `name/subpath`) as installed under `dir/node_modules` (`dir`
 * a real path: esbuild reports real paths). Output is the same for the same files and esbuild
 * version: paths in it are relative to `dir`.
 */
export async function bundlePackage(dir: string, request: string): Promise<Buffer> {
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      absWorkingDir: dir,
      stdin: {
        contents: `import * as ns from ${JSON.stringify(request)};\nexport default ns;\n`,
        resolveDir: dir,
        sourcefile: ENTRY_FILE,
        loader: 'js',
      },
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'browser',
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      plugins: [leaveOutBuiltins, confineTo(dir)],
      logLevel: 'silent',
      charset: 'utf8',
    });
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    const first = failure.errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new PackageError(
      `could not bundle '${request}': ${first ? first.text + where : (error as Error).message}`,
    );
  }
  const output = result.outputFiles[0];
  if (!output) throw new PackageError(`bundling '${request}' produced nothing`);
  return Buffer.from(output.contents);
}
