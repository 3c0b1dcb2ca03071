/** What went wrong with the window's page, as Electron reports it. */
export type RendererFailure =
  /** `render-process-gone`: its renderer process ended (`reason`: crashed, oom, killed…). */
  | { kind: 'gone'; reason: string }
  /** `did-fail-load`: a page did not load. */
  | { kind: 'load-failed'; errorCode: number; description: string; mainFrame: boolean };

/** What to do about a failure: reload or not, and what to tell the user. */
export interface Recovery {
  reload: boolean;
  message: string;
}

/** Chromium's ERR_ABORTED: a load cut short by another (a reload), not a failure. */
const ERR_ABORTED = -3;

export interface RecoveryLimits {
  /** At most this many reloads… */
  reloads: number;
  /** …within this long; past it, the page is left as it is rather than reloaded in a loop. */
  withinMs: number;
}

/**
 * Decides how the window recovers: a crashed page or one that failed to load is reloaded, with
 * a word to the user, a bounded number of times in a row. A renderer that ended cleanly (the
 * app quitting) or a load aborted by another is nothing to recover from.
 */
export class RendererRecovery {
  private reloads: number[] = [];
  private readonly limits: RecoveryLimits;

  constructor(limits: RecoveryLimits = { reloads: 3, withinMs: 60_000 }) {
    this.limits = limits;
  }

  decide(failure: RendererFailure, now: number): Recovery | undefined {
    const what = whatFailed(failure);
    if (!what) return undefined;
    this.reloads = this.reloads.filter((at) => now - at < this.limits.withinMs);
    if (this.reloads.length >= this.limits.reloads) {
      return {
        reload: false,
        message: `The MCP Isolate window ${what} again, ${this.reloads.length + 1} times within ${Math.round(this.limits.withinMs / 1000)} s, so it was not reloaded again. The server goes on running; quit MCP Isolate and start it again to get the window back, and see Open logs.`,
      };
    }
    this.reloads.push(now);
    return { reload: true, message: `The MCP Isolate window ${what}, so it was reloaded.` };
  }
}

/** The failure in words, or undefined when it is none. */
function whatFailed(failure: RendererFailure): string | undefined {
  if (failure.kind === 'gone') {
    return failure.reason === 'clean-exit' ? undefined : `stopped (${failure.reason})`;
  }
  if (!failure.mainFrame || failure.errorCode === ERR_ABORTED) return undefined;
  return `could not load its page (${failure.description}, ${failure.errorCode})`;
}
