import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs the npm on PATH. Windows' npm is a .cmd script, which Node starts only through a shell;
 * every argument passed here is a plain word (names, versions, flags), safe there.
 */
export function npm(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const windows = process.platform === 'win32';
  return run(windows ? 'npm.cmd' : 'npm', args, {
    ...options,
    shell: windows,
    maxBuffer: 64 * 1024 * 1024,
  });
}
