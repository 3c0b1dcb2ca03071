import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../engine/engine.ts';

/** One run as the GUI shows it in a session's timeline, committed or not. */
export interface RunRecord {
  at: string;
  code: string;
  ok: boolean;
  /** The heap the run made, or the one it left unchanged. */
  heap: string;
  parent: string;
  value?: string;
  error?: { code: string; name: string; message: string };
  console: { level: string; text: string }[];
  durationMs: number;
}

const KEPT = 500;
const FILE = 'runs.jsonl';

/**
 * Each session's recent runs with their console and value (the journal keeps only what replay
 * needs): in memory, and in `sessions/NAME/runs.jsonl` so they outlive a restart.
 */
export class RunHistory {
  private readonly sessions = new Map<string, RunRecord[]>();
  private readonly sessionsDir: string;

  constructor(sessionsDir: string) {
    this.sessionsDir = sessionsDir;
  }

  async record(code: string, at: string, result: RunResult): Promise<RunRecord> {
    const run: RunRecord = {
      at,
      code,
      ok: result.ok,
      heap: result.heap,
      parent: result.parent,
      ...(result.value !== undefined && { value: result.value }),
      ...(result.error && {
        error: { code: result.error.code, name: result.error.name, message: result.error.message },
      }),
      console: result.console,
      durationMs: Math.round(result.durationMs * 1000) / 1000,
    };
    const runs = await this.list(result.session);
    runs.push(run);
    if (runs.length > KEPT) runs.splice(0, runs.length - KEPT);
    // A failed first run made no session folder: it is kept in memory only.
    await appendFile(
      join(this.sessionsDir, result.session, FILE),
      `${JSON.stringify(run)}\n`,
    ).catch(() => undefined);
    return run;
  }

  async list(session: string): Promise<RunRecord[]> {
    let runs = this.sessions.get(session);
    if (!runs) {
      runs = await readRuns(join(this.sessionsDir, session, FILE));
      this.sessions.set(session, runs);
    }
    return runs;
  }

  forget(session: string): void {
    this.sessions.delete(session);
  }
}

async function readRuns(path: string): Promise<RunRecord[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const runs: RunRecord[] = [];
  for (const line of text.split('\n').slice(-KEPT - 1)) {
    try {
      if (line) runs.push(JSON.parse(line) as RunRecord);
    } catch {
      // A line torn by a crash: the others still count.
    }
  }
  return runs;
}
