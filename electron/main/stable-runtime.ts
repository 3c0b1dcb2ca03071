import { cp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * An AppImage runs from a mount point that changes at every start, but a client's stdio command
 * must keep working: the runtime and the server are copied once per app version to a stable
 * folder, and run from there.
 */
export async function stableRuntime(
  resourcesPath: string,
  target: string,
  platform = process.platform,
) {
  const marker = join(target, '.complete');
  const complete = await stat(marker).then(
    () => true,
    () => false,
  );
  if (!complete) {
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    await cp(join(resourcesPath, 'runtime'), join(target, 'runtime'), { recursive: true });
    await cp(join(resourcesPath, 'server'), join(target, 'server'), { recursive: true });
    // Written last: a copy cut short is made again at the next start.
    await writeFile(marker, '');
  }
  const exe = platform === 'win32' ? 'node.exe' : join('bin', 'node');
  return {
    node: join(target, 'runtime', exe),
    serverScript: join(target, 'server', 'bin', 'mcp-isolate.mjs'),
  };
}
