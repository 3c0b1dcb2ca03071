import { z } from 'zod';

/** Why the server refused a request: what the GUI turns into advice for the user. */
export const refusalCauseSchema = z.enum([
  'host',
  'origin',
  'no-token',
  'wrong-token',
  'unknown-session',
  'body-too-large',
  'stopped',
  'full',
  'transport-off',
  'no-route',
  'bad-http',
  /** A 2026 request naming a protocol version the server does not speak. */
  'unsupported-version',
  /** A 2026 request whose headers, `_meta` or media type break the protocol's rules. */
  'bad-mcp-request',
]);

export type RefusalCause = z.infer<typeof refusalCauseSchema>;

/** A refused request: the answer's status and message, and who sent it. */
export const refusedRequestSchema = z.strictObject({
  status: z.number(),
  cause: refusalCauseSchema,
  /** The message the client was answered with. */
  reason: z.string(),
  method: z.string().optional(),
  path: z.string().optional(),
  remoteAddress: z.string().optional(),
  origin: z.string().optional(),
  userAgent: z.string().optional(),
});

export type RefusedRequest = z.infer<typeof refusedRequestSchema>;

/** A request the server refused, numbered and timed. */
export const refusalSchema = refusedRequestSchema.extend({ seq: z.number(), time: z.string() });

export type Refusal = z.infer<typeof refusalSchema>;
