import { createRequire } from 'node:module';

/** The version of this server: the package's, as MCP clients, the GUI and /healthz see it. */
export const SERVER_VERSION = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;
