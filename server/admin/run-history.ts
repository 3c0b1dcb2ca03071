import { appendFile, readFile } from 'node:fs/promises';
import type { ActiveRun, RunOrigin, RunResult } from '../engine/engine-types.ts';
import type { PackageLoad, RequestSummary } from '../sandbox/protocol.ts';
import { writeFileAtomic } from '../store/atomic-write.ts';
import type { DataLayout } from '../store/data-dir.ts';
import { OWNER_FILE } from '../store/owner-only.ts';

/** One run as the GUI shows it in a session's timeline, committed or not. */
export interface RunRecord {
  /** The run's id while it was active (ActiveRun.id); absent in runs recorded before it existed. */
  id?: string;
  at: string;
  code: string;
  origin?: RunOrigin;
  ok: boolean;
  /** The heap the run made, or the one it left unchanged. */
  heap: string;
  parent: string;
  value?: string;
  error?: { code: string; name: string; message: string };
  console: { level: string; text: string }[];
  durationMs: number;
  /** The heap's size in use after a committed run. */
  heapBytes?: number;
  /** The run's fetches (never their headers, so never a secret). */
  requests?: RequestSummary[];
  /** The packages it asked for. */
  packages?: PackageLoad[];
}

/** One ended run as the history keeps it. */
export function runRecordOf(active: ActiveRun, result: RunResult): RunRecord {
  return {
    id: active.id,
    at: active.startedAt,
    code: active.code,
    origin: active.origin,
    ok: result.ok,
    heap: result.heap,
    parent: result.parent,
    ...(result.value !== undefined && { value: result.value }),
    ...(result.error && {
      error: { code: result.error.code, name: result.error.name, message: result.error.message },
    }),
    console: result.console,
    durationMs: Math.round(result.durationMs * 1000) / 1000,
    ...(result.heapBytes !== undefined && { heapBytes: result.heapBytes }),
    ...(result.requests && { requests: result.requests }),
    ...(result.packages && { packages: result.packages }),
  };
}

/** Runs kept per session; the file is cut back to these when it holds twice as many. */
export const RUNS_KEPT = 500;

interface SessionRuns {
  runs: RunRecord[];
  /** Lines in the session's file. */
  lines: number;
  /** The last change to the runs and their file: changes happen one after another. */
  changing: Promise<void>;
}

/**
 * Each session's recent runs with their console and value (the journal keeps only what replay
 * needs): in memory, and in the session's `runs.jsonl` so they outlive a restart. Both stay
 * bounded however long a session runs.
 */
export class RunHistory {
  private readonly sessions = new Map<string, Promise<SessionRuns>>();
  private readonly layout: Pick<DataLayout, 'runHistory'>;

  constructor(layout: Pick<DataLayout, 'runHistory'>) {
    this.layout = layout;
  }

  /** Keeps `run` (see runRecordOf) as the newest of its session's runs. */
  async record(session: string, run: RunRecord): Promise<void> {
    const kept = await this.load(session);
    const path = this.layout.runHistory(session);
    const change = kept.changing.then(async () => {
      kept.runs.push(run);
      if (kept.runs.length > RUNS_KEPT) kept.runs.splice(0, kept.runs.length - RUNS_KEPT);
      if (kept.lines < 2 * RUNS_KEPT) {
        await appendFile(path, `${JSON.stringify(run)}\n`, { mode: OWNER_FILE });
        kept.lines++;
      } else {
        await writeFileAtomic(path, kept.runs.map((line) => `${JSON.stringify(line)}\n`).join(''));
        kept.lines = kept.runs.length;
      }
    });
    // A failed first run made no session folder: it is kept in memory only.
    kept.changing = change.catch(() => undefined);
    await kept.changing;
  }

  async list(session: string): Promise<RunRecord[]> {
    const kept = await this.load(session);
    await kept.changing;
    return kept.runs;
  }

  private load(session: string): Promise<SessionRuns> {
    let kept = this.sessions.get(session);
    if (!kept) {
      kept = readRuns(this.layout.runHistory(session));
      this.sessions.set(session, kept);
    }
    return kept;
  }

  forget(session: string): void {
    this.sessions.delete(session);
  }
}

async function readRuns(path: string): Promise<SessionRuns> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const lines = text.split('\n').filter(Boolean);
  const runs: RunRecord[] = [];
  for (const line of lines.slice(-RUNS_KEPT)) {
    try {
      runs.push(JSON.parse(line) as RunRecord);
    } catch {
      // A line torn by a crash: the others still count.
    }
  }
  return { runs, lines: lines.length, changing: Promise.resolve() };
}
