// What a replay that came out differently from its live run tells the user: the session, the
// entry, what ran it against what replayed it, the likely cause and what can be done.
import {
  firstLine,
  type JournalEntry,
  type KeptSnapshot,
  type RanUnder,
} from '../store/journal-entry.ts';
import { RunError } from './run-errors.ts';

/**
 * The replay_diverged error for `entry` of `session`, whose replay under `replayedUnder` failed
 * with `cause`: its own replay_diverged (the outcome or steps differ), or a memory_limit under a
 * lower memoryMb than the entry ran with.
 * `snapshot`: one the session could go on from instead (see KeptSnapshot).
 */
export function replayDiverged(
  session: string,
  entry: JournalEntry,
  cause: RunError,
  replayedUnder: RanUnder,
  snapshot?: KeptSnapshot,
): RunError {
  const { ranUnder } = entry;
  const which = `run ${entry.heap} (\`${firstLine(entry.code)}\`)`;
  const why =
    cause.code === 'memory_limit'
      ? `replaying ${which} ran out of memory under memoryMb=${replayedUnder.memoryMb}; it ran with memoryMb=${ranUnder?.memoryMb}. Raise memoryMb in the window's Settings (or settings.json) to ${ranUnder?.memoryMb} to restore the session`
      : `replaying ${which} did not come out as the run did (${cause.message}). ${runtimes(ranUnder, replayedUnder)}`;
  return new RunError(
    'replay_diverged',
    `Session ${session} cannot be restored exactly: ${why}. Its history, heaps and export stay readable; to go on, fork a new session from heap ${entry.parent}, the newest heap that replays${
      snapshot
        ? `, or keep using the snapshot of heap ${snapshot.heap} that runtime ${snapshot.runtime} made, which still loads here (the window's Sessions view offers both)`
        : ''
    }.`,
    {
      heap: entry.heap,
      forkFrom: entry.parent,
      ...(ranUnder && { ranUnder }),
      replayedUnder,
      ...(snapshot && { snapshot }),
    },
  );
}

/** What ran the entry against what replays it, as a sentence without its full stop. */
function runtimes(ranUnder: RanUnder | undefined, replayedUnder: RanUnder): string {
  if (!ranUnder) {
    return `It ran before runs recorded their runtime; this server runs ${replayedUnder.runtime}`;
  }
  if (ranUnder.runtime !== replayedUnder.runtime) {
    return `It ran under runtime ${ranUnder.runtime}; this server runs ${replayedUnder.runtime}`;
  }
  const memory =
    ranUnder.memoryMb === replayedUnder.memoryMb
      ? ''
      : ` with memoryMb=${ranUnder.memoryMb} where the replay had ${replayedUnder.memoryMb}`;
  return `It ran under this same runtime (${ranUnder.runtime})${memory}: please report this as a bug`;
}
