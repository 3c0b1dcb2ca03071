import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineBuffer } from './stdio-lines.ts';

const message = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, result: {} });

/** The ids of the messages read after each of `chunks`. */
function idsRead(buffer: LineBuffer, chunks: string[]): (number | string | undefined)[] {
  const ids: (number | string | undefined)[] = [];
  for (const chunk of chunks) {
    buffer.append(Buffer.from(chunk));
    for (let m = buffer.readMessage(); m; m = buffer.readMessage()) {
      ids.push('id' in m ? m.id : undefined);
    }
  }
  return ids;
}

test('a line split over many chunks, and many lines in one chunk, are each one message', () => {
  const one = `${message(1)}\n`;
  const pieces = one.match(/.{1,7}/gs) ?? [];
  assert.deepEqual(idsRead(new LineBuffer(1000), pieces), [1]);
  assert.deepEqual(
    idsRead(new LineBuffer(1000), [`${message(2)}\n${message(3)}\r\n${message(4)}`, '\n']),
    [2, 3, 4],
  );
});

test('a line that is not JSON is skipped and the next read', () => {
  assert.deepEqual(idsRead(new LineBuffer(1000), ['not json\n', '\n', `${message(5)}\n`]), [5]);
});

test('a line over the bound throws as the SDK does, and what was held is dropped', () => {
  const buffer = new LineBuffer(100);
  buffer.append(Buffer.from('x'.repeat(60)));
  assert.throws(() => buffer.append(Buffer.from('x'.repeat(60))), /exceeded maximum size of 100/);
  assert.deepEqual(idsRead(buffer, [`\n${message(6)}\n`]), [6]);
  assert.throws(() => buffer.append(Buffer.from(`${'x'.repeat(101)}\n`)), /exceeded maximum size/);
});
