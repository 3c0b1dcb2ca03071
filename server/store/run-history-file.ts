import { appendFile, readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.ts';
import type { DataLayout } from './data-dir.ts';
import { OWNER_FILE } from './owner-only.ts';

/** Runs kept per session; the file is cut back to these when it holds twice as many. */
export const RUNS_KEPT = 500;

interface SessionRuns {
  runs: object[];
  /** Lines in the session's file. */
  lines: number;
  /** The last change to the runs and their file: changes happen one after another. */
  changing: Promise<void>;
}

/**
 * Each session's recent runs with their console and value (the journal keeps only what replay
 * needs), as whoever records them shaped them (JSON objects): in memory, and in the session's
 * `runs.jsonl` so they outlive a restart. Both stay bounded however long a session runs. The
 * session store keeps it, so a session deleted takes its runs along.
 */
export class RunHistory {
  private readonly sessions = new Map<string, Promise<SessionRuns>>();
  private readonly layout: Pick<DataLayout, 'runHistory'>;

  constructor(layout: Pick<DataLayout, 'runHistory'>) {
    this.layout = layout;
  }

  /** Keeps `run` as the newest of its session's runs. */
  async record(session: string, run: object): Promise<void> {
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

  /** A session's runs, oldest first, as they were recorded. */
  async list(session: string): Promise<object[]> {
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

  /**
   * Waits for `session`'s writes in progress, so that its folder can move: its runs file is
   * written by path, never held open.
   */
  async settled(session: string): Promise<void> {
    await (await this.sessions.get(session))?.changing;
  }

  /** The session `from` is called `to` now: its runs are kept under that name, in its folder. */
  renamed(from: string, to: string): void {
    const kept = this.sessions.get(from);
    this.sessions.delete(from);
    if (kept) this.sessions.set(to, kept);
  }
}

async function readRuns(path: string): Promise<SessionRuns> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const lines = text.split('\n').filter(Boolean);
  const runs: object[] = [];
  for (const line of lines.slice(-RUNS_KEPT)) {
    try {
      runs.push(JSON.parse(line));
    } catch {
      // A line torn by a crash: the others still count.
    }
  }
  return { runs, lines: lines.length, changing: Promise.resolve() };
}
