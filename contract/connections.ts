import { z } from 'zod';

export const transportKindSchema = z.enum(['streamable-http', 'sse', 'stdio']);
export type TransportKind = z.infer<typeof transportKindSchema>;

/**
 * The protocol's two eras: `legacy` is 2025-11-25 and older (an `initialize` handshake, then a
 * session), `modern` is 2026-07-28 (no handshake: each request carries its protocol version and
 * client in `_meta`). A modern client on Streamable HTTP has no connection: what the window lists
 * for it is the client seen, one entry per client identity, its requests its traffic.
 */
export const protocolEraSchema = z.enum(['legacy', 'modern']);
export type ProtocolEra = z.infer<typeof protocolEraSchema>;

/** A client as it named itself in `initialize`. */
export const clientInfoSchema = z.strictObject({ name: z.string(), version: z.string() });
export type ClientInfo = z.infer<typeof clientInfoSchema>;

/**
 * `streaming`: a stream to the client is open (a Streamable HTTP GET stream or a request being
 * answered, the SSE stream, an attached stdio process); `idle`: none is, so nothing shows the
 * client is still there; `closed`: the connection ended.
 */
export const connectionStateSchema = z.enum(['streaming', 'idle', 'closed']);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const connectionInfoSchema = z.strictObject({
  id: z.string(),
  transport: transportKindSchema,
  client: clientInfoSchema.optional(),
  protocolVersion: z.string().optional(),
  /** Known from the first message: an `initialize`, or a request with a modern `_meta`. */
  era: protocolEraSchema.optional(),
  connectedAt: z.string(),
  lastActivityAt: z.string(),
  messages: z.number(),
  /** The session runs without a session name go to, once the first such run made it. */
  session: z.string().optional(),
  state: connectionStateSchema,
  /** When and why a closed connection ended. */
  closedAt: z.string().optional(),
  closeReason: z.string().optional(),
});

export type ConnectionInfo = z.infer<typeof connectionInfoSchema>;
