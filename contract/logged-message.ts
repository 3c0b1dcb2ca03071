import { z } from 'zod';
import { clientInfoSchema, protocolEraSchema, transportKindSchema } from './connections.ts';

/** One JSON-RPC message the server received (`in`) or sent (`out`), as the message log keeps it. */
export const loggedMessageSchema = z.strictObject({
  seq: z.number(),
  time: z.string(),
  connection: z.string(),
  transport: transportKindSchema,
  client: clientInfoSchema.optional(),
  /** The era of its connection, once known (absent in logs written before eras were told). */
  era: protocolEraSchema.optional(),
  /** For a message to or from one of the user's other MCP servers: its name in mcpServers. */
  upstream: z.string().optional(),
  direction: z.enum(['in', 'out']),
  kind: z.enum(['request', 'response', 'notification']),
  method: z.string().optional(),
  id: z.union([z.string(), z.number()]).optional(),
  /** Size of the message as JSON, in bytes. */
  size: z.number(),
  /** For a response: time since its request went the other way. */
  latencyMs: z.number().optional(),
  isError: z.boolean().optional(),
  /** The message itself, or its first bytes when it is larger than the body limit. */
  body: z.unknown(),
  truncated: z.boolean().optional(),
});

export type LoggedMessage = z.infer<typeof loggedMessageSchema>;
export type Direction = LoggedMessage['direction'];
