import type ivm from 'isolated-vm';
import type { RunFiles } from './files/run-files.ts';

export interface LiveIsolate {
  session: string;
  heap: string;
  isolate: ivm.Isolate;
  context: ivm.Context;
  bytes: number;
  /**
   * The runtime whose prelude the heap holds: this worker's, or the one that made a kept
   * snapshot it was restored from (see KeptSnapshot). Runs record it in their entries.
   */
  runtime: string;
  /** Where its runs report progress, once it is restored (connectProgress in worker.ts). */
  progress?: SharedArrayBuffer;
  /** Whether its runs reach their files through the host (connectFiles in worker.ts). */
  filesConnected?: boolean;
  /** The files of the run under way in it, which the guest's file calls reach. */
  runFiles?: RunFiles;
}

export interface CacheLimits {
  maxIsolates: number;
  maxBytes: number;
}

/**
 * The worker's live isolates, least recently used first out, bounded by count and by heap bytes.
 * A run checks its session's isolate out and puts it back only if the run committed.
 */
export class LiveIsolates {
  private readonly live = new Map<string, LiveIsolate>();
  private readonly limits: CacheLimits;
  private readonly onEvict: (evicted: LiveIsolate) => void;

  constructor(limits: CacheLimits, onEvict: (evicted: LiveIsolate) => void) {
    this.limits = limits;
    this.onEvict = onEvict;
  }

  take(session: string): LiveIsolate | undefined {
    const found = this.live.get(session);
    this.live.delete(session);
    return found;
  }

  put(entry: LiveIsolate): void {
    this.live.delete(entry.session);
    this.live.set(entry.session, entry);
    let bytes = 0;
    for (const each of this.live.values()) bytes += each.bytes;
    for (const [session, oldest] of this.live) {
      if (this.live.size <= this.limits.maxIsolates && bytes <= this.limits.maxBytes) break;
      if (session === entry.session) break;
      this.live.delete(session);
      bytes -= oldest.bytes;
      dispose(oldest);
      this.onEvict(oldest);
    }
  }

  drop(session: string): void {
    const found = this.take(session);
    if (found) dispose(found);
  }
}

export function dispose(entry: LiveIsolate): void {
  if (!entry.isolate.isDisposed) entry.isolate.dispose();
}
