import { z } from 'zod';
import { keptSnapshotSchema } from './run-errors.ts';

/**
 * A session in a list: every transport (list_sessions, the admin API, the GUI) shows these
 * figures as they are, so that each means one thing everywhere.
 */
export const sessionSummarySchema = z.strictObject({
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
  fileBytes: z
    .number()
    .describe("The newest heap's files together, in bytes (list_files lists them)"),
  files: z.number().describe("Files and folders in the newest heap's tree"),
  forkedFrom: z.strictObject({ session: z.string().optional(), heap: z.string() }).optional(),
  damaged: z.string().optional(),
  recovered: z.string().optional(),
  diverged: z
    .strictObject({
      message: z.string(),
      heap: z.string(),
      forkFrom: z.string(),
      /** A snapshot it can go on from instead (Engine.keepSnapshot). */
      snapshot: keptSnapshotSchema.optional(),
    })
    .optional()
    .describe(
      'Replaying its journal came out differently from its runs (replay_diverged): it refuses runs; fork a session from heap forkFrom (run_js with heap) to go on, or keep using snapshot (in the window)',
    ),
  keptSnapshot: keptSnapshotSchema
    .optional()
    .describe('Since a divergence, it goes on from this snapshot, which another runtime made'),
});

export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/** One heap of a session's history. */
export const heapSummarySchema = z.strictObject({
  heap: z.string(),
  parent: z.string(),
  code: z.string().describe('The code of the run that made this heap'),
  time: z.string(),
  durationMs: z.number(),
  snapshotBytes: z.number().optional().describe('Size of its snapshot file, once made'),
});

export type HeapSummary = z.infer<typeof heapSummarySchema>;

/** A package a session's journal pinned, as the GUI lists it. */
export const sessionPackageSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  /** The registry's `dist.integrity` of its tarball. */
  integrity: z.string(),
  tarballBytes: z.number(),
  /** Packages bundled with it (its dependencies, resolved as npm would). */
  dependencies: z.number(),
  /** Each entry the session imported (`.` is the main one) and its bundle's size. */
  bundles: z.array(z.strictObject({ subpath: z.string(), bytes: z.number() })),
});

export type SessionPackage = z.infer<typeof sessionPackageSchema>;
