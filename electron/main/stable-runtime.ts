import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StableRuntimeOptions {
  /** `process.resourcesPath` inside the AppImage's mount. */
  resourcesPath: string;
  /** The folder that holds one copy per build. */
  root: string;
  platform?: NodeJS.Platform;
  /** Called as files are copied: a first start copies some thousands. */
  onProgress?: (files: number) => void;
}

const PROGRESS_EVERY = 200;

/** Where staging wrote which build the resources are (build/staging/build-id.ts). */
const BUILD_ID_PATH = join('server', 'build-id');

/** The build id of the app's resources: a version and a hash of every staged byte. */
async function readBuildId(resourcesPath: string): Promise<string> {
  const path = join(resourcesPath, BUILD_ID_PATH);
  const id = (
    await readFile(path, 'utf8').catch((error: Error) => {
      throw new Error(`the app has no build id (${path}): ${error.message}`, { cause: error });
    })
  ).trim();
  // It names a folder: nothing that could reach outside the root.
  if (!/^[\w.+-]+$/.test(id) || /^\.+$/.test(id)) {
    throw new Error(`the app's build id in ${path} is not a folder name: ${JSON.stringify(id)}`);
  }
  return id;
}

/**
 * An AppImage runs from a mount point that changes at every start, but the server must run from
 * a path that stays: the runtime and the server are copied once per build (not per version: a
 * rebuild of the same version is another build) to a stable folder, and run from there. Copies
 * of other builds are removed once this one is complete. Clients' stdio command is the data
 * directory's launcher, which the server rewrites to name this copy when it starts.
 */
export async function stableRuntime({
  resourcesPath,
  root,
  platform = process.platform,
  onProgress = () => {},
}: StableRuntimeOptions) {
  const buildId = await readBuildId(resourcesPath);
  const target = join(root, buildId);
  const marker = join(target, '.complete');
  const complete = await stat(marker).then(
    () => true,
    () => false,
  );
  if (!complete) {
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    let files = 0;
    const count = async () => {
      files++;
      if (files % PROGRESS_EVERY === 0) onProgress(files);
      return true;
    };
    for (const part of ['runtime', 'server']) {
      // Symlinks as they are: Node would otherwise point relative ones back into the mount.
      await cp(join(resourcesPath, part), join(target, part), {
        recursive: true,
        verbatimSymlinks: true,
        filter: count,
      }).catch(async (error: Error) => {
        await rm(target, { recursive: true, force: true }).catch(() => undefined);
        throw new Error(`could not copy the app's ${part} to ${target}: ${error.message}`, {
          cause: error,
        });
      });
    }
    onProgress(files);
    // Written last: a copy cut short is made again at the next start.
    await writeFile(marker, '');
  }
  for (const other of await readdir(root)) {
    if (other !== buildId) await rm(join(root, other), { recursive: true, force: true });
  }
  const exe = platform === 'win32' ? 'node.exe' : join('bin', 'node');
  return {
    node: join(target, 'runtime', exe),
    serverScript: join(target, 'server', 'bin', 'mcp-isolate.mjs'),
  };
}
