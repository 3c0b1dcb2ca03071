import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder name the desktop app uses too (Electron's `app.getPath('userData')`). */
const APP_DIR_NAME = 'MCP Isolate';

export interface DataDirEnv {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

/**
 * The platform's application-data directory, the same one Electron picks for the app, so the
 * headless server and the desktop app share sessions. `MCP_ISOLATE_DATA_DIR` overrides it.
 */
export function defaultDataDir(
  { platform, env, home }: DataDirEnv = {
    platform: process.platform,
    env: process.env,
    home: homedir(),
  },
): string {
  if (env.MCP_ISOLATE_DATA_DIR) return env.MCP_ISOLATE_DATA_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME);
}

/** Where each kind of file lives inside a data directory (documented in README.md). */
export function dataLayout(dataDir: string, platform: NodeJS.Platform = process.platform) {
  return {
    root: dataDir,
    sessions: join(dataDir, 'sessions'),
    session: (name: string) => join(dataDir, 'sessions', name),
    journal: (name: string) => join(dataDir, 'sessions', name, 'journal.jsonl'),
    sessionMeta: (name: string) => join(dataDir, 'sessions', name, 'session.json'),
    /** A readable copy of the package versions a session's journal pinned (store/session-pins.ts). */
    packageLock: (name: string) => join(dataDir, 'sessions', name, 'packages.lock.json'),
    /** A session's recent runs with their console and value, for the GUI (store/run-history-file.ts). */
    runHistory: (name: string) => join(dataDir, 'sessions', name, 'runs.jsonl'),
    snapshots: join(dataDir, 'snapshots'),
    snapshot: (heapId: string) => join(dataDir, 'snapshots', `${heapId}.snap`),
    /**
     * Bytes runs received (fetch bodies, tool results), loaded (package tarballs and bundles) and
     * kept as files (contents, tree manifests), by content hash: the journals keep the hashes,
     * and a sweep removes what none names (blob-sweep.ts).
     */
    blob: (hash: string) => join(dataDir, 'blobs', hash.slice(0, 2), hash),
    /** Sandbox workers build package bundles here, a throwaway folder each (removed after). */
    builds: join(dataDir, 'builds'),
    /** The build folder of the `n`th worker the server with process id `pid` started. */
    workerBuilds: (pid: number, n: number) => join(dataDir, 'builds', `${pid}-${n}`),
    settings: join(dataDir, 'settings.json'),
    serverInfo: join(dataDir, 'server.json'),
    /** The admin API's token (the browser GUI's key), kept across restarts. */
    adminToken: join(dataDir, 'admin-token'),
    messageLogs: join(dataDir, 'logs'),
    /**
     * The stdio clients' command on macOS and Linux: a script that starts the runtime of the
     * server that last started here (app/stdio-launcher.ts), so it outlives app updates.
     */
    launcher: join(dataDir, 'bin', 'mcp-isolate'),
    /**
     * Where the running server listens for stdio bridges: an owner-only Unix socket in the data
     * directory, or on Windows a named pipe named after it.
     */
    controlSocket:
      platform === 'win32'
        ? `\\\\.\\pipe\\mcp-isolate-${createHash('sha256').update(dataDir.toLowerCase()).digest('hex').slice(0, 24)}`
        : join(dataDir, 'run', 'control.sock'),
  };
}

export type DataLayout = ReturnType<typeof dataLayout>;
