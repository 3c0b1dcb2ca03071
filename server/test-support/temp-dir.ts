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

/** A fresh directory, removed when the test file ends. */
export async function tempDir(prefix = 'mcp-isolate-test-'): Promise<string> {
  const dir = await newTempDir(prefix);
  after(() => removeDir(dir));
  return dir;
}
