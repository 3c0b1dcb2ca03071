import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { sessionFigures } from '../contract/session-figures.ts';
import type {
  ListSessionSnapshotsOutput,
  ListSessionsOutput,
  RunJsOutput,
} from '../server/mcp/tool-schemas.ts';
import { callAdmin } from '../server/test-support/admin-api.ts';
import { waitUntil } from '../server/test-support/wait-until.ts';
import { openGuiPage } from './support/gui-page.ts';

// A fork's figures, as a real MCP client, the admin API and the window in a real browser read them.
const { server, guiUrl, page, pageErrors, view } = await openGuiPage();
const client = new Client({ name: 'figures-client', version: '1' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })).structuredContent;
const runJs = async (args: { session: string; code: string; heap?: string }) =>
  (await call('run_js', args)) as RunJsOutput;
const heapsOf = async (session: string) =>
  ((await call('list_session_snapshots', { session })) as ListSessionSnapshotsOutput).heaps;

test("a fork's heaps, inherited heaps and snapshots read the same to a client, the admin API and the window", async () => {
  await runJs({ session: 'origin', code: 'var a = 1' });
  const { heap } = await runJs({ session: 'origin', code: 'a += 1' });
  await runJs({ session: 'fork', heap, code: 'a * 10' });
  await runJs({ session: 'fork', code: 'a * 100' });
  // A run attempt that makes no heap.
  assert.equal((await runJs({ session: 'fork', code: 'throw new Error("none")' })).ok, false);
  // Both sessions go idle: the origin's newest heap, the one the fork started from, gets its
  // snapshot, and so does the fork's newest.
  const snapshotted = (row?: { snapshotBytes?: number }) => row?.snapshotBytes !== undefined;
  await waitUntil(async () => {
    const rows = await heapsOf('fork');
    return snapshotted(rows[1]) && snapshotted(rows.at(-1));
  }, 'the idle snapshots');

  const history = await heapsOf('fork');
  const listed = ((await call('list_sessions', {})) as ListSessionsOutput).sessions;
  const fork = listed.find((session) => session.name === 'fork');
  assert.ok(fork);
  assert.equal(fork.heaps, history.length);
  assert.equal(fork.inheritedHeaps, 2);
  assert.equal(fork.heapsWithSnapshot, history.filter((row) => row.snapshotBytes).length);
  // At least the origin's snapshot of the heap it was forked at, and its own newest.
  assert.ok(fork.heapsWithSnapshot >= 2, `${fork.heapsWithSnapshot} with a snapshot`);
  const { sessions } = await callAdmin(server, 'listSessions');
  assert.deepEqual(sessions, listed);

  await page.goto(guiUrl);
  await view(/Sessions/).click();
  const figures = sessionFigures(fork);
  assert.match(figures, /^4 heaps \(2 inherited\) · \d with a snapshot$/);
  const row = page.getByRole('list', { name: 'Sessions' }).getByRole('button', { name: /^fork\b/ });
  await row.getByText(figures).waitFor();
  await row.click();
  await page.getByTestId('session-figures').getByText(figures, { exact: true }).waitFor();
  // The card's run figures count its run attempts, the failed one included.
  await page.getByTestId('run-attempts').getByText('3', { exact: true }).waitFor();
  assert.deepEqual(pageErrors, []);
});
