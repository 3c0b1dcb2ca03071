import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { posix } from 'node:path';

// Electron's login-item API does nothing on Linux; desktops there start what the XDG autostart
// folder lists (https://specifications.freedesktop.org/autostart-spec/). Linux paths only.

const { dirname, join } = posix;

export interface AutostartEntry {
  name: string;
  /** The executable and its arguments. */
  command: string[];
}

/** `$XDG_CONFIG_HOME/autostart/mcp-isolate.desktop`, with the spec's default for the folder. */
export function autostartFile(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const config = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(config, 'autostart', 'mcp-isolate.desktop');
}

/** One Exec argument, quoted as the desktop entry spec asks when it holds a reserved character. */
export function execArgument(argument: string): string {
  // `%` starts a field code; it stands for itself only doubled.
  const text = argument.replaceAll('%', '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(text) && text !== '') return text;
  const quoted = `"${text.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  // The value is a string, whose own escaping doubles each backslash again and spells out
  // control characters.
  return quoted
    .replaceAll('\\', '\\\\')
    .replaceAll('\n', '\\n')
    .replaceAll('\t', '\\t')
    .replaceAll('\r', '\\r');
}

export function autostartDesktopEntry({ name, command }: AutostartEntry): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${name}`,
    `Exec=${command.map(execArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Starts at login: the entry exists and is not hidden or disabled. */
export async function autostartEnabled(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  return (
    !/^Hidden\s*=\s*true\s*$/m.test(text) &&
    !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text)
  );
}

export async function setAutostart(
  file: string,
  entry: AutostartEntry,
  on: boolean,
): Promise<void> {
  if (!on) return rm(file, { force: true });
  await mkdir(dirname(file), { recursive: true });
  // Renamed into place: a desktop never reads half an entry.
  await writeFile(`${file}.tmp`, autostartDesktopEntry(entry));
  await rename(`${file}.tmp`, file);
}
