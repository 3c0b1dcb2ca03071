import { useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { HeapSummary } from '../../../contract/sessions.ts';
import { downloadText } from '../logic/download.ts';
import { formatTime, shortHeap } from '../logic/format.ts';
import { heapRows } from '../logic/heap-rows.ts';
import { CopyButton } from './CopyButton.tsx';

interface Props {
  client: DesktopClient;
  heaps: HeapSummary[];
  /** The session's current heap. */
  head: string;
  /** Opens the inspector on a heap. */
  onInspect: (heap: string) => void;
  /** Points the code editor at a new session forked from a heap. */
  onRunFrom: (heap: string) => void;
  /** A session was forked from one of these heaps. */
  onForked: () => void;
  onProblem: (problem: string | undefined) => void;
}

/**
 * A session's heaps, newest first, with the code that made each and what happens about its
 * snapshot; each to inspect, run code from, fork into a new session or export.
 */
export function HeapTable({
  client,
  heaps,
  head,
  onInspect,
  onRunFrom,
  onForked,
  onProblem,
}: Props) {
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
    // Scrolls in a box of its own, its header kept in view, so a session of many heaps leaves
    // the rest of the session (and the inspector below) near.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is scrolled by keyboard
    <section className="table-scroll" aria-label="Heaps" tabIndex={0}>
      <table className="grid heaps" data-testid="heaps">
        <colgroup>
          <col className="heap" />
          <col />
          <col className="made" />
          <col className="actions" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Heap</th>
            <th scope="col">Made by</th>
            <th scope="col">Made · snapshot</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {heapRows(heaps, head).map((heap) => (
            <tr key={heap.heap} aria-current={heap.current ? 'true' : undefined}>
              <td>
                <span className="row">
                  <code title={heap.heap}>{shortHeap(heap.heap)}</code>
                  <CopyButton text={heap.heap} label={`heap id ${shortHeap(heap.heap)}`} />
                </span>
                {heap.current && <span className="badge ok">current</span>}
              </td>
              <td>
                <pre className="code inline-code" title={heap.code}>
                  {heap.code}
                </pre>
              </td>
              <td>
                {formatTime(heap.time)}
                <span className="meta below">{heap.snapshot}</span>
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
                      onClick={() => onInspect(heap.heap)}
                      aria-label={`Inspect the globals of heap ${shortHeap(heap.heap)}`}
                    >
                      Inspect
                    </button>
                    <button
                      type="button"
                      className="secondary small"
                      onClick={() => onRunFrom(heap.heap)}
                      aria-label={`Run from here, in a new session from heap ${shortHeap(heap.heap)}`}
                    >
                      Run from here
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
    </section>
  );
}
