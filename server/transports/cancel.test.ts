import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunJsOutput } from '../mcp/tool-schemas.ts';
import { callAdmin } from '../test-support/admin-api.ts';
import {
  answerText,
  CLIENT_MATRIX,
  connectClient,
  describeClient,
  joinedPlace,
} from '../test-support/mcp-clients.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const server = await startServerProcess();
const place = joinedPlace(server);

// Says it started, then never ends by itself.
const FOREVER = 'progress(1, 2, "started"); for (;;) {}';

for (const cell of CLIENT_MATRIX) {
  const how =
    cell.kind.era === '2026' && cell.transport === 'streamable-http'
      ? 'closing its response stream'
      : 'notifications/cancelled';
  test(`an ${describeClient(cell)} cancels a run by ${how}: nothing is committed and the session is unchanged`, async () => {
    const session = `cancel-${cell.kind.sdk}-${cell.kind.era}-${cell.transport}`;
    const client = await connectClient(cell.kind, cell.transport, place);
    const kept = await client.callTool('run_js', { session, code: 'var n = 1; n' });
    const head = (kept.structuredContent as RunJsOutput).heap;
    const abort = new AbortController();
    const call = client.callTool(
      'run_js',
      { session, code: `n = 2; ${FOREVER}` },
      { signal: abort.signal, onprogress: () => abort.abort('the user cancelled') },
    );
    await assert.rejects(call);
    const cancelled = async () => {
      const { runs } = await callAdmin(server, 'listRuns', { session });
      return runs.find((run) => run.code.startsWith('n = 2'));
    };
    await waitUntil(async () => (await cancelled()) !== undefined, 'the run to end');
    const record = await cancelled();
    assert.equal(record?.error?.code, 'cancelled');
    const { runs: active } = await callAdmin(server, 'listActiveRuns');
    assert.deepEqual(
      active.filter((run) => run.session === session),
      [],
    );
    const after = await client.callTool('run_js', { session, code: 'n' });
    const run = after.structuredContent as RunJsOutput;
    assert.deepEqual([run.value, run.parent], ['1', head], answerText(after));
    await client.close();
  });
}
