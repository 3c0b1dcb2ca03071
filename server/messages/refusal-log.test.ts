import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { RefusalLog } from './refusal-log.ts';

const refused = (path: string) => ({
  status: 403,
  cause: 'origin' as const,
  reason: 'Forbidden: Origin "http://evil.example" is not allowed (see corsOrigins)',
  method: 'POST',
  path,
  origin: 'http://evil.example',
});

test('refusals are numbered, timed, told to subscribers and bounded in memory', () => {
  const log = new RefusalLog({ capacity: 2 });
  const heard: number[] = [];
  log.subscribe((refusal) => heard.push(refusal.seq));
  for (const path of ['/a', '/b', '/c']) log.record(refused(path));
  assert.deepEqual(heard, [1, 2, 3]);
  assert.deepEqual(
    log.list().map((refusal) => refusal.path),
    ['/b', '/c'],
  );
  assert.match(log.list()[0]?.time ?? '', /^\d{4}-\d\d-\d\dT/);
});

test('refusals are appended to the log folder and read back by the next start, numbering on', async () => {
  const dir = await tempDir();
  const before = new RefusalLog({ dir });
  const first = before.record(refused('/mcp'));
  await before.flush();
  const after = await RefusalLog.open({ dir });
  assert.deepEqual(after.list(), [first]);
  assert.equal(after.record(refused('/sse')).seq, 2);
  await after.flush();
});
