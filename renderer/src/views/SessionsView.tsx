import { useEffect, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { HeapSummary, RunRecord, SessionSummary } from '../../../contract/server-types.ts';
import { formatBytes, formatMs, formatTime, plural, shortHeap } from '../logic/format.ts';
import { HeapInspector } from './HeapInspector.tsx';

interface Props {
  client: DesktopClient;
  sessions: SessionSummary[];
  runVersion: number;
  onChanged: () => void;
}

export function SessionsView({ client, sessions, runVersion, onChanged }: Props) {
  const [selected, setSelected] = useState<string>();
  const current = sessions.find((session) => session.name === selected);
  return (
    <section aria-labelledby="sessions-title" className="split">
      <div className="list-pane">
        <header className="view-header">
          <h1 id="sessions-title">Sessions</h1>
        </header>
        {sessions.length === 0 ? (
          <p className="empty">
            No sessions yet. A client's first <code>run_js</code> makes one.
          </p>
        ) : (
          <ul className="selectable" aria-label="Sessions">
            {sessions.map((session) => (
              <li key={session.name}>
                <button
                  type="button"
                  aria-current={session.name === selected}
                  onClick={() => setSelected(session.name)}
                >
                  <strong>{session.name}</strong>
                  <span className="meta">
                    {plural(session.runs, 'run')} · {plural(session.snapshots, 'snapshot')} · heap{' '}
                    {shortHeap(session.head)} · {formatTime(session.updatedAt)}
                  </span>
                  {session.damaged && <span className="problem">{session.damaged}</span>}
                  {session.recovered && <span className="notice">{session.recovered}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="detail-pane">
        {current ? (
          <SessionDetail
            key={current.name}
            client={client}
            session={current}
            runVersion={runVersion}
            onChanged={onChanged}
            onDeleted={() => setSelected(undefined)}
          />
        ) : (
          <p className="empty">Select a session to see its runs and heap snapshots.</p>
        )}
      </div>
    </section>
  );
}

function SessionDetail({
  client,
  session,
  runVersion,
  onChanged,
  onDeleted,
}: {
  client: DesktopClient;
  session: SessionSummary;
  runVersion: number;
  onChanged: () => void;
  onDeleted: () => void;
}) {
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [heaps, setHeaps] = useState<HeapSummary[]>([]);
  const [problem, setProblem] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [forkOf, setForkOf] = useState<string>();
  const [inspecting, setInspecting] = useState<string>();
  const [forkName, setForkName] = useState('');

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs, changes and new snapshots say when to reload
  useEffect(() => {
    Promise.all([
      client.listRuns({ session: session.name }),
      client.listHeaps({ session: session.name }),
    ]).then(
      ([loadedRuns, loadedHeaps]) => {
        setRuns(loadedRuns.runs);
        setHeaps(loadedHeaps.heaps);
      },
      (error: Error) => setProblem(error.message),
    );
  }, [client, session.name, session.updatedAt, session.snapshots, runVersion]);

  const fork = (heap: string) => {
    setProblem(undefined);
    client.forkSession({ heap, ...(forkName.trim() && { session: forkName.trim() }) }).then(
      () => {
        setForkOf(undefined);
        setForkName('');
        onChanged();
      },
      (error: Error) => setProblem(error.message),
    );
  };
  const exportHeap = (heap: string) => {
    client.exportHeap({ heap }).then(
      ({ fileName, journal }) => {
        const url = URL.createObjectURL(new Blob([journal], { type: 'application/jsonl' }));
        const link = document.createElement('a');
        link.href = url;
        link.download = fileName;
        link.click();
        URL.revokeObjectURL(url);
      },
      (error: Error) => setProblem(error.message),
    );
  };
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
      {heaps.length === 0 ? (
        <p className="empty">No committed runs yet.</p>
      ) : (
        <table className="grid" data-testid="heaps">
          <thead>
            <tr>
              <th scope="col">Heap</th>
              <th scope="col">Parent</th>
              <th scope="col">Made</th>
              <th scope="col">Snapshot</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {heaps.map((heap) => (
              <tr key={heap.heap}>
                <td>
                  <code title={heap.heap}>{shortHeap(heap.heap)}</code>
                </td>
                <td>
                  <code>{shortHeap(heap.parent)}</code>
                </td>
                <td>{formatTime(heap.time)}</td>
                <td>
                  {heap.snapshotBytes === undefined ? 'pending' : formatBytes(heap.snapshotBytes)}
                </td>
                <td>
                  {forkOf === heap.heap ? (
                    <form
                      className="inline"
                      onSubmit={(event) => {
                        event.preventDefault();
                        fork(heap.heap);
                      }}
                    >
                      <label>
                        New session name
                        <input
                          value={forkName}
                          onChange={(event) => setForkName(event.target.value)}
                          placeholder="automatic"
                        />
                      </label>
                      <button type="submit">Fork</button>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => setForkOf(undefined)}
                      >
                        Cancel
                      </button>
                    </form>
                  ) : (
                    <span className="row">
                      <button
                        type="button"
                        className="secondary small"
                        onClick={() => setInspecting(heap.heap)}
                        aria-label={`Inspect the globals of heap ${shortHeap(heap.heap)}`}
                      >
                        Inspect
                      </button>
                      <button
                        type="button"
                        className="secondary small"
                        onClick={() => setForkOf(heap.heap)}
                        aria-label={`Fork a new session from heap ${shortHeap(heap.heap)}`}
                      >
                        Fork
                      </button>
                      <button
                        type="button"
                        className="secondary small"
                        onClick={() => exportHeap(heap.heap)}
                        aria-label={`Export heap ${shortHeap(heap.heap)}`}
                      >
                        Export
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inspecting && (
        <HeapInspector
          key={inspecting}
          client={client}
          heap={inspecting}
          onClose={() => setInspecting(undefined)}
        />
      )}
      <h3>Runs</h3>
      {runs.length === 0 ? (
        <p className="empty">No runs recorded for this session.</p>
      ) : (
        <ol className="timeline" data-testid="runs">
          {[...runs].reverse().map((run) => (
            <li key={`${run.at}-${run.heap}`} className={run.ok ? 'ok' : 'failed'}>
              <div className="meta">
                {formatTime(run.at)} · {formatMs(run.durationMs)} ·{' '}
                {run.ok ? `heap ${shortHeap(run.heap)}` : 'not committed'}
              </div>
              <pre className="code">{run.code}</pre>
              {run.console.length > 0 && (
                <pre className="console">
                  {run.console
                    .map((line) =>
                      line.level === 'log' ? line.text : `[${line.level}] ${line.text}`,
                    )
                    .join('\n')}
                </pre>
              )}
              {run.ok ? (
                <pre className="value">{run.value ?? 'undefined'}</pre>
              ) : (
                <pre className="error">
                  {run.error?.name}: {run.error?.message}
                </pre>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
