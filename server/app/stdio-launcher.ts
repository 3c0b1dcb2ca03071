// The command stdio clients are given must outlive the app's moves and updates, and clients keep it
// for months, but a runtime's path changes: macOS runs an app opened from the dmg or Downloads from
// a random translocated folder until it is moved to Applications; an app is reinstalled elsewhere.
// So on macOS and Linux it is a script at one path in the data directory, rewritten by each server
// that starts there to run that server's own runtime.
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write.ts';
import { OWNER_DIR } from '../store/owner-only.ts';

/** rwxr-xr-x: clients run it as the owner, but a script needs no secrecy. */
const LAUNCHER_MODE = 0o755;

/** A word for sh: single quotes hold everything but a single quote, which is closed, escaped, reopened. */
function shQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The launcher's text: it execs `node script "$@"`, or says the runtime is gone and fails. */
export function launcherScript(node: string, script: string): string {
  return `#!/bin/sh
# MCP Isolate's command for stdio clients, written by the server at each start: it runs the
# runtime of the server that started last on this data directory.
node=${shQuote(node)}
script=${shQuote(script)}
for file in "$node" "$script"; do
  if [ ! -e "$file" ]; then
    printf '%s\\n' "mcp-isolate: $file is gone (MCP Isolate was updated or moved); start MCP Isolate once to update this launcher" >&2
    exit 127
  fi
done
exec "$node" "$script" "$@"
`;
}

/**
 * Writes the launcher at `path` for `node` and `script`, atomically, and only when its content
 * or mode differs: clients may be starting it at that moment.
 */
export async function writeStdioLauncher(
  path: string,
  node: string,
  script: string,
): Promise<void> {
  const text = launcherScript(node, script);
  const current = await readFile(path, 'utf8').catch(() => undefined);
  const mode = await stat(path).then(
    (found) => found.mode & 0o777,
    () => undefined,
  );
  if (current === text && mode === LAUNCHER_MODE) return;
  await mkdir(dirname(path), { recursive: true, mode: OWNER_DIR });
  await writeFileAtomic(path, text, LAUNCHER_MODE);
}

export interface StdioCommandOptions {
  dataDir: string;
  launcher: string;
  /** The runtime and the server script of this process. */
  node: string;
  script: string;
  platform?: NodeJS.Platform;
  log: (line: string) => void;
}

/**
 * How a client on this machine starts a stdio connection to this data directory: the launcher,
 * written now, or this process's own runtime where there can be no launcher.
 */
export async function stdioCommand({
  dataDir,
  launcher,
  node,
  script,
  platform = process.platform,
  log,
}: StdioCommandOptions): Promise<string[]> {
  // Absolute: the client starts it from a folder of its own (`--data-dir` may have been relative).
  const args = ['--stdio', '--data-dir', resolve(dataDir)];
  // Windows: Node refuses to spawn a .cmd or .bat without a shell (CVE-2024-27980) and clients
  // spawn without one, so the command is node.exe itself. That path survives updates: the NSIS
  // installer (assisted, per user) offers an update the folder it recorded at the first install
  // (HKCU InstallLocation: app-builder-lib 26.17.0, templates/nsis/multiUser.nsh,
  // setInstallModePerUser), so only a user who picks another folder then moves it.
  if (platform === 'win32') return [node, script, ...args];
  const path = resolve(launcher);
  try {
    await writeStdioLauncher(path, node, script);
    return [path, ...args];
  } catch (error) {
    log(
      `mcp-isolate: cannot write the stdio launcher ${path} (${(error as Error).message}); clients are given this runtime's own path, which an update may remove`,
    );
    return [node, script, ...args];
  }
}
