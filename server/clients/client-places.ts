import { homedir, userInfo } from 'node:os';
import path from 'node:path';
import type { McpClientId } from '../../contract/mcp-clients.ts';

/** What decides where a user's clients keep their config: nothing else is read. */
export interface ClientHost {
  platform: NodeJS.Platform;
  /** Absolute, or else no client counts as installed: a relative one would name the server's folder. */
  home: string;
  env: { APPDATA?: string; LOCALAPPDATA?: string; XDG_CONFIG_HOME?: string };
  /**
   * How the paths are joined: by default the platform's own (`path.win32` for Windows, else
   * `path.posix`). A test on this host passes this host's, to lay a platform's folders out under
   * a temporary home and work on real files there.
   */
  path?: path.PlatformPath;
}

/**
 * One place a client may keep its config: the file, and the paths any of which existing says the
 * client is installed for this user.
 */
export interface ClientPlace {
  configPath: string;
  installedIf: string[];
}

/** The Microsoft Store (MSIX) build of Claude Desktop: its package family name. */
export const CLAUDE_STORE_PACKAGE = 'Claude_pzs8sxrjxfjjc';

/**
 * The process's own host: its platform, home (HOME on Linux and macOS, else the account's own
 * when HOME is empty or relative) and environment (each folder only when absolute).
 */
export function thisHost(): ClientHost {
  const absolute = (value: string | undefined) =>
    value && path.isAbsolute(value) ? value : undefined;
  const { APPDATA, LOCALAPPDATA, XDG_CONFIG_HOME } = process.env;
  return {
    platform: process.platform,
    home: absolute(homedir()) ?? absolute(accountHome()) ?? '',
    env: {
      ...(absolute(APPDATA) && { APPDATA }),
      ...(absolute(LOCALAPPDATA) && { LOCALAPPDATA }),
      ...(absolute(XDG_CONFIG_HOME) && { XDG_CONFIG_HOME }),
    },
  };
}

/** The home the system's account database gives (none for an account without an entry). */
function accountHome(): string | undefined {
  try {
    return userInfo().homedir;
  } catch {
    return undefined;
  }
}

/**
 * Where each client keeps its user-level MCP config, in the order to prefer: the first place
 * whose client is installed is the one used. A pure function of the host, so every platform's
 * table is tested on any.
 */
export function clientPlaces(host: ClientHost): Record<McpClientId, ClientPlace[]> {
  const p = host.path ?? (host.platform === 'win32' ? path.win32 : path.posix);
  const { home, env } = host;
  // A relative folder would be taken from the server's working folder: only absolute ones count
  // (the XDG base directory spec says so of XDG_CONFIG_HOME).
  const absolute = (folder: string | undefined) =>
    folder && p.isAbsolute(folder) ? folder : undefined;
  const homeKnown = p.isAbsolute(home);
  const appData = absolute(env.APPDATA) ?? p.join(home, 'AppData', 'Roaming');
  const localAppData = absolute(env.LOCALAPPDATA) ?? p.join(home, 'AppData', 'Local');
  const xdgConfig = absolute(env.XDG_CONFIG_HOME) ?? p.join(home, '.config');
  // Where apps keep their settings: Application Support, %APPDATA%, or the XDG config folder.
  const appSettings =
    host.platform === 'darwin'
      ? p.join(home, 'Library', 'Application Support')
      : host.platform === 'win32'
        ? appData
        : xdgConfig;
  // Without a home, nothing is installed: no mark is looked for, nor any file read.
  const marks = (...paths: string[]) => (homeKnown ? paths : []);
  const inFolder = (folder: string, file: string): ClientPlace => ({
    configPath: p.join(folder, file),
    installedIf: marks(folder),
  });
  // Claude Desktop: modelcontextprotocol.io's quickstart gives Application Support/Claude and
  // %APPDATA%\Claude; Linux builds (unofficial) use ~/.config/Claude. The Store build reads only
  // its package's redirected copy of %APPDATA% (anthropics/claude-code#25600, freee/freee-mcp#247),
  // so it comes first on Windows when its package folder exists.
  const claudeDesktop = inFolder(p.join(appSettings, 'Claude'), 'claude_desktop_config.json');
  const storePackage = p.join(localAppData, 'Packages', CLAUDE_STORE_PACKAGE);
  const claudeStore: ClientPlace = {
    configPath: p.join(
      storePackage,
      'LocalCache',
      'Roaming',
      'Claude',
      'claude_desktop_config.json',
    ),
    installedIf: marks(storePackage),
  };
  return {
    'claude-desktop': host.platform === 'win32' ? [claudeStore, claudeDesktop] : [claudeDesktop],
    // code.claude.com/docs/en/mcp: user-scope servers are `mcpServers` in ~/.claude.json.
    'claude-code': [
      {
        configPath: p.join(home, '.claude.json'),
        installedIf: marks(p.join(home, '.claude.json'), p.join(home, '.claude')),
      },
    ],
    // docs.cursor.com (Model Context Protocol): the global servers are in ~/.cursor/mcp.json.
    cursor: [inFolder(p.join(home, '.cursor'), 'mcp.json')],
    // code.visualstudio.com/docs/agents/reference/mcp-configuration: the user profile's mcp.json,
    // in the default profile's folder, Code/User.
    vscode: [inFolder(p.join(appSettings, 'Code', 'User'), 'mcp.json')],
    // docs.windsurf.com/windsurf/cascade/mcp: ~/.codeium/windsurf/mcp_config.json, everywhere.
    windsurf: [inFolder(p.join(home, '.codeium', 'windsurf'), 'mcp_config.json')],
  };
}
