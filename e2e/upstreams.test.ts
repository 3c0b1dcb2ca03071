import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { callAdmin } from '../server/test-support/admin-api.ts';
import {
  countingStdio,
  countLine,
  readCounts,
} from '../server/test-support/counting-mcp-server.ts';
import { execOverApi } from '../server/test-support/json-api.ts';
import { tempDir } from '../server/test-support/temp-dir.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// The Tools view against a real server process holding a real upstream MCP server (the counting
// server over stdio): its state and tools, the switch that edits allowTools (and what a run may
// then call), Try, Restart, and its traffic in Messages. The count file's path is the server's
// secret (an env value): it never reaches the page.
const countFile = join(await tempDir(), 'counts');
const { server, guiUrl, page, pageErrors, view } = await openGuiPage([
  '--mcp-servers',
  JSON.stringify({ counting: countingStdio(countFile) }),
]);

const card = page.getByRole('article', { name: 'counting' });
const state = card.getByTestId('upstream-state');
const tools = card.getByRole('list', { name: 'Tools of counting' });
const toolRow = (name: string) =>
  tools
    .getByRole('listitem')
    .filter({ has: page.locator('code', { hasText: new RegExp(`^${name}$`) }) });
const echoSwitch = card.getByRole('switch', { name: 'Code may call echo', exact: true });
/** The pid the card's facts line gives. */
const pidShown = async () => /pid (\d+)/.exec((await card.textContent()) ?? '')?.[1];

await page.goto(guiUrl);

test('the Tools view starts the server on opening and lists it ready with its tools', async () => {
  await view(/Tools/).click();
  await state.getByText('ready', { exact: true }).waitFor();
  await card.getByText(/^stdio · pid \d+ · 0 calls · \d+ tools$/).waitFor();
  await toolRow('echo').getByText('Answers its message').waitFor();
  assert.equal(await echoSwitch.isChecked(), true);
  // Its input schema, folded until asked for.
  const schema = toolRow('echo').getByText('Input schema');
  await schema.click();
  await toolRow('echo').locator('pre', { hasText: '"message"' }).waitFor();
  await schema.click();
  assert.ok(!(await page.content()).includes(countFile), 'the secret env value stays out');
});

test("turning a tool off saves allowTools with the secrets kept, a run calling it is then refused, and the view counts the run's other call", async () => {
  await echoSwitch.uncheck();
  await card.getByText(/· \d+ of \d+ tools allowed$/).waitFor();
  assert.equal(await echoSwitch.isChecked(), false);
  const saved = (await callAdmin(server, 'getSettings')).mcpServers.counting;
  assert.deepEqual(saved?.allowTools, ['!echo']);
  assert.ok(!JSON.stringify(saved).includes(countFile), 'the env value comes back masked');

  const refused = await execOverApi(server, {
    session: 'caller',
    code: "await mcp.call('counting', 'echo', { message: 'hi' })",
  });
  assert.equal(refused.ok, false);
  assert.match(JSON.stringify(refused.error), /allowTools/);
  // Another tool of the same server is still allowed, and the kept env still reaches it.
  const counted = await execOverApi(server, {
    session: 'caller',
    code: "await mcp.call('counting', 'count', {})",
  });
  assert.equal(counted.ok, true, JSON.stringify(counted.error));
  // The view hears of the call (upstreams-changed) and counts it.
  await card.getByText(/^stdio · pid \d+ · 1 call · /).waitFor();
  assert.ok((await readCounts(countFile)).includes(countLine.call('count')));
  assert.ok(!(await readCounts(countFile)).includes(countLine.call('echo')));

  await echoSwitch.check();
  await card.getByText(/· \d+ tools$/).waitFor();
  assert.equal((await callAdmin(server, 'getSettings')).mcpServers.counting?.allowTools, undefined);
});

test('Try calls the tool with the arguments typed and shows its answer and time', async () => {
  await toolRow('echo').getByRole('button', { name: 'Try echo', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Try echo of counting' });
  const editor = dialog.getByRole('textbox', { name: 'Arguments of echo (JSON)' });
  await editor.waitFor();
  // Offered from the required properties.
  assert.match((await editor.textContent()) ?? '', /"message": ""/);
  // Filled rather than typed: the editor closes the brackets typed.
  await editor.fill('{"message": 1');
  await dialog.getByText(/^Not JSON: /).waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Call' }).isDisabled(), true);
  await editor.fill('{"message": "hello from Try"}');
  await dialog.getByRole('button', { name: 'Call' }).click();
  const answer = dialog.getByRole('status');
  await answer.getByText(/^Answered in \d/).waitFor();
  await answer.getByText(/hello from Try/).waitFor();
  await shootLightAndDark(page, 'upstream-try');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.ok((await readCounts(countFile)).includes(countLine.call('echo')));
});

test('Restart stops the server and the view brings it back ready, with a new process', async () => {
  const before = await pidShown();
  assert.ok(before);
  await card.getByRole('button', { name: 'Restart' }).click();
  // Another process: its pid is another.
  await card.getByText(new RegExp(`^stdio · pid (?!${before} )\\d+ · `)).waitFor();
  await state.getByText('ready', { exact: true }).waitFor();
  await card.getByRole('button', { name: 'Restart' }).waitFor();
  await shootLightAndDark(page, 'upstream-tools');
});

test('Messages badge its traffic "upstream counting" and the filter picks it', async () => {
  await view(/Messages/).click();
  const list = page.getByRole('listbox', { name: 'Messages' });
  const call = list
    .getByRole('option')
    .filter({ hasText: 'tools/call echo' })
    .filter({ hasText: 'request' })
    .first();
  await call.locator('.badge', { hasText: 'upstream counting' }).waitFor();
  await page
    .getByRole('form', { name: 'Filter messages' })
    .getByLabel('Connection')
    .selectOption({ label: 'upstream counting (stdio)' });
  await call.waitFor();
  const rows = list.getByRole('option');
  const shown = await rows.count();
  assert.ok(shown > 0);
  for (let at = 0; at < shown; at++) {
    assert.equal(await rows.nth(at).locator('.badge', { hasText: 'upstream counting' }).count(), 1);
  }
  // The run_js calls that made its calls are the clients', not its own.
  assert.equal(await rows.filter({ hasText: 'tools/call run_js' }).count(), 0);
  await call.click();
  await page.getByText('this server → counting').waitFor();
  assert.ok(!(await page.content()).includes(countFile), 'the secret env value stays out');
});

test('a call in flight at the server shows as pending in Messages, not as unanswered', async () => {
  const run = execOverApi(server, { code: 'await mcp.counting.hang({})' });
  const list = page.getByRole('listbox', { name: 'Messages' });
  const hang = list
    .getByRole('option')
    .filter({ hasText: 'tools/call hang' })
    .filter({ hasText: 'request' });
  await hang.filter({ hasText: 'pending' }).waitFor();
  assert.equal(await hang.filter({ hasText: 'no answer' }).count(), 0);
  const { runs } = await callAdmin(server, 'listActiveRuns');
  for (const active of runs) await callAdmin(server, 'cancelRun', { id: active.id });
  assert.equal((await run).error?.code, 'cancelled');
});

test("a server's Messages button opens the log filtered to its traffic", async () => {
  await view(/Tools/).click();
  await card.getByRole('button', { name: 'Messages' }).click();
  const filter = page.getByRole('form', { name: 'Filter messages' }).getByLabel('Connection');
  assert.equal(await filter.inputValue(), 'upstream:counting');
  await page
    .getByRole('listbox', { name: 'Messages' })
    .getByRole('option')
    .filter({ hasText: 'tools/call echo' })
    .first()
    .waitFor();
  assert.deepEqual(pageErrors, []);
});
