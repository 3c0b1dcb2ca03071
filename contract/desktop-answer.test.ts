import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answeredValue, answerOf } from './desktop-answer.ts';
import { DesktopError } from './http-desktop-client.ts';

test('an answer survives a structured clone and turns back into its value or DesktopError', async () => {
  // What Electron's IPC does to an answer on its way to the page.
  const sent = async <T>(work: () => Promise<T>) => structuredClone(await answerOf(work));
  assert.deepEqual(answeredValue(await sent(async () => ({ sessions: [] }))), { sessions: [] });
  const refused = await sent(async () => {
    throw new DesktopError('unauthorized', 'the admin token was refused', 'token-refused');
  });
  assert.throws(
    () => answeredValue(refused),
    (error) =>
      error instanceof DesktopError &&
      error.code === 'unauthorized' &&
      error.failure === 'token-refused' &&
      error.message === 'the admin token was refused',
  );
});

test('an error that is not a DesktopError keeps its message under the internal code', async () => {
  const answer = await answerOf(async () => {
    throw new TypeError('fetch failed');
  });
  assert.deepEqual(answer, { ok: false, error: { code: 'internal', message: 'fetch failed' } });
});
