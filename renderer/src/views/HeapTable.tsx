import { useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { HeapSummary } from '../../../contract/server-types.ts';
import { downloadText } from '../logic/download.ts';
import { formatBytes, formatTime, shortHeap } from '../logic/format.ts';

interface Props {
  client: DesktopClient;
  heaps: HeapSummary[];
  /** Opens the inspector on a heap. */
  onInspect: (heap: string) => void;
  /** A session was forked from one of these heaps. */
  onForked: () => void;
  onProblem: (problem: string | undefined) => void;
}

/** A session's heaps with their snapshots, each to inspect, fork into a new session or export. */
export function HeapTable({ client, heaps, onInspect, onForked, onProblem }: Props) {
  const [forkOf, setForkOf] = useState<string>();
  const [forkName, setForkName] = useState('');
  const fail = (error: Error) => onProblem(error.message);

  const fork = (heap: string) => {
    onProblem(undefined);
    client.forkSession({ heap, ...(forkName.trim() && { session: forkName.trim() }) }).then(() => {
      setForkOf(undefined);
      setForkName('');
      onForked();
    }, fail);
  };
  const exportHeap = (heap: string) => {
    client
      .exportHeap({ heap })
      .then(({ fileName, journal }) => downloadText(fileName, journal, 'application/jsonl'), fail);
  };

  if (heaps.length === 0) return <p className="empty">No committed runs yet.</p>;
  return (
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
                  <button type="button" className="secondary" onClick={() => setForkOf(undefined)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <span className="row">
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => onInspect(heap.heap)}
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
  );
}
