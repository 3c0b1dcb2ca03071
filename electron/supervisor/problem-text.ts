// Why the server is not running, in words a person can act on.

const SPAWN_CAUSES: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'it is not executable (permission denied)',
  ENOTDIR: 'a folder on its path is a file',
  EPERM: 'the system does not allow it to run',
};

/** A runtime the system could not start at all (Node emits `error`, never `exit`, then). */
export function spawnProblem(path: string, error: NodeJS.ErrnoException): string {
  const cause = (error.code && SPAWN_CAUSES[error.code]) ?? error.message;
  return `cannot start the server's runtime ${path}: ${cause}${error.code ? ` (${error.code})` : ''}`;
}

/** A server that started and then exited: its own last error, if it wrote one, and how it ended. */
export function exitProblem(
  stderr: readonly string[],
  code: number | null,
  signal: string | null,
): string {
  const exit = `the server exited (${signal ?? `code ${code}`})`;
  const error = errorLine(stderr);
  return error ? `${error}; ${exit}` : exit;
}

/**
 * The server's own last error (`mcp-isolate: …` and the lines after it), else the last error Node
 * printed for an uncaught exception (`Error: Cannot find module …` when the script is missing).
 */
function errorLine(lines: readonly string[]): string | undefined {
  const own = lines.findLastIndex((line) => line.includes('mcp-isolate: '));
  if (own !== -1) {
    const [first = '', ...rest] = lines.slice(own);
    return [first.slice(first.indexOf('mcp-isolate: ') + 'mcp-isolate: '.length), ...rest]
      .map((line) => line.trim())
      .filter(Boolean)
      .join(' ');
  }
  return lines.findLast((line) => /^\w*Error( \[\w+\])?: /.test(line));
}
