import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.ts';

/** 24 random bytes, base64url: what a token made here looks like. */
const TOKEN = /^[\w-]{32}$/;

/**
 * The admin token kept at `path` (owner-only), so a bookmarked GUI address works after a
 * restart; a new one when there is none, or the file holds something else.
 */
export async function readOrMakeAdminToken(path: string): Promise<string> {
  const kept = await readFile(path, 'utf8').then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    },
  );
  return TOKEN.test(kept) ? kept : makeAdminToken(path);
}

/** A new admin token, written to `path` before it is returned: the old one stops working. */
export async function makeAdminToken(path: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await writeFileAtomic(path, `${token}\n`);
  return token;
}
