import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgressNotification } from '@modelcontextprotocol/sdk/types.js';
import { progressNotifier } from './progress-notifications.ts';

test('progress notifications carry the token and only values above the last one sent', () => {
  const sent: ProgressNotification['params'][] = [];
  const notifier = progressNotifier('tok', (notification) => sent.push(notification.params));
  notifier.onProgress({ done: 0, total: 3, message: 'start' });
  notifier.onProgress({ done: 2 });
  notifier.onProgress({ done: 1, total: 3, message: 'went back' });
  notifier.onProgress({ done: 2, message: 'same count, new message' });
  notifier.onProgress({ done: 3, total: 3 });
  assert.deepEqual(sent, [
    { progressToken: 'tok', progress: 0, total: 3, message: 'start' },
    { progressToken: 'tok', progress: 2 },
    { progressToken: 'tok', progress: 3, total: 3 },
  ]);
});

test('no progress notification is sent once the call has answered', () => {
  const sent: unknown[] = [];
  const notifier = progressNotifier(7, (notification) => sent.push(notification));
  notifier.close();
  notifier.onProgress({ done: 1 });
  assert.deepEqual(sent, []);
});

test("closing settles only once every notification sent is written, so the call's answer comes after them", async () => {
  const writes: (() => void)[] = [];
  const notifier = progressNotifier('tok', () => new Promise<void>((done) => writes.push(done)));
  notifier.onProgress({ done: 1 });
  notifier.onProgress({ done: 2 });
  let closed = false;
  const closing = notifier.close().then(() => {
    closed = true;
  });
  writes[0]?.();
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(closed, false, 'the second notification is not written yet');
  writes[1]?.();
  await closing;
  assert.equal(closed, true);
});

test('a notification that cannot be written holds the answer up no longer', async () => {
  const notifier = progressNotifier('tok', () => Promise.reject(new Error('the client went')));
  notifier.onProgress({ done: 1 });
  await notifier.close();
});
