import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HeapSummary, SessionSummary } from '../../../contract/sessions.ts';
import { FOLDED_AT_LEAST, heapLineage, type Lineage, RECENT_HEAPS } from './heap-lineage.ts';

/** Heaps h0 (oldest) to h{count-1}, each the parent of the next. */
const heapsOf = (count: number, prefix = 'h'): HeapSummary[] =>
  Array.from({ length: count }, (_, index) => ({
    heap: `${prefix}${index}`,
    parent: index === 0 ? 'root' : `${prefix}${index - 1}`,
    code: `run ${index}`,
    time: `2026-12-07T10:00:${String(index).padStart(2, '0')}.000Z`,
    durationMs: 1,
  }));

type Other = Pick<SessionSummary, 'name' | 'forkedFrom' | 'createdAt'>;
const forkAt = (name: string, heap: string, minute: number, session = 'main'): Other => ({
  name,
  forkedFrom: { session, heap },
  createdAt: `2026-12-07T11:${String(minute).padStart(2, '0')}:00.000Z`,
});
const plain = (name: string): Other => ({ name, createdAt: '2026-12-07T09:00:00.000Z' });

/** Each row as `lane kind name`, top to bottom: the picture in words. */
const rowsOf = ({ nodes }: Lineage) =>
  nodes.map((node) => {
    switch (node.kind) {
      case 'heap':
        return `0 heap ${node.heap.heap}${node.current ? ' current' : ''}${node.inherited ? ' inherited' : ''}`;
      case 'gap':
        return `0 gap ${node.count} ${node.from}..${node.to}`;
      case 'fork':
        return `1 fork ${node.session}`;
      default:
        return `1 origin ${node.session ?? '?'}${node.open ? '' : ' gone'}`;
    }
  });

const edgesOf = ({ edges }: Lineage) => edges.map((edge) => `${edge.from} ${edge.kind} ${edge.to}`);

test('a session without forks is one line of its heaps, newest at the top and the current one marked', () => {
  const lineage = heapLineage({
    session: { name: 'main', head: 'h2', inheritedHeaps: 0 },
    heaps: heapsOf(3),
    sessions: [plain('main'), plain('other')],
  });
  assert.deepEqual(rowsOf(lineage), ['0 heap h2 current', '0 heap h1', '0 heap h0']);
  assert.equal(lineage.rows, 3);
  assert.deepEqual(
    lineage.nodes.map((node) => node.row),
    [0, 1, 2],
  );
  assert.deepEqual(edgesOf(lineage), ['heap:h2 own heap:h1', 'heap:h1 own heap:h0']);
});

test('each session forked from a heap branches off just above that heap, the newest fork highest', () => {
  const lineage = heapLineage({
    session: { name: 'main', head: 'h3', inheritedHeaps: 0 },
    heaps: heapsOf(4),
    sessions: [
      plain('main'),
      forkAt('early', 'h1', 1),
      forkAt('late', 'h1', 5),
      forkAt('elsewhere', 'x9', 2, 'unrelated'),
      forkAt('top', 'h3', 3),
    ],
  });
  assert.deepEqual(rowsOf(lineage), [
    '1 fork top',
    '0 heap h3 current',
    '0 heap h2',
    '1 fork late',
    '1 fork early',
    '0 heap h1',
    '0 heap h0',
  ]);
  assert.deepEqual(edgesOf(lineage), [
    'heap:h3 branch fork:top',
    'heap:h3 own heap:h2',
    'heap:h2 own heap:h1',
    'heap:h1 branch fork:late',
    'heap:h1 branch fork:early',
    'heap:h1 own heap:h0',
  ]);
});

test("a fork's inherited heaps are marked, and where it came from branches off at its fork point", () => {
  const lineage = heapLineage({
    session: {
      name: 'child',
      head: 'h3',
      inheritedHeaps: 2,
      forkedFrom: { session: 'main', heap: 'h1' },
    },
    heaps: heapsOf(4),
    sessions: [plain('main'), forkAt('child', 'h1', 1), forkAt('sibling', 'h1', 2)],
  });
  assert.deepEqual(rowsOf(lineage), [
    '0 heap h3 current',
    '0 heap h2',
    '1 fork sibling',
    '1 origin main',
    '0 heap h1 inherited',
    '0 heap h0 inherited',
  ]);
  // The line is the session's own down to its fork point, inherited below it.
  assert.deepEqual(edgesOf(lineage), [
    'heap:h3 own heap:h2',
    'heap:h2 own heap:h1',
    'heap:h1 branch fork:sibling',
    'heap:h1 branch origin',
    'heap:h1 inherited heap:h0',
  ]);
});

test('a fork whose origin was deleted, or never named, still shows where it came from, not to open', () => {
  const gone = heapLineage({
    session: {
      name: 'child',
      head: 'h0',
      inheritedHeaps: 1,
      forkedFrom: { session: 'deleted', heap: 'h0' },
    },
    heaps: heapsOf(1),
    sessions: [forkAt('child', 'h0', 1, 'deleted')],
  });
  assert.deepEqual(rowsOf(gone), ['1 origin deleted gone', '0 heap h0 current inherited']);
  const unnamed = heapLineage({
    session: { name: 'child', head: 'h0', inheritedHeaps: 1, forkedFrom: { heap: 'h0' } },
    heaps: heapsOf(1),
    sessions: [],
  });
  assert.deepEqual(rowsOf(unnamed), ['1 origin ? gone', '0 heap h0 current inherited']);
});

test('a long run of heaps without a branch folds into one gap, the newest, oldest, current and forked ones kept', () => {
  const heaps = heapsOf(120);
  const lineage = heapLineage({
    session: { name: 'main', head: 'h119', inheritedHeaps: 0 },
    heaps,
    sessions: [forkAt('mid', 'h60', 1)],
  });
  const newest = Array.from(
    { length: RECENT_HEAPS },
    (_, i) => `0 heap h${119 - i}${i === 0 ? ' current' : ''}`,
  );
  assert.deepEqual(rowsOf(lineage), [
    ...newest,
    '0 gap 54 h61..h114',
    '1 fork mid',
    '0 heap h60',
    '0 gap 59 h1..h59',
    '0 heap h0',
  ]);
  // The line runs through the gaps as through heaps.
  assert.ok(edgesOf(lineage).includes('heap:h115 own gap:h61'));
  assert.ok(edgesOf(lineage).includes('gap:h61 own heap:h60'));
  assert.ok(edgesOf(lineage).includes('gap:h1 own heap:h0'));
});

test('an opened gap shows its heaps, and a run too short to save room is never folded', () => {
  const heaps = heapsOf(RECENT_HEAPS + 1 + FOLDED_AT_LEAST);
  const session = { name: 'main', head: 'h0', inheritedHeaps: 0 };
  const folded = heapLineage({ session, heaps, sessions: [] });
  const gap = folded.nodes.find((node) => node.kind === 'gap');
  assert.ok(gap);
  assert.equal(gap.count, FOLDED_AT_LEAST);
  const opened = heapLineage({ session, heaps, sessions: [], opened: new Set([gap.key]) });
  assert.equal(opened.rows, heaps.length);
  assert.ok(opened.nodes.every((node) => node.kind === 'heap'));
  // One heap fewer between the kept ones, and none folds.
  const short = heapLineage({ session, heaps: heaps.slice(1), sessions: [] });
  assert.ok(short.nodes.every((node) => node.kind === 'heap'));
  // The current heap, an old one here, is kept wherever it is.
  assert.ok(folded.nodes.some((node) => node.kind === 'heap' && node.current));
});

test("a fork's inherited heaps fold apart from its own, each gap drawn as the line it is on", () => {
  const lineage = heapLineage({
    session: {
      name: 'child',
      head: 'h29',
      inheritedHeaps: 15,
      forkedFrom: { session: 'main', heap: 'h14' },
    },
    heaps: heapsOf(30),
    sessions: [plain('main')],
  });
  const gaps = lineage.nodes.filter((node) => node.kind === 'gap');
  assert.deepEqual(
    gaps.map((gap) => [gap.from, gap.to, gap.inherited]),
    [
      ['h15', 'h24', false],
      ['h1', 'h13', true],
    ],
  );
  assert.ok(edgesOf(lineage).includes('gap:h15 own heap:h14'));
  assert.ok(edgesOf(lineage).includes('heap:h14 inherited gap:h1'));
});
