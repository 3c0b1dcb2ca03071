import { z } from 'zod';

// The MCP clients the window connects for the user, as the server reports them
// (server/clients/): which are installed, and whether their own config file names MCP Isolate.

/** The name of MCP Isolate's entry in every client's config file. */
export const MCP_ENTRY_NAME = 'mcp-isolate';

export const MCP_CLIENT_IDS = [
  'claude-desktop',
  'claude-code',
  'cursor',
  'vscode',
  'windsurf',
] as const;
export const mcpClientIdSchema = z.enum(MCP_CLIENT_IDS);
export type McpClientId = z.infer<typeof mcpClientIdSchema>;

/**
 * `outdated`: an `mcp-isolate` entry is there but runs another command than the server's current
 * stdio command (an older install's path, say), or is an HTTP entry (a `url`): repairing makes it
 * the stdio entry, dropping the HTTP one's URL and headers.
 */
export const MCP_CLIENT_STATES = [
  'not-installed',
  'not-connected',
  'connected',
  'outdated',
] as const;
export type McpClientState = (typeof MCP_CLIENT_STATES)[number];

export const mcpClientSchema = z.strictObject({
  id: mcpClientIdSchema,
  name: z.string(),
  /** The client's own config file, where the entry goes (it may not exist yet). */
  configPath: z.string(),
  state: z.enum(MCP_CLIENT_STATES),
  /**
   * Why the config file cannot be used (comments, invalid JSON, too large, unreadable): the
   * state is then only what the folders tell (installed: `not-connected`), and Connect and
   * Disconnect refuse until the file is fixed.
   */
  problem: z.string().optional(),
});
export type McpClient = z.infer<typeof mcpClientSchema>;

/** What connecting or disconnecting did, to show next to the client. */
export const clientChangeSchema = z.strictObject({
  /** The client as it is now. */
  client: mcpClientSchema,
  /** In a sentence: what changed in which file. */
  result: z.string(),
  /** Where the file as it was before is kept (overwritten at each change); none if it was new. */
  backupPath: z.string().optional(),
});
export type ClientChange = z.infer<typeof clientChangeSchema>;

/** A client's state in words, for the window and the tray. */
export const CLIENT_STATE_WORDS: Record<McpClientState, string> = {
  'not-installed': 'Not installed',
  'not-connected': 'Not connected',
  connected: 'Connected',
  outdated: 'Connected with an outdated path',
};
