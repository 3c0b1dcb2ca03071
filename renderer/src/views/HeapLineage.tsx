import { useState } from 'react';
import type { HeapSummary, SessionSummary } from '../../../contract/sessions.ts';
import { formatTime, shortHeap } from '../logic/format.ts';
import { heapLineage, type LineageEdge, type LineageNode } from '../logic/heap-lineage.ts';
import { type HeapActionProps, HeapActions } from './HeapActions.tsx';

/** Pixels of one row and one lane: a node's centre is in the middle of its row, on its lane. */
const ROW = 34;
const LANE = 18;
const GUTTER = LANE * 2 + 8;
const laneX = (lane: number) => 12 + lane * LANE;
const rowY = (row: number) => row * ROW + ROW / 2;

interface Props extends HeapActionProps {
  session: SessionSummary;
  heaps: HeapSummary[];
  sessions: readonly SessionSummary[];
  onOpenSession: (session: string) => void;
  /** A heap was selected (the Files panel shows its files). */
  onSelect?: (heap: string) => void;
}

/** The code that made a heap on one line, cut short: the node shows it, and its name says it. */
const firstLine = (code: string) => {
  const line = code.trim().split('\n')[0] ?? '';
  return line.length > 80 || code.trim().includes('\n') ? `${line.slice(0, 80)}…` : line;
};

/**
 * A session's heaps as a picture (logic/heap-lineage.ts): its line of heaps, newest at the top,
 * and a branch to each session forked from them. A heap is a button that selects it, its actions
 * under the picture; a branch opens its session; a folded run of heaps opens when clicked.
 */
export function HeapLineage({
  session,
  heaps,
  sessions,
  onOpenSession,
  onSelect,
  ...actions
}: Props) {
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string>();
  const lineage = heapLineage({ session, heaps, sessions, opened });
  const byKey = new Map(lineage.nodes.map((node) => [node.key, node]));
  const chosen = heaps.find((heap) => heap.heap === selected);

  return (
    <>
      <section className="lineage" aria-label="Lineage of heaps">
        <div className="lineage-graph" style={{ height: lineage.rows * ROW }}>
          <svg aria-hidden="true" width={GUTTER} height={lineage.rows * ROW}>
            {lineage.edges.map((edge) => (
              <Edge key={`${edge.from}>${edge.to}`} edge={edge} nodes={byKey} />
            ))}
            {lineage.nodes.map((node) => (
              <Dot key={node.key} node={node} />
            ))}
          </svg>
          {lineage.nodes.map((node) => (
            <div
              key={node.key}
              className="lineage-node"
              style={{ top: node.row * ROW, left: GUTTER }}
            >
              <NodeButton
                node={node}
                selected={node.kind === 'heap' && node.heap.heap === selected}
                onSelect={(heap) => {
                  setSelected(heap);
                  onSelect?.(heap);
                }}
                onOpenSession={onOpenSession}
                onOpenGap={(key) => setOpened(new Set([...opened, key]))}
              />
            </div>
          ))}
        </div>
      </section>
      {chosen ? (
        <fieldset className="lineage-actions">
          <legend>
            Heap <code title={chosen.heap}>{shortHeap(chosen.heap)}</code>
          </legend>
          <pre className="code inline-code" title={chosen.code}>
            {chosen.code}
          </pre>
          {/* Keyed: a fork form half filled for one heap does not stay for the next. */}
          <HeapActions key={chosen.heap} heap={chosen.heap} {...actions} />
        </fieldset>
      ) : (
        <p className="hint">Select a heap to inspect it, run code from it, fork or export it.</p>
      )}
    </>
  );
}

function NodeButton({
  node,
  selected,
  onSelect,
  onOpenSession,
  onOpenGap,
}: {
  node: LineageNode;
  selected: boolean;
  onSelect: (heap: string) => void;
  onOpenSession: (session: string) => void;
  onOpenGap: (key: string) => void;
}) {
  switch (node.kind) {
    case 'heap': {
      const { heap, current, inherited } = node;
      return (
        <button
          type="button"
          className={`lineage-button lineage-heap secondary${inherited ? ' inherited' : ''}`}
          aria-pressed={selected}
          onClick={() => onSelect(heap.heap)}
        >
          <Unseen text="Heap " />
          <code>{shortHeap(heap.heap)}</code>
          <Unseen text=" made by " />
          <span className="lineage-code" title={heap.code}>
            {firstLine(heap.code)}
          </span>
          {inherited && <Unseen text=" inherited" />}
          {current && (
            <>
              <Unseen text=" " />
              <span className="badge ok">current</span>
            </>
          )}
          <Unseen text=" at " />
          <span className="meta">{formatTime(heap.time)}</span>
        </button>
      );
    }
    case 'fork':
      return (
        <button
          type="button"
          className="lineage-button lineage-branch secondary"
          onClick={() => onOpenSession(node.session)}
        >
          <Unseen text="Open session " />
          <span className="lineage-code" title={node.session}>
            {node.session}
          </span>
          <Unseen text=" " />
          <span className="meta">forked here</span>
          <Unseen text={` from heap ${shortHeap(node.heap)}`} />
        </button>
      );
    case 'origin': {
      // A session deleted since, or never named, is said but not opened.
      const origin = node.open ? node.session : undefined;
      return origin !== undefined ? (
        <button
          type="button"
          className="lineage-button lineage-branch secondary"
          onClick={() => onOpenSession(origin)}
        >
          <Unseen text="Open the session this one was " />
          <span className="meta">forked from</span>
          <Unseen text=" " />
          <span className="lineage-code" title={origin}>
            {origin}
          </span>
          <Unseen text={` at heap ${shortHeap(node.heap)}`} />
        </button>
      ) : (
        <span className="lineage-branch meta">
          forked from {node.session === undefined ? 'a session' : `${node.session}, deleted`}
        </span>
      );
    }
    case 'gap':
      return (
        <button
          type="button"
          className="lineage-button secondary small"
          onClick={() => onOpenGap(node.key)}
        >
          Show {node.count} heaps without forks
        </button>
      );
  }
}

/**
 * Words a screen reader says between the ones on show, so a node's name reads as a sentence and
 * still holds its visible text, as a spoken command would name it. No punctuation: Chromium puts
 * a space between a flex item and the next, so a comma would stand apart.
 */
const Unseen = ({ text }: { text: string }) => <span className="visually-hidden">{text}</span>;

/** A line down the session's line, or a branch curving up and out to lane 1. */
function Edge({ edge, nodes }: { edge: LineageEdge; nodes: Map<string, LineageNode> }) {
  const from = nodes.get(edge.from);
  const to = nodes.get(edge.to);
  if (!from || !to) return null;
  const [x0, y0, x1, y1] = [laneX(from.lane), rowY(from.row), laneX(to.lane), rowY(to.row)];
  const path =
    edge.kind === 'branch'
      ? `M ${x0} ${y0} C ${x0} ${y0 - ROW * 0.6} ${x1} ${y0 - ROW * 0.4} ${x1} ${y0 - ROW} L ${x1} ${y1}`
      : `M ${x0} ${y0} L ${x1} ${y1}`;
  return <path className={`lineage-edge ${edge.kind}`} d={path} />;
}

function Dot({ node }: { node: LineageNode }) {
  const [x, y] = [laneX(node.lane), rowY(node.row)];
  switch (node.kind) {
    case 'heap':
      return (
        <circle
          className={`lineage-dot${node.inherited ? ' inherited' : ''}${node.current ? ' current' : ''}`}
          cx={x}
          cy={y}
          r={node.current ? 6 : 4.5}
        />
      );
    case 'gap':
      return (
        <path
          className="lineage-gap-mark"
          d={[-6, 0, 6].map((dy) => `M ${x} ${y + dy} h 0.01`).join(' ')}
        />
      );
    default:
      return (
        <rect className="lineage-dot branch" x={x - 4} y={y - 4} width={8} height={8} rx={2} />
      );
  }
}
