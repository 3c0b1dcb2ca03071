import type { HeapSummary } from '../../../contract/sessions.ts';
import { formatTime, shortHeap } from '../logic/format.ts';
import { heapRows } from '../logic/heap-rows.ts';
import { CopyButton } from './CopyButton.tsx';
import { type HeapActionProps, HeapActions } from './HeapActions.tsx';

interface Props extends HeapActionProps {
  heaps: HeapSummary[];
  /** The session's current heap. */
  head: string;
}

/**
 * A session's heaps, newest first, with the code that made each and what happens about its
 * snapshot; each to inspect, run code from, fork into a new session or export.
 */
export function HeapTable({ heaps, head, ...actions }: Props) {
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
                <HeapActions heap={heap.heap} {...actions} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
