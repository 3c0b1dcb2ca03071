import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../contract/settings-registry.ts';
import { newTempDir, removeDir } from '../test-support/temp-dir.ts';
import { startServer } from './start-server.ts';

// The server in this process (its sandbox workers are real processes), so that the status is read
// the moment a run's answer is there, with no request in between to give a late count time.
const dataDir = await newTempDir();
const server = await startServer({
  settings: DEFAULT_SETTINGS,
  dataDir,
  http: false,
  workers: 1,
  log: () => undefined,
});
after(async () => {
  await server.close();
  await removeDir(dataDir);
});

test("the status counts a run by the time the run's caller has its answer", async () => {
  const before = (await server.admin.getStatus({})).runStats.attempts;
  for (const code of ['var n = 1', 'throw new Error("no")', 'n + 1']) {
    await server.admin.runCode({ session: 'counted', code });
  }
  assert.equal((await server.admin.getStatus({})).runStats.attempts, before + 3);
  assert.equal((await server.admin.listRuns({ session: 'counted' })).runs.length, 3);
});
