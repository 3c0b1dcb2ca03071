// What the desktop app and the server process it starts agree on, besides the admin API.

/**
 * Node flags for the server process where the app starts it. V8 grows the young generation to
 * 16 MiB while the server loads and keeps it; a 2 MiB limit keeps the idle server near 111 MiB
 * instead of 121 MiB (bench/footprint.ts). The `mcp-isolate` command runs in the process that
 * started it, where a V8 flag cannot be set any more.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2'];

/** What a supervising app sends over the server's IPC channel to have it shut down cleanly. */
export const SHUTDOWN_MESSAGE = { type: 'shutdown' } as const;
