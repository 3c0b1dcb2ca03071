import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ListSessionsOutput, RunJsOutput } from '../server/mcp/tool-schemas.ts';
import { waitUntil } from '../server/test-support/wait-until.ts';
import { openGuiPage } from './support/gui-page.ts';

// Managing sessions in the window, against a real server whose sessions a real MCP client made:
// searching, sorting, and deleting several at once.
const { server, guiUrl, page, pageErrors, view } = await openGuiPage();
const client = new Client({ name: 'sessions-client', version: '1' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
after(() => client.close());

const runJs = async (session: string, code: string) => {
  const result = (await client.callTool({ name: 'run_js', arguments: { session, code } }))
    .structuredContent as RunJsOutput;
  assert.ok(result.ok, `${session}: ${code}`);
};
const listedByClient = async () =>
  (
    (await client.callTool({ name: 'list_sessions', arguments: {} }))
      .structuredContent as ListSessionsOutput
  ).sessions.map((session) => session.name);

const list = page.getByRole('list', { name: 'Sessions' });
const shownNames = () => list.locator('li strong').allTextContents();
const waitForNames = (names: string[], what: string) =>
  waitUntil(async () => (await shownNames()).join() === names.join(), `${what}: ${names}`);

// Sizes 3, 1 and 2 heaps, used last in the order notes, alpha, zeta: each sort orders them
// differently.
await runJs('notes', 'var a = 1');
await runJs('notes', 'a += 1');
await runJs('notes', 'a += 1');
await runJs('alpha', 'var b = 1');
await runJs('zeta', 'var c = 1');
await runJs('zeta', 'c += 1');
await page.goto(guiUrl);
await view(/Sessions/).click();

test('the list is sorted by last used, name or size', async () => {
  await waitForNames(['zeta', 'alpha', 'notes'], 'the most recently used first');
  const sort = page.getByRole('combobox', { name: 'Sort by' });
  await sort.selectOption({ label: 'Name' });
  await waitForNames(['alpha', 'notes', 'zeta'], 'by name');
  await sort.selectOption({ label: 'Size (heaps)' });
  await waitForNames(['notes', 'zeta', 'alpha'], 'the most heaps first');
  await sort.selectOption({ label: 'Last used' });
  await waitForNames(['zeta', 'alpha', 'notes'], 'the most recently used first again');
});

test('the search narrows the list by name as it is typed', async () => {
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.pressSequentially('ta');
  await waitForNames(['zeta'], 'the names holding "ta"');
  await search.fill('A');
  await waitForNames(['zeta', 'alpha'], 'the names holding "a", case aside');
  await search.fill('nothing');
  await page.getByText("No session's name holds “nothing”.").waitFor();
  await search.fill('');
  await waitForNames(['zeta', 'alpha', 'notes'], 'every session');
});

test('two selected sessions are deleted together after a question, and are gone for the client', async () => {
  await page.getByRole('checkbox', { name: 'Select alpha' }).check();
  await page.getByRole('checkbox', { name: 'Select zeta' }).check();
  await page.getByRole('button', { name: 'Delete 2 sessions' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete 2 sessions and their snapshots?' });
  await dialog.getByText('zeta, alpha').waitFor();
  // Cancel keeps them.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(await shownNames(), ['zeta', 'alpha', 'notes']);

  await page.getByRole('button', { name: 'Delete 2 sessions' }).click();
  await dialog.getByRole('button', { name: 'Delete 2 sessions' }).click();
  await waitForNames(['notes'], 'the one left');
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(await listedByClient(), ['notes']);
  // The button that asked went with the selection: the focus goes to the search, not the page.
  const search = page.getByRole('searchbox', { name: 'Search' });
  await waitUntil(
    () => search.evaluate((element) => element.matches(':focus')),
    'the focus on the search',
  );
  // Nothing is selected any more, and nothing failed.
  assert.equal(await page.getByRole('button', { name: /^Delete \d+ session/ }).count(), 0);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.deepEqual(pageErrors, []);
});

test("a session renamed in the window is the client's by its new name, and goes on from its heap", async () => {
  await runJs('taken', 'var t = 1');
  await list.getByRole('button', { name: /^notes\b/ }).click();
  const rename = page.getByRole('button', { name: 'Rename', exact: true });
  await rename.click();
  const dialog = page.getByRole('dialog', { name: 'Rename notes' });
  const name = dialog.getByRole('textbox', { name: 'New name' });
  const submit = dialog.getByRole('button', { name: 'Rename', exact: true });
  // Checked as it is typed, by the server's rule.
  await name.fill('My Notes');
  await dialog.getByText(/^invalid session name "My Notes": use 1-64 lowercase/).waitFor();
  assert.equal(await submit.isDisabled(), true);
  // A name taken is the server's to refuse: said in the dialog, which stays open.
  await name.fill('taken');
  await submit.click();
  await dialog.getByRole('alert').getByText('session taken already exists').waitFor();

  await name.fill('journal');
  await submit.click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('heading', { name: 'journal', level: 2 }).waitFor();
  await list.getByRole('button', { name: /^journal\b/ }).waitFor();
  // The focus is back on Rename, in the card under its new name.
  await waitUntil(() => rename.evaluate((element) => element.matches(':focus')), 'the focus back');
  assert.deepEqual((await listedByClient()).sort(), ['journal', 'taken']);
  const going = (
    await client.callTool({
      name: 'run_js',
      arguments: { session: 'journal', code: 'a += 1' },
    })
  ).structuredContent as RunJsOutput;
  assert.equal(going.value, '4');
  assert.deepEqual(pageErrors, []);
});

test('unnamed sessions are marked with when they go, and go once idle past the retention set in Settings; named ones stay', async () => {
  const made = (await client.callTool({ name: 'run_js', arguments: { code: 'var u = 1' } }))
    .structuredContent as RunJsOutput;
  const unnamed = made.session;
  const row = list.getByRole('button', { name: new RegExp(`^${unnamed}\\b`) });
  await row.getByText('Unnamed: removed after 7 days idle').waitFor();
  assert.equal(await list.getByText(/^Unnamed: removed/).count(), 1, 'named sessions are kept');

  await view(/Settings/).click();
  const retention = page
    .getByRole('group', { name: 'Limits' })
    .getByLabel('Remove unnamed sessions idle for (0: never)');
  assert.equal(await retention.inputValue(), '168 h');
  await retention.fill('2 s');
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await page.getByText('Saved and applied.').waitFor();

  await view(/Sessions/).click();
  await waitUntil(async () => !(await listedByClient()).includes(unnamed), `${unnamed} removed`);
  await row.waitFor({ state: 'detached' });
  assert.deepEqual((await listedByClient()).sort(), ['journal', 'taken']);
  assert.deepEqual(pageErrors, []);
});
