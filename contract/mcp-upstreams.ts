import { z } from 'zod';
import { mcpClientIdSchema } from './mcp-clients.ts';

// The user's other MCP servers as the window sees them (server/upstream/ holds them): each one's
// state and tools, and the servers an MCP client's own config file offers to import. Never a
// secret: `env` and `headers` values stay in the server.

export const UPSTREAM_STATES = ['stopped', 'starting', 'ready', 'failed', 'disabled'] as const;
export const upstreamStateSchema = z.enum(UPSTREAM_STATES);
export type UpstreamState = z.infer<typeof upstreamStateSchema>;

/** The connection an upstream's traffic is logged under in the message log. */
export const upstreamConnection = (name: string) => `upstream:${name}`;

/** A server in these states may still answer what was sent to it. */
export const upstreamLive = (state: UpstreamState) => state === 'starting' || state === 'ready';

export const upstreamTransportSchema = z.enum(['stdio', 'streamable-http', 'sse']);

/** A tool as its server listed it, and whether code may call it (allowTools). */
export const upstreamToolSchema = z.strictObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.record(z.string(), z.unknown()),
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  allowed: z.boolean(),
});
export type UpstreamTool = z.infer<typeof upstreamToolSchema>;

export const upstreamServerSchema = z.strictObject({
  name: z.string(),
  transport: upstreamTransportSchema,
  state: upstreamStateSchema,
  /** The process of a started stdio server. */
  pid: z.number().int().optional(),
  /** Why it failed, or why its last call or start did. */
  error: z.string().optional(),
  /** Its newest stderr lines, secrets masked. */
  stderrTail: z.array(z.string()),
  /** Calls made of it since MCP Isolate started (over every process of it). */
  calls: z.number().int(),
  /** Its tools as last listed: absent until it has been started once. */
  tools: z.array(upstreamToolSchema).optional(),
});
export type UpstreamServerInfo = z.infer<typeof upstreamServerSchema>;

/** What the window's Try of a tool gave: the whole CallToolResult (masked), or why none came. */
export const upstreamTrySchema = z.strictObject({
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
  ms: z.number(),
});
export type UpstreamTry = z.infer<typeof upstreamTrySchema>;

/** A server in a client's config file, as an import would take it. */
export const importableServerSchema = z.strictObject({
  name: z.string(),
  transport: upstreamTransportSchema,
  /** The command and its arguments, or the URL (its query shown as `?…`): what it runs, without secrets. */
  target: z.string(),
  /** The names of its env or header values (secret: their values never reach the window). */
  secretKeys: z.array(z.string()),
  /** Why it would be imported disabled (a VS Code `${input:…}`, an unknown type…). */
  problem: z.string().optional(),
  /** mcpServers already has a server of this name: an import takes another (`NAME-2`). */
  taken: z.boolean(),
});
export type ImportableServer = z.infer<typeof importableServerSchema>;

export const importableClientSchema = z.strictObject({
  client: mcpClientIdSchema,
  name: z.string(),
  configPath: z.string(),
  servers: z.array(importableServerSchema),
  /** Servers of its file past the first 100 (as many as mcpServers holds), not listed. */
  more: z.number().int().optional(),
  /** Why its config file cannot be read (absent, comments, invalid JSON…). */
  problem: z.string().optional(),
});
export type ImportableClient = z.infer<typeof importableClientSchema>;
