import assert from 'node:assert/strict';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { Engine } from './engine.ts';

/** A data directory whose session `torn` has one committed run and a torn entry after it. */
async function tornSession(): Promise<{
  dataDir: string;
  journal: string;
  start: number;
  torn: string;
}> {
  const dataDir = await tempDir();
  const first = await Engine.start({ dataDir, workers: 1, log: () => undefined });
  await first.run({ session: 'torn', code: 'var kept = 1' });
  await first.close();
  const journal = join(dataDir, 'sessions', 'torn', 'journal.jsonl');
  const start = (await readFile(journal)).length;
  const torn = '{"heap":"cut off by a crash","par';
  await appendFile(journal, torn);
  return { dataDir, journal, start, torn };
}

test('a torn journal tail is dropped with a word: in the log, in the session status, and kept beside the journal', async () => {
  const { dataDir, journal, start, torn } = await tornSession();
  const lines: string[] = [];
  const engine = await Engine.start({ dataDir, workers: 1, log: (line) => lines.push(line) });
  try {
    const said = `recovered: a torn entry of ${torn.length} bytes dropped at byte ${start} (kept in ${journal}.torn-${start})`;
    assert.deepEqual(lines, [`session torn ${said}`]);
    assert.equal(engine.listSessions().find((s) => s.name === 'torn')?.recovered, said);
    assert.equal(await readFile(`${journal}.torn-${start}`, 'utf8'), torn);
    assert.equal((await readFile(journal)).length, start, 'the journal holds whole entries only');
    assert.equal((await engine.run({ session: 'torn', code: 'kept + 1' })).value, '2');
  } finally {
    await engine.close();
  }
});

test("the server says so in its log and the admin API (the GUI's session list) shows it", async () => {
  const { dataDir, start } = await tornSession();
  const server = await startServerProcess([], { dataDir });
  assert.match(
    server.stderr(),
    /session torn recovered: a torn entry of 33 bytes dropped at byte \d+/,
  );
  const { adminToken } = JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8'));
  const response = await fetch(`${server.url}/admin/api/listSessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const { sessions } = (await response.json()) as {
    sessions: { name: string; recovered?: string }[];
  };
  assert.match(
    sessions.find((session) => session.name === 'torn')?.recovered ?? '',
    new RegExp(`^recovered: a torn entry of 33 bytes dropped at byte ${start} `),
  );
  await server.stop();
});
