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
import { initializeRequest, MODERN_VERSION, modernRequest } from '../test-support/mcp-requests.ts';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';

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
      'list_files',
      'list_mcp_tools',
      'list_session_snapshots',
      'list_sessions',
      'read_file',
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

/** A raw stdio client joined to the server: each request answered by the line with its id. */
function rawStdio(dataDir: string) {
  const child = spawn(process.execPath, [BIN, '--stdio', '--data-dir', dataDir], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const lines: Record<string, any>[] = [];
  const waiting = new Map<unknown, (line: Record<string, any>) => void>();
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = JSON.parse(text);
    lines.push(line);
    waiting.get(line.id)?.(line);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    lines,
    exited,
    ask(message: { id: number }): Promise<Record<string, any>> {
      const answered = new Promise<Record<string, any>>((resolve) =>
        waiting.set(message.id, resolve),
      );
      child.stdin.write(`${JSON.stringify(message)}\n`);
      return answered;
    },
    end: () => child.stdin.end(),
  };
}

const stdioConnection = async (name: string) =>
  (await callAdmin(server, 'listConnections')).connections.find((c) => c.client?.name === name);

test('over stdio, a 2026 request naming a version the server does not speak gets -32022, and the line stays open for one it does', async () => {
  const client = rawStdio(await tempDir());
  const future = await client.ask(modernRequest('tools/list', {}, { version: '2099-01-01' }).body);
  assert.equal(future.error.code, -32022);
  assert.ok(future.error.data.supported.includes(MODERN_VERSION));
  const listed = await client.ask(modernRequest('tools/list', {}, { id: 2 }).body);
  assert.equal(listed.result.resultType, 'complete');
  assert.equal(listed.result.tools.length, 6);
  client.end();
  assert.equal(await client.exited, 0);
});

test('over stdio, the era is the one the SDK serves: a refused 2026 opening then initialize is a 2025 session, and a 2025 session may carry any _meta', async () => {
  const fallback = rawStdio(server.dataDir);
  await fallback.ask(
    modernRequest('tools/list', {}, { version: '2099-01-01', client: 'future' }).body,
  );
  await fallback.ask({ ...initializeRequest('fell-back'), id: 2 });
  const fellBack = await stdioConnection('fell-back');
  assert.deepEqual([fellBack?.era, fellBack?.transport], ['legacy', 'stdio']);
  const plain = rawStdio(server.dataDir);
  await plain.ask({ ...initializeRequest('plain-2025'), id: 1 });
  await plain.ask(modernRequest('tools/list', {}, { id: 2, client: 'pretending' }).body);
  const kept = await stdioConnection('plain-2025');
  assert.equal(kept?.era, 'legacy');
  assert.equal(await stdioConnection('pretending'), undefined);
  fallback.end();
  plain.end();
  await Promise.all([fallback.exited, plain.exited]);
});

test('over stdio, disconnecting a 2026 client answers its open subscription once, by the SDK, and ends the line', async () => {
  const client = rawStdio(server.dataDir);
  const listen = modernRequest(
    'subscriptions/listen',
    { notifications: { toolsListChanged: true } },
    { id: 1, client: 'stdio-listener' },
  );
  client.ask(listen.body);
  await waitUntil(
    async () => (await stdioConnection('stdio-listener'))?.era === 'modern',
    'the listener to be listed',
  );
  const connection = await stdioConnection('stdio-listener');
  await callAdmin(server, 'disconnect', { id: connection?.id ?? '' });
  await client.exited;
  assert.equal(client.lines.filter((line) => line.id === 1 && !('method' in line)).length, 1);
});
