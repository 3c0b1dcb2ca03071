import { z } from 'zod';
import type { EffectOf } from '../../contract/effect-kinds.ts';
import type { SessionSummary } from '../engine/engine-types.ts';
import { RUN_ERROR_CODES } from '../sandbox/run-errors.ts';
import type { Divergence } from '../store/journal-entry.ts';

// The one definition of the MCP tools: names, descriptions, input and output schemas. The MCP
// server registers these and the JSON API validates against the same ones.

const consoleLine = z.object({
  level: z.string().describe('log, info, debug, warn, error or trace'),
  text: z.string(),
});

const cancelledTimer = z.object({
  id: z.number(),
  kind: z.string(),
  delay: z.number(),
  dueIn: z.number(),
});

export const runJsInput = {
  code: z
    .string()
    .describe(
      "JavaScript or TypeScript to run, as in a REPL: the last statement's value is the result",
    ),
  session: z
    .string()
    .optional()
    .describe("Session to run in (created on first use). Default: this connection's own session"),
  heap: z
    .string()
    .optional()
    .describe(
      'Heap id to start a new session from (a fork): without `session`, a new session named in the result; a named session must be new or at that heap',
    ),
};

/** A snapshot made by another runtime that a session goes on from (KeptSnapshot). */
const keptSnapshot = z.object({ heap: z.string(), runtime: z.string() });
const ranUnder = z.object({ runtime: z.string(), memoryMb: z.number() });

const divergence = z.object({
  heap: z.string().describe('The run whose replay differs'),
  forkFrom: z.string().describe('The newest heap that replays: fork from it to go on'),
  ranUnder: ranUnder.optional(),
  replayedUnder: ranUnder,
  snapshot: keptSnapshot
    .optional()
    .describe('A snapshot the session can go on from instead, made by the runtime that ran it'),
}) satisfies z.ZodType<Divergence>;

export const runJsOutput = {
  ok: z.boolean(),
  session: z.string(),
  heap: z.string().describe('The heap after the run: new when it committed, unchanged if not'),
  parent: z.string(),
  value: z
    .string()
    .optional()
    .describe("The run's completion value (its last statement's, as in a REPL), rendered"),
  error: z
    .object({
      code: z.enum(RUN_ERROR_CODES),
      name: z.string(),
      message: z.string(),
      stack: z.string().optional(),
      divergence: divergence.optional().describe('For replay_diverged'),
    })
    .optional(),
  console: z.array(consoleLine),
  cancelledTimers: z.array(cancelledTimer),
  moreCancelledTimers: z
    .number()
    .optional()
    .describe('Pending timers not listed in cancelledTimers: listing them would pass outputBytes'),
  requests: z
    .array(
      z.object({
        method: z.string(),
        url: z.string(),
        status: z.number().optional(),
        bytes: z.number().optional(),
        redirects: z.number().optional(),
        error: z.string().optional().describe('Why it got no response (refused: not in allowNet)'),
        refused: z.boolean().optional(),
        ms: z.number(),
      }) satisfies z.ZodType<EffectOf<'fetch'>>,
    )
    .optional()
    .describe("The run's fetch requests, in the order made"),
  startTime: z
    .string()
    .optional()
    .describe(
      "The run's start on the session's virtual clock (what Date.now() reads until a timer moves it): the wall-clock time, or where the previous run left the clock if that is later",
    ),
  packages: z
    .array(
      z.object({
        specifier: z.string(),
        name: z.string().optional(),
        version: z.string().optional(),
        bytes: z.number().optional().describe("The bundle's size"),
        from: z
          .enum(['cache', 'built'])
          .optional()
          .describe(
            'built: bundled by this run (resolved and downloaded first unless pinned and cached); cache: a stored bundle',
          ),
        error: z.string().optional().describe('Why the import failed'),
        ms: z.number(),
      }) satisfies z.ZodType<EffectOf<'import'>>,
    )
    .optional()
    .describe('The packages the run imported for the first time in its heap, in order'),
  durationMs: z.number(),
};

const sessionSummary = z.object({
  name: z.string(),
  head: z.string().describe('The newest heap id'),
  heaps: z
    .number()
    .describe(
      "Heaps in the session's history, each a committed run's: the ones list_session_snapshots lists, a fork's inherited ones included",
    ),
  inheritedHeaps: z
    .number()
    .describe('Of heaps, the ones inherited when the session was forked (0 if not forked)'),
  heapsWithSnapshot: z
    .number()
    .describe(
      'Of heaps, the ones with a snapshot file now (snapshotBytes in list_session_snapshots)',
    ),
  createdAt: z.string(),
  updatedAt: z.string(),
  forkedFrom: z.object({ session: z.string().optional(), heap: z.string() }).optional(),
  damaged: z.string().optional(),
  recovered: z.string().optional(),
  diverged: z
    .object({
      message: z.string(),
      heap: z.string(),
      forkFrom: z.string(),
      snapshot: keptSnapshot.optional(),
    })
    .optional()
    .describe(
      'Replaying its journal came out differently from its runs (replay_diverged): it refuses runs; fork a session from heap forkFrom (run_js with heap) to go on, or keep using snapshot (in the window)',
    ),
  keptSnapshot: keptSnapshot
    .optional()
    .describe('Since a divergence, it goes on from this snapshot, which another runtime made'),
}) satisfies z.ZodType<SessionSummary>;

export const listSessionsOutput = { sessions: z.array(sessionSummary) };

export const listSessionSnapshotsInput = {
  session: z.string().describe('Session name, as list_sessions gives it'),
};

export const listSessionSnapshotsOutput = {
  session: z.string(),
  heaps: z.array(
    z.object({
      heap: z.string(),
      parent: z.string(),
      code: z.string().describe('The code of the run that made this heap'),
      time: z.string(),
      durationMs: z.number(),
      snapshotBytes: z.number().optional().describe('Size of its snapshot file, once made'),
    }),
  ),
};

export const TOOLS = {
  run_js: {
    title: 'Run JavaScript',
    description: [
      'Run JavaScript or TypeScript in a persistent sandboxed V8 session and get the value of its last statement, as in a REPL.',
      'State persists: top-level var/let/const/function/class stay defined for later runs in the same session (redeclaring is fine). Top-level await works. console.* output is returned.',
      "Without `session` the code runs in this connection's own session; name a session to share or keep state across connections. Every committed run makes a new heap id; pass `heap` (with a new session name, or none for a new session named in the result) to fork from any earlier heap.",
      'A run that throws, times out or exceeds a limit changes nothing. Math.random is seeded and Date.now() is a virtual clock that stands still during a run; setTimeout/setInterval run on virtual time (awaiting a 10 s timer returns at once) and timers still pending at the end are cancelled.',
      'fetch reaches only the hosts the server allows (off unless it was started with --allow-net); what a run fetched is recorded and replayed, never fetched again.',
      "npm packages import by name: `import _ from 'lodash'`, `import { z } from 'zod'`, `import x from 'npm:pkg@^2'`, subpaths (`pkg/sub`) and `await import('pkg')`; imported names become session globals. The first import in a session resolves, downloads and bundles the package (a large one may need a longer timeout); the session pins that version. No Node built-ins (node:fs, process, Buffer), no file system, no require.",
    ].join('\n'),
    inputSchema: runJsInput,
    outputSchema: runJsOutput,
  },
  list_sessions: {
    title: 'List sessions',
    description:
      'List every persistent session: name, newest heap id, how many heaps its history holds (the inherited ones of a fork counted apart) and how many have a snapshot, when it was created and last changed, and what it was forked from.',
    outputSchema: listSessionsOutput,
  },
  list_session_snapshots: {
    title: 'List the heaps of a session',
    description:
      "List a session's heaps, oldest first: each heap id with the code that made it, when, and the size of its snapshot once made. Any heap id can start a new session through run_js's `heap`.",
    inputSchema: listSessionSnapshotsInput,
    outputSchema: listSessionSnapshotsOutput,
  },
} as const;

export const runJsArgs = z.object(runJsInput).strict();
export type RunJsArgs = z.infer<typeof runJsArgs>;
export type RunJsOutput = z.infer<z.ZodObject<typeof runJsOutput>>;
export type ListSessionsOutput = z.infer<z.ZodObject<typeof listSessionsOutput>>;
export type ListSessionSnapshotsOutput = z.infer<z.ZodObject<typeof listSessionSnapshotsOutput>>;
