import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  STDERR_LINE_CHARS,
  STDERR_LINES_PER_WINDOW,
  STDERR_TAIL_LINES,
  STDERR_WINDOW_MS,
  StderrLines,
} from './stderr-lines.ts';

const lines = (now: { t: number }) => {
  const written: string[] = [];
  const stderr = new StderrLines(
    (line) => written.push(line),
    (text) => text.replaceAll('hunter22', '••••'),
    () => now.t,
  );
  return { written, stderr };
};

test('lines are masked before they are cut, split across chunks, and the last kept at the end', () => {
  const { written, stderr } = lines({ t: 0 });
  stderr.push(`${'a'.repeat(STDERR_LINE_CHARS - 4)}hunter22\npart`);
  stderr.push('ial\nlast');
  stderr.end();
  assert.deepEqual(written, [`${'a'.repeat(STDERR_LINE_CHARS - 4)}••••`, 'partial', 'last']);
});

test('past the lines a window allows, the rest are counted and said once the next window opens', () => {
  const now = { t: 0 };
  const { written, stderr } = lines(now);
  stderr.push('x\n'.repeat(STDERR_LINES_PER_WINDOW + 7));
  assert.equal(written.length, STDERR_LINES_PER_WINDOW);
  now.t += STDERR_WINDOW_MS;
  stderr.push('later\n');
  assert.deepEqual(written.slice(-2), ['(7 more lines not logged)', 'later']);
  assert.equal(stderr.tail().length, STDERR_TAIL_LINES);
  assert.equal(stderr.tail().at(-1), 'later');
});

test('a line that never ends is held only to the cut', () => {
  const { written, stderr } = lines({ t: 0 });
  for (let i = 0; i < 100; i++) stderr.push('z'.repeat(10_000));
  stderr.push('\n');
  assert.deepEqual(written, ['z'.repeat(STDERR_LINE_CHARS)]);
});
