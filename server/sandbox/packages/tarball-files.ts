// The regular files of a package tarball, read from memory: gunzipped by Node's zlib on its thread
// pool (so a gzip bomb never holds the worker's event loop, and the run's deadline can stop it),
// every byte it unpacks to counted as it comes, parsed with tar, each file's size checked before
// it is held. Links, devices and paths that could leave the package's folder (`..`, absolute,
// drive letters, control characters) are skipped, as npm's own extraction would not honour them
// either.
import { once } from 'node:events';
import { addAbortSignal } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import { PackageError } from './package-error.ts';

interface TarballFile {
  /** Relative to the package's folder, `/`-separated, never leaving it. */
  path: string;
  bytes: Buffer;
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
/** Characters some platform refuses in a name, or reads as a path (or a drive, or a stream). */
const UNSAFE_CHARACTER = /[\\/:*?"<>|]/;
const MAX_PART_BYTES = 255;

/** A file or folder name that means the same on every platform and never leaves its folder. */
const isSafePart = (part: string) =>
  part !== '' &&
  part !== '.' &&
  part !== '..' &&
  !UNSAFE_CHARACTER.test(part) &&
  [...part].every((character) => (character.codePointAt(0) ?? 0) >= 0x20) &&
  Buffer.byteLength(part) <= MAX_PART_BYTES;

/**
 * The path of an entry inside its package's folder (the tarball's top folder, `package/` as a
 * rule, stripped), or undefined when it is not one to write.
 */
export function packagePath(entryPath: string): string | undefined {
  if (entryPath.startsWith('/') || /^[a-z]:/i.test(entryPath)) return undefined;
  const parts = entryPath.split('/').slice(1);
  if (parts.at(-1) === '') parts.pop();
  return parts.length > 0 && parts.every(isSafePart) ? parts.join('/') : undefined;
}

/** How reading a tarball is bounded: each of these may throw to stop it. */
interface ReadBounds {
  /** The run's deadline and cancel: aborting stops the reading with its reason. */
  signal: AbortSignal;
  /** Told every byte the gzip unpacks to, as it comes. */
  unpacked: (bytes: number) => void;
  /** Told each file's size (as its header gives it) before its bytes are held. */
  file: (size: number) => void;
}

/** How a compressed stream starts: a tarball's tar inside its gzip is never compressed again. */
const COMPRESSED = [Buffer.from([0x1f, 0x8b]), Buffer.from([0x28, 0xb5, 0x2f, 0xfd])];

/**
 * The files of `gzipped`, one at a time, each when the consumer asks for it (so at most one
 * chunk's files wait in memory, each no larger than `bounds.file` lets it be). A damaged tarball,
 * or one compressed twice (tar would unpack the inner layer itself, on the event loop and
 * uncounted), is a PackageError naming `label`.
 */
export async function* tarballFiles(
  gzipped: Buffer,
  label: string,
  bounds: ReadBounds,
): AsyncGenerator<TarballFile> {
  const { signal } = bounds;
  const ready: TarballFile[] = [];
  const damaged = (error: Error) =>
    new PackageError(`the tarball of ${label} could not be unpacked: ${error.message}`);
  let failure: Error | undefined;
  /** What a bound threw from inside the parser's events: thrown as it is. */
  let stopped: unknown;
  const parser = new tar.Parser({
    brotli: false,
    zstd: false,
    onReadEntry: (entry) => {
      const path = FILE_TYPES.has(entry.type) ? packagePath(entry.path) : undefined;
      let bytes: Buffer | undefined;
      try {
        if (path !== undefined && stopped === undefined) {
          bounds.file(entry.size ?? 0);
          // Held once, at the size its header gave and the bound accepted: tar reads no more.
          bytes = Buffer.allocUnsafe(entry.size ?? 0);
        }
      } catch (error) {
        // A bound's error as it is; a size no buffer can take is a damaged header.
        const code = (error as NodeJS.ErrnoException).code ?? '';
        stopped ??= code.startsWith('ERR_') ? damaged(error as Error) : error;
      }
      if (path === undefined || bytes === undefined) {
        entry.resume();
        return;
      }
      let filled = 0;
      const file = bytes;
      entry.on('data', (chunk: Buffer) => {
        filled += chunk.copy(file, filled);
      });
      entry.on('end', () => ready.push({ path, bytes: file.subarray(0, filled) }));
    },
  });
  parser.on('error', (error: Error) => {
    failure ??= error;
  });
  // An entry that does not parse is skipped; no entry at all is not a tarball.
  parser.on('warn', (code: string, message: string) => {
    if (code === 'TAR_BAD_ARCHIVE') failure ??= new Error(message);
  });
  // Two zero blocks end a tar: what follows is not read (the parser would hold all of it).
  let ended = false;
  parser.on('eof', () => {
    ended = true;
  });
  const gunzip = addAbortSignal(signal, createGunzip());
  gunzip.end(gzipped);
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      bounds.unpacked(chunk.byteLength);
      if (head.length < 4) {
        head = Buffer.concat([head, chunk.subarray(0, 4)]);
        if (COMPRESSED.some((magic) => head.subarray(0, magic.length).equals(magic))) {
          throw new PackageError(`the tarball of ${label} is compressed twice: refused`);
        }
      }
      parser.write(chunk);
      if (stopped !== undefined) throw stopped;
      if (failure) throw damaged(failure);
      while (ready.length > 0) yield ready.shift() as TarballFile;
      if (ended) break;
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (!(error instanceof Error) || error === stopped) throw error;
    // zlib's own words for a stream that is not gzip, or damaged.
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) throw damaged(error);
    throw error;
  } finally {
    gunzip.destroy();
  }
  // A parser that finds no valid entry at all fails rather than ends.
  const done = once(parser, 'end', { signal }).catch((error: Error) => {
    if (signal.aborted) throw signal.reason;
    failure ??= error;
  });
  parser.end();
  await done;
  if (stopped !== undefined) throw stopped;
  if (failure) throw damaged(failure);
  yield* ready;
}
