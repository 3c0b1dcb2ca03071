import { useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { SessionSummary } from '../../../contract/server-types.ts';
import { useSessionDetail } from '../app/use-session-detail.ts';
import { shortHeap } from '../logic/format.ts';
import { HeapInspector } from './HeapInspector.tsx';
import { HeapTable } from './HeapTable.tsx';
import { RunTimeline } from './RunTimeline.tsx';

interface Props {
  client: DesktopClient;
  session: SessionSummary;
  runVersion: number;
  onChanged: () => void;
  onDeleted: () => void;
}

/** One session: where it came from, its heaps, its runs, and deleting it. */
export function SessionDetail({ client, session, runVersion, onChanged, onDeleted }: Props) {
  const { runs, heaps, problem, setProblem } = useSessionDetail(client, session, runVersion);
  const [confirming, setConfirming] = useState(false);
  const [inspecting, setInspecting] = useState<string>();

  const remove = () => {
    client.deleteSession({ session: session.name }).then(
      () => {
        onDeleted();
        onChanged();
      },
      (error: Error) => setProblem(error.message),
    );
  };

  return (
    <div>
      <header className="view-header">
        <h2>{session.name}</h2>
        {confirming ? (
          <fieldset className="confirm">
            <legend>Delete {session.name} and its snapshots?</legend>
            <button type="button" className="danger" onClick={remove}>
              Delete
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </fieldset>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Delete session
          </button>
        )}
      </header>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      {session.forkedFrom && (
        <p className="hint">
          Forked from {session.forkedFrom.session ?? 'a session'} at heap{' '}
          {shortHeap(session.forkedFrom.heap)}
        </p>
      )}
      <h3>Heap snapshots</h3>
      <HeapTable
        client={client}
        heaps={heaps}
        onInspect={setInspecting}
        onForked={onChanged}
        onProblem={setProblem}
      />
      {inspecting && (
        <HeapInspector
          key={inspecting}
          client={client}
          heap={inspecting}
          onClose={() => setInspecting(undefined)}
        />
      )}
      <h3>Runs</h3>
      <RunTimeline runs={runs} />
    </div>
  );
}
