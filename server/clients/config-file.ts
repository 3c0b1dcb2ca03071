import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, readlink, realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write.ts';
import { OWNER_FILE } from '../store/owner-only.ts';
import { ClientConfigError } from './client-config-error.ts';

/**
 * A client's config is usually a few KiB, but Claude Code keeps each project's history in
 * ~/.claude.json, often 65–101 MB (anthropics/claude-code#6394); past this it is not a config.
 */
export const MAX_CONFIG_BYTES = 256 * 1024 * 1024;

/** Beside the file: the file as it was before MCP Isolate's last change (each change overwrites it). */
export const BACKUP_SUFFIX = '.mcp-isolate-backup';

/**
 * Non-blocking where there is such a flag: a FIFO put at the path after the stat makes the open
 * return at once (and the fstat refuse it), instead of holding one of libuv's four threads.
 */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export type ConfigRead =
  | { kind: 'missing' }
  /**
   * `realPath`: the file a link points to, which is the one replaced, so the link stays.
   * `identity`: the file's path, device, inode, size and time of change as read.
   */
  | {
      kind: 'read';
      text: string;
      mode: number;
      uid: number;
      gid: number;
      realPath: string;
      identity: string;
    }
  | { kind: 'problem'; problem: string };

const identityOf = (realPath: string, stats: Stats) =>
  JSON.stringify([realPath, stats.dev, stats.ino, stats.size, stats.mtimeMs]);

/**
 * The identity `readConfigFile` would give the file now (undefined when it cannot be had), to
 * tell an unchanged file without reading it.
 */
export async function configIdentity(path: string): Promise<string | undefined> {
  try {
    const realPath = await realpath(path);
    return identityOf(realPath, await stat(realPath));
  } catch {
    return undefined;
  }
}

/** The config file's text, read whole up to MAX_CONFIG_BYTES, or why it cannot be. */
export async function readConfigFile(path: string): Promise<ConfigRead> {
  let realPath: string;
  try {
    realPath = await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      return { kind: 'problem', problem: cannotRead(path, error) };
    }
    const dangling = await danglingLink(path);
    return dangling === undefined ? { kind: 'missing' } : { kind: 'problem', problem: dangling };
  }
  const notAFile = { kind: 'problem', problem: `${path} is not a file` } as const;
  try {
    // A FIFO or a device would block the open or the read: only a regular file is opened.
    if (!(await stat(realPath)).isFile()) return notAFile;
    const file = await open(realPath, READ_FLAGS);
    try {
      const stats = await file.stat();
      if (!stats.isFile()) return notAFile;
      if (stats.size > MAX_CONFIG_BYTES) {
        return {
          kind: 'problem',
          problem: `${path} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, too large for a client's config: MCP Isolate leaves it as it is`,
        };
      }
      // Read one byte past the size, so a file that grew since the stat is caught.
      const buffer = Buffer.allocUnsafe(stats.size + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > stats.size) {
        return { kind: 'problem', problem: `${path} grew while it was read: try again` };
      }
      // ignoreBOM keeps a byte order mark in the text, for parseConfig to see and write back.
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
        buffer.subarray(0, length),
      );
      return {
        kind: 'read',
        text,
        mode: stats.mode & 0o7777,
        uid: stats.uid,
        gid: stats.gid,
        realPath,
        identity: identityOf(realPath, stats),
      };
    } finally {
      await file.close();
    }
  } catch (error) {
    if (error instanceof TypeError) {
      return {
        kind: 'problem',
        problem: `${path} is not UTF-8 text: MCP Isolate leaves it as it is`,
      };
    }
    return { kind: 'problem', problem: cannotRead(path, error) };
  }
}

const cannotRead = (path: string, error: unknown) =>
  `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): check its permissions`;

/**
 * Why a path that resolves to nothing is refused when it is itself a link: writing the file would
 * replace the link (a dotfiles manager's, say) with a file, and writing where it points would make
 * a file, and perhaps folders, where the user may not expect one. Undefined when it is no link.
 */
async function danglingLink(path: string): Promise<string | undefined> {
  try {
    if (!(await lstat(path)).isSymbolicLink()) return undefined;
    return `${path} is a link to a missing file (${await readlink(path)}): MCP Isolate leaves it as it is. Create the file it points to, or remove the link`;
  } catch {
    return undefined;
  }
}

export interface ReplaceOptions {
  /** Runs just before the last check that the file is unchanged: a test writes the file there. */
  meanwhile?: () => Promise<void>;
}

/**
 * Replaces the config file with `text`, once it is checked to be still as `read` found it
 * (another program may write it meanwhile: the client itself), both before writing and just
 * before the rename. A missing one is made, with its folder, owner-only; an existing one is first
 * saved beside it as the backup, with the bytes read, then replaced atomically (a synced
 * temporary file in the same folder, renamed over it) with its mode and owner kept. A file its
 * owner cannot write is refused: the user made it read-only.
 */
export async function replaceConfigFile(
  path: string,
  text: string,
  read: ConfigRead & { kind: 'missing' | 'read' },
  options: ReplaceOptions = {},
): Promise<{ backupPath?: string }> {
  if (read.kind === 'read' && (read.mode & 0o200) === 0) {
    throw new ClientConfigError(
      'client_config_refused',
      `${path} is read-only: MCP Isolate leaves it as it is; make it writable or add the entry yourself`,
    );
  }
  await checkUnchanged(path, read);
  const beforeRename = async () => {
    await options.meanwhile?.();
    await checkUnchanged(path, read);
  };
  if (read.kind === 'missing') {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, text, OWNER_FILE, { beforeRename });
    return {};
  }
  const owner = ownerToKeep(read);
  // The atomic writer replaces a link or a hard link at the backup's name, never writing through
  // it into another file.
  const backupPath = `${read.realPath}${BACKUP_SUFFIX}`;
  await writeFileAtomic(backupPath, read.text, read.mode, { owner });
  await writeFileAtomic(read.realPath, text, read.mode, { owner, beforeRename });
  return { backupPath };
}

async function checkUnchanged(path: string, read: ConfigRead & { kind: 'missing' | 'read' }) {
  const now = await readConfigFile(path);
  if (
    now.kind !== read.kind ||
    (now.kind === 'read' && read.kind === 'read' && now.text !== read.text)
  ) {
    throw new ClientConfigError(
      'client_config_changed',
      `${path} changed while MCP Isolate was updating it (the client may have written it): nothing was written, try again`,
    );
  }
}

/** Run as root, the file's owner when it is another user's, so the rewrite stays theirs. */
function ownerToKeep(read: { uid: number; gid: number }) {
  if (process.getuid?.() !== 0) return undefined;
  if (read.uid === 0 && read.gid === process.getgid?.()) return undefined;
  return { uid: read.uid, gid: read.gid };
}
