// Tarballs made by hand for the hostile-registry tests: any entries (links, `..` paths, tens of
// thousands of files) or any bytes at all, gzipped as a registry would serve them.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Header } from 'tar';

export interface TarEntry {
  path: string;
  /** A regular file's text (default), or a link to `linkpath`. */
  body?: string;
  type?: 'File' | 'SymbolicLink' | 'Link' | 'Directory';
  linkpath?: string;
}

const BLOCK = 512;

/** The tar of `entries` (ustar headers, bodies padded to blocks, two zero blocks at the end). */
export function tarOf(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    const header = new Header({
      path: entry.path,
      type: entry.type ?? 'File',
      size: entry.type === undefined || entry.type === 'File' ? body.length : 0,
      mode: 0o644,
      mtime: new Date(0),
      uid: 0,
      gid: 0,
      ...(entry.linkpath !== undefined && { linkpath: entry.linkpath }),
    });
    const block = Buffer.alloc(BLOCK);
    header.encode(block, 0);
    blocks.push(block);
    if (body.length > 0) {
      blocks.push(body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
    }
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}

export const gzipped = promisify(gzip);

/** A package's files as a tarball's entries under `package/`: its manifest and an index. */
export const packageEntries = (name: string, source = 'module.exports = 1;\n'): TarEntry[] => [
  { path: 'package/package.json', body: JSON.stringify({ name, version: '1.0.0' }) },
  { path: 'package/index.js', body: source },
];

/** A gzipped tarball of `entries`. */
export const makeTarball = async (entries: readonly TarEntry[]): Promise<Buffer> =>
  gzipped(tarOf(entries));
