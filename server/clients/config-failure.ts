import { WRITE_FAILURE_CAUSES } from '../store/write-all.ts';
import { ClientConfigError } from './client-config-error.ts';

/**
 * What a failed read or write of a config file means, in words a person can act on: the store's
 * causes of a failed write, and those of a file in someone else's folder.
 */
const CAUSES: Record<string, string> = {
  ...WRITE_FAILURE_CAUSES,
  EACCES: 'permission was denied (its folder may not be writable)',
  EPERM: 'the system did not permit it (the folder or the file may be immutable)',
  EISDIR: 'a folder stands where a file was to be written',
  ENOTDIR: 'a file stands where a folder was expected',
  ENAMETOOLONG: 'a name is too long for the file system',
};

/**
 * Any failure of changing `file` as the refusal it is (answered 409, not 500): a sentence naming
 * the file and the cause. Nothing was changed: the file is only ever replaced by a rename, last.
 */
export function changeRefused(file: string, error: unknown): ClientConfigError {
  if (error instanceof ClientConfigError) return error;
  const { code, dest, path } = errnoOf(error);
  const at = dest ?? path;
  const cause =
    code && CAUSES[code]
      ? `${CAUSES[code]}${at && at !== file ? ` at ${at}` : ''} (${code})`
      : error instanceof RangeError
        ? `it is too large to write back (${error.message})`
        : (error as Error).message;
  return new ClientConfigError(
    'client_config_refused',
    `${file} could not be changed: ${cause}. It is left as it was.`,
  );
}

/** The system error's fields, on the error or on its cause (write-all's errors wrap it). */
function errnoOf(error: unknown): { code?: string; dest?: string; path?: string } {
  const own = error as NodeJS.ErrnoException & { dest?: string };
  if (own?.code !== undefined) return own;
  const cause = own?.cause as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  return cause?.code !== undefined ? cause : {};
}
