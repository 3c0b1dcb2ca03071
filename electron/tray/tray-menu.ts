import {
  CLIENT_STATE_WORDS,
  type McpClient,
  type McpClientId,
} from '../../contract/mcp-clients.ts';
import type { UpdateState } from '../updates/update-state.ts';

/** What the tray shows: derived from the server's and the updates' state, nothing else. */
export interface TrayState {
  server: 'starting' | 'running' | 'stopped' | 'crashed';
  /** The MCP listeners are on (the server process can run with them off). */
  mcpRunning: boolean;
  url?: string;
  /** Why the server crashed. */
  problem?: string;
  launchAtLogin: boolean;
  /** The app's updates; absent where the app does not update itself (a development run). */
  update?: UpdateState;
  /** The MCP clients as the server last listed them; absent until it has. */
  clients?: McpClient[];
}

/** Connecting (or repairing) and disconnecting a client: the server merges its config file. */
export interface ClientChangeAction {
  client: McpClientId;
  change: 'connect' | 'disconnect';
}

export type TrayAction =
  | 'toggle-server'
  | 'open-window'
  | 'copy-url'
  | 'copy-claude-config'
  | 'open-logs'
  | 'toggle-launch-at-login'
  | 'check-for-updates'
  | 'restart-to-update'
  | 'quit'
  | ClientChangeAction;

export interface TrayMenuItem {
  label: string;
  action?: TrayAction;
  enabled: boolean;
  checked?: boolean;
  separatorBefore?: boolean;
  submenu?: TrayMenuItem[];
}

export type TrayIcon = 'running' | 'stopped' | 'error';

/** Menu labels and tooltips are one line; the whole story is in the window and the log. */
const LINE = 80;

/** A text as one short line: whitespace collapsed, cut at a word with `…`. */
export function oneLine(text: string, max = LINE): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  // A long path has no space to cut at: cut inside it rather than keep almost nothing.
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The tray icon for a state: error while crashed, running only when MCP answers. */
export function trayIcon(state: TrayState): TrayIcon {
  if (state.server === 'crashed') return 'error';
  return state.server === 'running' && state.mcpRunning ? 'running' : 'stopped';
}

export function trayTooltip(state: TrayState): string {
  switch (state.server) {
    case 'starting':
      return 'MCP Isolate: starting…';
    case 'crashed':
      return oneLine(`MCP Isolate stopped: ${state.problem ?? 'the server exited'}`);
    case 'stopped':
      return 'MCP Isolate: stopped';
    case 'running':
      return state.mcpRunning ? `MCP Isolate: running at ${state.url}` : 'MCP Isolate: MCP is off';
  }
}

/** The update's line under the server's, while there is something to say. */
export function updateLine(update: UpdateState | undefined): string | undefined {
  switch (update?.phase) {
    case undefined:
    case 'idle':
      return undefined;
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return 'Up to date';
    case 'downloading':
      return `Downloading update ${Math.floor(update.percent)}%`;
    case 'ready':
      return oneLine(`Update ${update.version} ready`);
    case 'failed':
      return oneLine(`Update failed: ${update.reason}`);
  }
}

/** The update items: a check (not while one runs), and the restart once one is downloaded. */
function updateItems(update: UpdateState | undefined): TrayMenuItem[] {
  if (!update) return [];
  const busy = update.phase === 'checking' || update.phase === 'downloading';
  return [
    {
      label: 'Check for updates…',
      action: 'check-for-updates',
      enabled: !busy && update.phase !== 'ready',
      separatorBefore: true,
    },
    ...(update.phase === 'ready'
      ? [{ label: 'Restart to update', action: 'restart-to-update' as const, enabled: true }]
      : []),
  ];
}

/**
 * A client in the Connect submenu: ticked when connected; a click connects, repairs (an outdated
 * path) or disconnects it; one whose file cannot be used, or that is not installed, says so.
 */
function clientItem(client: McpClient, up: boolean): TrayMenuItem {
  if (client.state === 'not-installed' || client.problem) {
    const why = client.problem ? 'its config file needs fixing (see the window)' : 'not installed';
    return { label: oneLine(`${client.name}: ${why}`), enabled: false };
  }
  const connected = client.state === 'connected';
  return {
    label: oneLine(
      client.state === 'outdated'
        ? `${client.name}: ${CLIENT_STATE_WORDS.outdated.toLowerCase()} (repair)`
        : client.name,
    ),
    action: { client: client.id, change: connected ? 'disconnect' : 'connect' },
    enabled: up,
    checked: connected,
  };
}

/** The tray menu, a pure function of the state, so every state is tested without a desktop. */
export function trayMenu(state: TrayState): TrayMenuItem[] {
  const up = state.server === 'running';
  const serving = up && state.mcpRunning;
  const update = updateLine(state.update);
  return [
    { label: trayTooltip(state), enabled: false },
    ...(update ? [{ label: update, enabled: false }] : []),
    {
      label: serving ? 'Stop server' : 'Start server',
      action: 'toggle-server',
      enabled: up || state.server === 'crashed' || state.server === 'stopped',
      separatorBefore: true,
    },
    { label: 'Open MCP Isolate', action: 'open-window', enabled: true },
    { label: 'Copy MCP URL', action: 'copy-url', enabled: serving && state.url !== undefined },
    ...(state.clients
      ? [
          {
            label: 'Connect a client',
            enabled: true,
            submenu: state.clients.map((client) => clientItem(client, up)),
          },
        ]
      : []),
    { label: 'Copy Claude Desktop entry', action: 'copy-claude-config', enabled: up },
    { label: 'Open logs', action: 'open-logs', enabled: true },
    {
      label: 'Launch at login',
      action: 'toggle-launch-at-login',
      enabled: true,
      checked: state.launchAtLogin,
      separatorBefore: true,
    },
    ...updateItems(state.update),
    { label: 'Quit MCP Isolate', action: 'quit', enabled: true, separatorBefore: true },
  ];
}
