import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type SmallFilesystem =
  | { dir: string; unmount: () => Promise<void>; why?: undefined }
  | { dir?: undefined; unmount?: undefined; why: string };

/**
 * A real filesystem of `bytes` (a tmpfs), for tests of a full disk. Mounting needs root, as CI
 * runs; elsewhere it says why it cannot, and the test prints that.
 */
export async function smallFilesystem(bytes: number): Promise<SmallFilesystem> {
  if (process.platform !== 'linux') return { why: 'a tmpfs is mounted on Linux only' };
  if (process.getuid?.() !== 0)
    return { why: 'mounting a small tmpfs needs root (CI runs as root)' };
  const dir = await mkdtemp(join(tmpdir(), 'mcp-isolate-full-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    return { why: `cannot mount a tmpfs here: ${(error as Error).message.split('\n')[0]}` };
  }
  return {
    dir,
    unmount: async () => {
      await run('umount', ['-l', dir]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
