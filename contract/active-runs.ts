import { z } from 'zod';

/**
 * Who asked for a run, as the GUI names it: a client's request on a connection (whose id and
 * request id find its messages), the window, or the JSON API. The engine only passes it on.
 */
export const runOriginSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('client'),
    connection: z.string(),
    requestId: z.union([z.string(), z.number()]),
    client: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('window') }),
  z.strictObject({ kind: z.literal('api') }),
]);

export type RunOrigin = z.infer<typeof runOriginSchema>;

/** The longest message `progress()` passes on; a longer one is cut. */
export const PROGRESS_MESSAGE_CHARS = 200;

/**
 * How far a run says it got, with `progress(done, total?, message?)` in its code: the newest
 * value, at most one per PROGRESS_INTERVAL_MS (server/sandbox/run-progress.ts).
 */
export const runProgressSchema = z.strictObject({
  done: z.number().nonnegative(),
  total: z.number().nonnegative().optional(),
  message: z.string().max(PROGRESS_MESSAGE_CHARS).optional(),
});

export type RunProgress = z.infer<typeof runProgressSchema>;

/** A run queued or under way. */
export const activeRunSchema = z.strictObject({
  /** Unique while the server runs; the run's record in the history carries it too. */
  id: z.string(),
  session: z.string(),
  code: z.string(),
  origin: runOriginSchema,
  /** When the engine took it (ISO time); it may still wait behind the session's other runs. */
  startedAt: z.string(),
  /** The newest progress its code reported, once it reported any. */
  progress: runProgressSchema.optional(),
});

export type ActiveRun = z.infer<typeof activeRunSchema>;
