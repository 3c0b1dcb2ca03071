import { copyFile, mkdir, open, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write.ts';
import { ClientConfigError } from './client-config-error.ts';

/** A client's config is a few KiB; anything past this is not one to rewrite. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/** Beside the file: the file as it was before MCP Isolate's last change (each change overwrites it). */
export const BACKUP_SUFFIX = '.mcp-isolate-backup';

export type ConfigRead =
  | { kind: 'missing' }
  /** `realPath`: the file a link points to, which is the one replaced, so the link stays. */
  | { kind: 'read'; text: string; mode: number; realPath: string }
  | { kind: 'problem'; problem: string };

/** The config file's text, read whole up to MAX_CONFIG_BYTES, or why it cannot be. */
export async function readConfigFile(path: string): Promise<ConfigRead> {
  let realPath: string;
  try {
    realPath = await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'problem', problem: cannotRead(path, error) };
  }
  try {
    const file = await open(realPath, 'r');
    try {
      const stats = await file.stat();
      if (!stats.isFile()) return { kind: 'problem', problem: `${path} is not a file` };
      // Read one byte past the bound, so a file that grew since the stat is still caught.
      const buffer = Buffer.alloc(Math.min(stats.size, MAX_CONFIG_BYTES) + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > MAX_CONFIG_BYTES) {
        return {
          kind: 'problem',
          problem: `${path} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, too large for a client's config: MCP Isolate leaves it as it is`,
        };
      }
      if (length > stats.size) {
        return { kind: 'problem', problem: `${path} grew while it was read: try again` };
      }
      const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
      return { kind: 'read', text, mode: stats.mode & 0o7777, realPath };
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
 * Replaces the config file with `text`, once it is checked to be still as `read` found it
 * (another program may write it meanwhile: the client itself). A missing one is made, with its
 * folder, owner-only; an existing one is first copied beside it as the backup, then replaced
 * atomically (a synced temporary file in the same folder, renamed over it) with its mode kept.
 */
export async function replaceConfigFile(
  path: string,
  text: string,
  read: ConfigRead & { kind: 'missing' | 'read' },
): Promise<{ backupPath?: string }> {
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
  if (read.kind === 'missing') {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, text);
    return {};
  }
  const backupPath = `${read.realPath}${BACKUP_SUFFIX}`;
  await copyFile(read.realPath, backupPath);
  await writeFileAtomic(read.realPath, text, read.mode);
  return { backupPath };
}
