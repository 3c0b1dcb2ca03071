import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** A fresh directory that the caller removes (after whatever writes into it has stopped). */
export function newTempDir(prefix = 'mcp-isolate-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** What still writes into temp directories (servers, engines): stopped before any is removed. */
const writers = new Set<() => Promise<unknown>>();

/**
 * Registers `stop` (which must be safe to call again) to run before any temp directory goes:
 * `after` hooks run in the order they were added, and a directory made before the server that
 * writes into it would otherwise be removed while it still writes (ENOTEMPTY, a server left running).
 */
export function stopBeforeRemoval(stop: () => Promise<unknown>): void {
  writers.add(stop);
}

/** A fresh directory, removed when the test file ends, after everything writing into it stopped. */
export async function tempDir(prefix = 'mcp-isolate-test-'): Promise<string> {
  const dir = await newTempDir(prefix);
  after(async () => {
    await Promise.all([...writers].map((stop) => stop()));
    await removeDir(dir);
  });
  return dir;
}
