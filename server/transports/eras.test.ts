import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import type { RunJsOutput } from '../mcp/tool-schemas.ts';
import { callAdmin } from '../test-support/admin-api.ts';
import {
  type AnyClient,
  answerText,
  CLIENT_MATRIX,
  connectClient,
  describeClient,
  joinedPlace,
} from '../test-support/mcp-clients.ts';
import { MODERN_VERSION, modernRequest } from '../test-support/mcp-requests.ts';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';

const server = await startServerProcess();
const place = joinedPlace(server);

async function run(client: AnyClient, args: Record<string, string>) {
  const answer = await client.callTool('run_js', args);
  assert.notEqual(answer.isError, true, answerText(answer));
  return { text: answerText(answer), run: answer.structuredContent as RunJsOutput };
}

for (const cell of CLIENT_MATRIX) {
  const modern = cell.kind.era === '2026';
  const name = `${cell.kind.sdk}-${cell.kind.era}-${cell.transport}`;

  test(`an ${describeClient(cell)} lists the tools, keeps state in a named session, and is listed in its era`, async () => {
    const client = await connectClient(cell.kind, cell.transport, place, name);
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), [
      'list_session_snapshots',
      'list_sessions',
      'run_js',
    ]);
    const session = `named-${name}`;
    const first = await run(client, { session, code: 'var n = 40; n' });
    const second = await run(client, { session, code: 'n + 2' });
    assert.deepEqual([second.run.value, second.run.parent], ['42', first.run.heap]);
    const { connections } = await callAdmin(server, 'listConnections');
    const mine = connections.find((c) => c.client?.name === name);
    assert.ok(mine, `the window lists ${name}`);
    assert.equal(mine.era, modern ? 'modern' : 'legacy');
    assert.equal(mine.protocolVersion, modern ? '2026-07-28' : '2025-11-25');
    await client.close();
  });

  test(
    modern
      ? `an ${describeClient(cell)} starts a new session with each run without one, and continues one by passing its name back`
      : `an ${describeClient(cell)} keeps its runs without a session in its connection's own session`,
    async () => {
      const client = await connectClient(cell.kind, cell.transport, place, `unnamed-${name}`);
      const runJs = (await client.listTools()).tools.find((tool) => tool.name === 'run_js');
      const first = await run(client, { code: 'var mine = 1; mine' });
      const second = await run(client, { code: 'typeof mine' });
      assert.match(first.text, new RegExp(`\\[session ${first.run.session}, heap `));
      if (modern) {
        assert.match(
          runJs?.description ?? '',
          /each call starts a new session, named in the result/,
        );
        assert.notEqual(second.run.session, first.run.session);
        assert.equal(second.run.value, "'undefined'");
        const again = await run(client, { session: first.run.session, code: 'mine + 1' });
        assert.deepEqual([again.run.value, again.run.parent], ['2', first.run.heap]);
      } else {
        assert.match(runJs?.description ?? '', /this connection's own session/);
        assert.equal(second.run.session, first.run.session);
        assert.equal(second.run.value, "'number'");
      }
      await client.close();
    },
  );
}

test('over stdio, a 2026 request naming a version the server does not speak gets -32022, and the line stays open for one it does', async () => {
  const child = spawn(process.execPath, [BIN, '--stdio', '--data-dir', await tempDir()], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async (request: ReturnType<typeof modernRequest>) => {
    child.stdin.write(`${JSON.stringify(request.body)}\n`);
    return JSON.parse(String((await lines.next()).value));
  };
  const future = await ask(modernRequest('tools/list', {}, { version: '2099-01-01' }));
  assert.equal(future.error.code, -32022);
  assert.ok(future.error.data.supported.includes(MODERN_VERSION));
  const listed = await ask(modernRequest('tools/list', {}, { id: 2 }));
  assert.equal(listed.result.resultType, 'complete');
  assert.equal(listed.result.tools.length, 3);
  child.stdin.end();
  assert.equal(await new Promise((resolve) => child.once('exit', resolve)), 0);
});
