import type { HeapSummary, SessionSummary } from '../../../contract/sessions.ts';

/**
 * A session's heaps as a picture, newest at the top: the session's own line down lane 0, and off
 * it in lane 1 a branch to each session forked from one of its heaps (and to the session this one
 * was forked from, at the heap it came from). Positions are rows and lanes; the view turns them
 * into pixels.
 */
export interface Lineage {
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** Rows from top to bottom, one node to each. */
  rows: number;
}

interface Placed {
  /** Stable across renders, for React and for the edges. */
  key: string;
  row: number;
  lane: 0 | 1;
}

export type LineageNode =
  | (Placed & {
      kind: 'heap';
      heap: HeapSummary;
      /** The session's current heap: where its next run starts. */
      current: boolean;
      /** Made before the session was forked, by the session it came from. */
      inherited: boolean;
    })
  /** A session forked from `heap`. */
  | (Placed & { kind: 'fork'; session: string; heap: string })
  /** The session this one was forked from, at `heap`; `session` is unknown or gone if not `open`. */
  | (Placed & { kind: 'origin'; session?: string; heap: string; open: boolean })
  /** Heaps without a branch, folded into one row; `from` is the oldest, `to` the newest. */
  | (Placed & { kind: 'gap'; count: number; from: string; to: string; inherited: boolean });

/** A node before it has its row: each kind of node without `row`. */
type Unplaced = LineageNode extends infer Node
  ? Node extends LineageNode
    ? Omit<Node, 'row'>
    : never
  : never;

export interface LineageEdge {
  from: string;
  to: string;
  /** `own` and `inherited` run down the session's line; `branch` goes out to a session. */
  kind: 'own' | 'inherited' | 'branch';
}

export interface LineageInput {
  session: Pick<SessionSummary, 'name' | 'head' | 'inheritedHeaps' | 'forkedFrom'>;
  /** The session's heaps, oldest first, as `listHeaps` gives them. */
  heaps: HeapSummary[];
  /** Every session: the ones forked from these heaps become branches. */
  sessions: readonly Pick<SessionSummary, 'name' | 'forkedFrom' | 'createdAt'>[];
  /** Gaps (by key) the user opened. */
  opened?: ReadonlySet<string>;
}

/** The newest heaps are always drawn: the ones a user is working on. */
export const RECENT_HEAPS = 5;
/** Fewer heaps in a row than this are drawn rather than folded: a gap saves no room. */
export const FOLDED_AT_LEAST = 3;

const gapKey = (oldest: string) => `gap:${oldest}`;

/** Lays out a session's lineage; see `Lineage`. */
export function heapLineage({
  session,
  heaps,
  sessions,
  opened = new Set(),
}: LineageInput): Lineage {
  const ids = new Set(heaps.map((heap) => heap.heap));
  // Newest fork first, as the heaps are: the branch drawn highest was made last.
  const forks = sessions
    .filter(
      (other) => other.name !== session.name && other.forkedFrom && ids.has(other.forkedFrom.heap),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const forksOf = (heap: string) => forks.filter((fork) => fork.forkedFrom?.heap === heap);
  const origin = session.forkedFrom;

  const kept = (heap: HeapSummary, index: number) =>
    index === 0 ||
    index >= heaps.length - RECENT_HEAPS ||
    heap.heap === session.head ||
    heap.heap === origin?.heap ||
    forksOf(heap.heap).length > 0;

  const nodes: LineageNode[] = [];
  const edges: LineageEdge[] = [];
  // The lane-0 node above the one being placed, to draw the line down to it.
  let above: { key: string; inherited: boolean } | undefined;
  const place = (node: Unplaced) => {
    const placed = { ...node, row: nodes.length } as LineageNode;
    nodes.push(placed);
    return placed;
  };
  const onLine = (key: string, inherited: boolean) => {
    if (above)
      edges.push({ from: above.key, to: key, kind: above.inherited ? 'inherited' : 'own' });
    above = { key, inherited };
  };
  const inheritedAt = (index: number) => index < session.inheritedHeaps;

  const placeHeap = (heap: HeapSummary, index: number) => {
    const key = `heap:${heap.heap}`;
    const branches = forksOf(heap.heap).map((fork) =>
      place({
        kind: 'fork',
        key: `fork:${fork.name}`,
        lane: 1,
        session: fork.name,
        heap: heap.heap,
      }),
    );
    if (origin?.heap === heap.heap) {
      const open = origin.session !== undefined && sessions.some((s) => s.name === origin.session);
      branches.push(
        place({
          kind: 'origin',
          key: 'origin',
          lane: 1,
          heap: heap.heap,
          open,
          ...(origin.session !== undefined && { session: origin.session }),
        }),
      );
    }
    const inherited = inheritedAt(index);
    place({
      kind: 'heap',
      key,
      lane: 0,
      heap,
      current: heap.heap === session.head,
      inherited,
    });
    onLine(key, inherited);
    for (const branch of branches) edges.push({ from: key, to: branch.key, kind: 'branch' });
  };

  // From the newest down, a run of heaps that are not kept folds into a gap unless opened.
  let index = heaps.length - 1;
  while (index >= 0) {
    const heap = heaps[index] as HeapSummary;
    if (kept(heap, index)) {
      placeHeap(heap, index--);
      continue;
    }
    let oldest = index;
    while (oldest > 0 && !kept(heaps[oldest - 1] as HeapSummary, oldest - 1)) oldest--;
    const from = (heaps[oldest] as HeapSummary).heap;
    const count = index - oldest + 1;
    if (count < FOLDED_AT_LEAST || opened.has(gapKey(from))) {
      for (; index >= oldest; index--) placeHeap(heaps[index] as HeapSummary, index);
      continue;
    }
    const key = gapKey(from);
    const inherited = inheritedAt(index);
    place({ kind: 'gap', key, lane: 0, count, from, to: heap.heap, inherited });
    onLine(key, inherited);
    index = oldest - 1;
  }
  return { nodes, edges, rows: nodes.length };
}
