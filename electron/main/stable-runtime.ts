import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StableRuntimeOptions {
  /** `process.resourcesPath` inside the AppImage's mount. */
  resourcesPath: string;
  /** The folder that holds one copy per app version. */
  root: string;
  version: string;
  platform?: NodeJS.Platform;
  /** Called as files are copied: a first start copies some thousands. */
  onProgress?: (files: number) => void;
}

const PROGRESS_EVERY = 200;

/**
 * An AppImage runs from a mount point that changes at every start, but a client's stdio command
 * must keep working: the runtime and the server are copied once per app version to a stable
 * folder, and run from there. Copies of other versions are removed once this one is complete.
 */
export async function stableRuntime({
  resourcesPath,
  root,
  version,
  platform = process.platform,
  onProgress = () => {},
}: StableRuntimeOptions) {
  const target = join(root, version);
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
    if (other !== version) await rm(join(root, other), { recursive: true, force: true });
  }
  const exe = platform === 'win32' ? 'node.exe' : join('bin', 'node');
  return {
    node: join(target, 'runtime', exe),
    serverScript: join(target, 'server', 'bin', 'mcp-isolate.mjs'),
  };
}
