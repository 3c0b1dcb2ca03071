import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { SessionSummary } from '../../../contract/server-types.ts';
import { shortHeap } from '../logic/format.ts';

interface Props {
  client: DesktopClient;
  diverged: NonNullable<SessionSummary['diverged']>;
  onForked: (session: string) => void;
  onProblem: (message: string) => void;
}

/**
 * A session whose journal no longer replays as it ran (replay_diverged): why, and the way on, a
 * new session forked from the newest heap that still replays. History, heaps and export stay.
 */
export function DivergedNotice({ client, diverged, onForked, onProblem }: Props) {
  const fork = () => {
    client.forkSession({ heap: diverged.forkFrom }).then(
      (forked) => onForked(forked.name),
      (error: Error) => onProblem(error.message),
    );
  };
  return (
    <section className="problem" aria-label="This session cannot run">
      <p>
        <strong>
          This session cannot run: replaying it no longer gives the heaps its runs made.
        </strong>
      </p>
      <p>{diverged.message}</p>
      <button type="button" onClick={fork}>
        Fork a new session from heap {shortHeap(diverged.forkFrom)}
      </button>
    </section>
  );
}
