// SHA256SUMS for a release folder: one `HASH  NAME` line per file, sorted by name, in the format
// `sha256sum -c SHA256SUMS` checks.
//   node build/release-steps/checksums.ts RELEASE_DIR
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export const SUMS = 'SHA256SUMS';

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Writes `dir/SHA256SUMS` over every other file in `dir` and returns its text. */
export async function writeChecksums(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isFile() && entry.name !== SUMS)
    .map((entry) => entry.name)
    .sort();
  if (names.length === 0) throw new Error(`${dir} has no files to sum`);
  const lines = await Promise.all(
    names.map(async (name) => `${await sha256(join(dir, name))}  ${name}`),
  );
  const text = `${lines.join('\n')}\n`;
  await writeFile(join(dir, SUMS), text);
  return text;
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: checksums.ts RELEASE_DIR');
  process.stdout.write(await writeChecksums(dir));
}
