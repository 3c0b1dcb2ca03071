import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventBytes } from './capped-fetch.ts';

/** Whether `chunks` stay within `maxBytes` an event. */
const within = (maxBytes: number, ...chunks: string[]) => {
  const bytes = new EventBytes(maxBytes);
  return chunks.every((chunk) => bytes.take(Buffer.from(chunk)));
};

test('events ending in LF, CRLF, CR or a mix are each counted on their own', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const event = `data: ${'x'.repeat(10)}${eol}${eol}`;
    assert.ok(within(20, event.repeat(100)), JSON.stringify(eol));
  }
  assert.ok(within(20, `data: ${'x'.repeat(10)}\r\n\n`, `data: ${'y'.repeat(10)}\n\r\n`));
});

test("an event's end split across chunks is still its end", () => {
  const data = `data: ${'x'.repeat(10)}`;
  assert.ok(within(20, `${data}\r`, '\n\r', `\n${data}\r\n`, `\r\n${data}`));
  assert.ok(within(20, `${data}\r`, '\r', data));
});

test('one CRLF is one line end, not a blank line, and an event over the bound is told', () => {
  assert.equal(within(20, `data: ${'x'.repeat(10)}\r\ndata: ${'y'.repeat(10)}\r\n`), false);
  assert.equal(within(20, `data: ${'x'.repeat(10)}\r`, `\ndata: ${'y'.repeat(10)}`), false);
  assert.equal(within(20, 'x'.repeat(21)), false);
});
