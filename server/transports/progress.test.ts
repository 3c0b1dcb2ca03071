import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunJsOutput } from '../mcp/tool-schemas.ts';
import { callAdmin } from '../test-support/admin-api.ts';
import {
  CLIENT_MATRIX,
  connectClient,
  describeClient,
  joinedPlace,
} from '../test-support/mcp-clients.ts';
import { startServerProcess } from '../test-support/server-process.ts';

const server = await startServerProcess();
const place = joinedPlace(server);

// Busy for a while between its reports, so more than one interval passes.
const COUNTING = `
  for (let i = 1; i <= 40; i++) {
    let x = 0;
    for (let j = 0; j < 2e6; j++) x += j;
    progress(i, 40, 'step ' + i);
  }
  'counted'`;

interface Heard {
  progress: number;
  total?: number;
  message?: string;
}

for (const cell of CLIENT_MATRIX) {
  test(`an ${describeClient(cell)}: a run_js call with a progress token gets increasing progress notifications before its result; a fork that restores that run, and a call without a token, get none`, async () => {
    const session = `progress-${cell.kind.sdk}-${cell.kind.era}-${cell.transport}`;
    const client = await connectClient(cell.kind, cell.transport, place);
    const heard: Heard[] = [];
    const result = await client.callTool(
      'run_js',
      { session, code: COUNTING },
      { onprogress: (progress) => heard.push(progress) },
    );
    const counted = result.structuredContent as RunJsOutput;
    assert.equal(counted.value, "'counted'");
    assert.ok(heard.length >= 1, 'progress arrived');
    if (heard.at(-1)?.progress === 40) {
      assert.deepEqual(heard.at(-1), { progress: 40, total: 40, message: 'step 40' });
    } else {
      // The SDK v2 client runs a notification's handler a microtask late but forgets the call's
      // progress handler at its answer at once: a last progress read in one chunk with the answer
      // is dropped there. The server's log shows it went out before the answer.
      assert.equal(cell.kind.sdk, 'v2', 'only the v2 client drops a progress before the answer');
      const { messages } = await callAdmin(server, 'listMessages', {});
      const out = messages.filter((message) => message.direction === 'out');
      const answer = out.findIndex(
        (message) =>
          message.kind === 'response' && JSON.stringify(message.body).includes(counted.heap),
      );
      const connection = out[answer]?.connection;
      const last = out.findIndex(
        (message) =>
          message.connection === connection &&
          message.method === 'notifications/progress' &&
          JSON.stringify(message.body).includes('"step 40"'),
      );
      assert.ok(answer > 0 && last >= 0 && last < answer, 'step 40 was sent before the answer');
    }
    for (let i = 1; i < heard.length; i++) {
      assert.ok((heard[i]?.progress ?? 0) > (heard[i - 1]?.progress ?? 0), 'progress increases');
    }
    // A fork from that heap restores it (from a snapshot, or by replaying the counting run):
    // progress asked for, and none reported.
    const forked: Heard[] = [];
    const fork = await client.callTool(
      'run_js',
      { heap: counted.heap, code: '"forked"' },
      { onprogress: (progress) => forked.push(progress) },
    );
    assert.equal((fork.structuredContent as RunJsOutput).value, "'forked'");
    assert.deepEqual(forked, []);
    const silent = await client.callTool('run_js', {
      session,
      code: 'progress(1, 2, "unasked"); 1',
    });
    assert.equal((silent.structuredContent as RunJsOutput).value, '1');
    // One more round trip: a late notification of either call would have arrived by now.
    await client.callTool('list_sessions', {});
    assert.deepEqual(client.errors, []);
    await client.close();
  });
}
