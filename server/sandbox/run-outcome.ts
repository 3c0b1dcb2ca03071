import type { EffectSummary } from '../../contract/effect-kinds.ts';
import type { RunErrorInfo } from '../../contract/run-errors.ts';
import type { SandboxReport } from '../../contract/run-report.ts';
import type { RunFiles } from '../../contract/session-files.ts';
import type { JournalEntry } from '../store/journal-entry.ts';
import type { GuestOutcome } from './execute-run.ts';
import type { RunOutcome } from './protocol.ts';

/** How the run's heap was brought back, and how long that took. */
export type Restored = Pick<SandboxReport, 'restoredFrom' | 'restoreMs'>;

/** What the guest said of a run that got as far as running (none when the restore failed). */
export type GuestPart = Pick<
  GuestOutcome,
  'console' | 'cancelledTimers' | 'moreCancelledTimers' | 'startTime'
>;

/** How a run ended: with an error, or well, with the entry that commits it. */
export type RunEnd =
  | { error: RunErrorInfo }
  | {
      entry: JournalEntry;
      value: string | undefined;
      heapBytes: number;
      /** What it did to the session's files and showed. */
      files?: RunFiles;
    };

/** A run's answer, whichever way it ended: the one place a worker builds one. */
export function runOutcome(
  restored: Restored,
  effects: EffectSummary[],
  guest: GuestPart | undefined,
  end: RunEnd,
): RunOutcome {
  const report: SandboxReport = {
    ok: !('error' in end),
    ...('error' in end ? { error: end.error } : { heapBytes: end.heapBytes }),
    ...('entry' in end && end.value !== undefined && { value: end.value }),
    console: guest?.console ?? [],
    cancelledTimers: guest?.cancelledTimers ?? [],
    ...(guest &&
      guest.moreCancelledTimers > 0 && {
        moreCancelledTimers: guest.moreCancelledTimers,
      }),
    ...(guest && { startTime: new Date(guest.startTime).toISOString() }),
    ...restored,
    effects,
    ...('entry' in end && end.files && { files: end.files }),
  };
  return 'error' in end ? { report } : { report, entry: end.entry };
}
