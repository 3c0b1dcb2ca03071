import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  STDERR_LINE_CHARS,
  STDERR_LINES_PER_WINDOW,
  STDERR_TAIL_LINES,
  STDERR_WINDOW_MS,
  StderrLines,
} from './stderr-lines.ts';
import { launchOf, secretMask } from './upstream-config.ts';

const lines = (now: { t: number }) => {
  const written: string[] = [];
  const stderr = new StderrLines(
    (line) => written.push(line),
    secretMask(launchOf({ command: 'x', env: { PASSWORD: 'hunter22' } }), 'log'),
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

test('a secret across the cut of a line that has not ended yet is masked whole once the line ends', () => {
  const secret = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
  const written: string[] = [];
  const stderr = new StderrLines(
    (line) => written.push(line),
    secretMask(launchOf({ command: 'x', env: { GITHUB_TOKEN: secret } }), 'log'),
  );
  // As a server writes it: the line's head with the token, and later the rest of the line.
  stderr.push(`${'d'.repeat(980)}${secret} more`);
  stderr.push(' text\n');
  // A masked secret early in a line does not pull the head of a later one under the cut.
  stderr.push(`${secret}${'d'.repeat(STDERR_LINE_CHARS - 30)}${secret}${'d'.repeat(5000)}`);
  stderr.push('\n');
  assert.deepEqual(written, [
    `${'d'.repeat(980)}••••••••`,
    `••••••••${'d'.repeat(STDERR_LINE_CHARS - secret.length)}`,
  ]);
  assert.ok(!written.join('\n').includes('ghp_'));
});
