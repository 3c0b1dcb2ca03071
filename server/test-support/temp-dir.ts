import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory that the caller removes (after whatever writes into it has stopped). */
export function newTempDir(prefix = 'mcp-isolate-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Folders to remove when this test file's process ends. */
const leftToRemove = new Set<string>();
process.on('exit', () => {
  for (const dir of leftToRemove) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder that cannot go is left in the system's temporary folder, as any test's would be.
    }
  }
});

/**
 * A fresh directory, removed when the test file's process ends. Not in an `after` hook: hooks run
 * in the order they were added, so a folder made before the server or engine that writes into it
 * would be removed while it still writes (ENOTEMPTY, and a server left running); at exit, every
 * hook (their stops) has run.
 */
export async function tempDir(prefix = 'mcp-isolate-test-'): Promise<string> {
  const dir = await newTempDir(prefix);
  leftToRemove.add(dir);
  return dir;
}
