// Unpacks a package tarball into its folder of a build tree: regular files and folders only (no
// links, nothing outside the folder, nobody's ownership kept), within a byte budget, so a
// hostile tarball can neither escape its folder nor fill the disk.
import { mkdir } from 'node:fs/promises';
import * as tar from 'tar';

/** Thrown when the tarball unpacks to more than the budget. */
export class UnpackedTooLarge extends Error {
  override name = 'UnpackedTooLarge';
}

/**
 * Extracts `bytes` (a gzipped npm tarball, whose files sit under one top folder, `package/` as a
 * rule) into `dir`. Returns the bytes written; past `maxBytes` it throws UnpackedTooLarge.
 */
export async function extractTarball(
  bytes: Buffer,
  dir: string,
  maxBytes: number,
): Promise<number> {
  await mkdir(dir, { recursive: true });
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    const unpack = tar.x({
      cwd: dir,
      strip: 1,
      preserveOwner: false,
      // Owner-only, whatever the tarball says; a package needs no executable bits here.
      fmode: 0o600,
      dmode: 0o700,
      filter: (_path, entry) => {
        const type = 'type' in entry ? entry.type : undefined;
        if (type !== 'File' && type !== 'OldFile' && type !== 'Directory') return false;
        total += 'size' in entry ? Number(entry.size) : 0;
        if (total > maxBytes) {
          unpack.abort(new UnpackedTooLarge(`unpacks to more than ${maxBytes} bytes`));
          return false;
        }
        return true;
      },
    });
    unpack.on('error', reject);
    unpack.on('close', () => resolve());
    unpack.end(bytes);
  });
  return total;
}
