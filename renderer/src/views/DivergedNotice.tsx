import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { SessionSummary } from '../../../contract/sessions.ts';
import { shortHeap } from '../logic/format.ts';

interface Props {
  client: DesktopClient;
  session: string;
  diverged: NonNullable<SessionSummary['diverged']>;
  onForked: (session: string) => void;
  onKept: () => void;
  onProblem: (message: string) => void;
}

/**
 * A session whose journal no longer replays as it ran (replay_diverged): why, and the ways on: a
 * new session forked from the newest heap that still replays, or, where one is offered, going on
 * from a snapshot the old runtime made. History, heaps and export stay.
 */
export function DivergedNotice({ client, session, diverged, onForked, onKept, onProblem }: Props) {
  const fail = (error: Error) => onProblem(error.message);
  const fork = () => {
    client.forkSession({ heap: diverged.forkFrom }).then((forked) => onForked(forked.name), fail);
  };
  const keep = () => {
    client.keepSessionSnapshot({ session }).then(onKept, fail);
  };
  return (
    <section className="problem" aria-label="This session cannot run">
      <p>
        <strong>
          This session cannot run: replaying it no longer gives the heaps its runs made.
        </strong>
      </p>
      <p>{diverged.message}</p>
      <div className="actions">
        <button type="button" onClick={fork}>
          Fork a new session from heap {shortHeap(diverged.forkFrom)}
        </button>
        {diverged.snapshot && (
          <button type="button" className="secondary" onClick={keep}>
            Keep using the snapshot of heap {shortHeap(diverged.snapshot.heap)}
          </button>
        )}
      </div>
    </section>
  );
}
