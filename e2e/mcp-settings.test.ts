import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { MASKED_SECRET } from '../contract/net-policy.ts';
import { callAdmin } from '../server/test-support/admin-api.ts';
import { countingStdio, readCounts } from '../server/test-support/counting-mcp-server.ts';
import { execOverApi } from '../server/test-support/json-api.ts';
import { tempDir } from '../server/test-support/temp-dir.ts';
import { clientHome, putFile } from './support/client-home.ts';
import { openGuiPage } from './support/gui-page.ts';
import { SOME_MCP_SERVERS } from './support/mcp-servers.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// The Settings form's MCP servers in a real browser against a real server whose home is a
// temporary folder: a server added in rows with a secret, saved and shown masked; servers
// imported from Claude Desktop's config there, their secrets copied by the server alone; and a
// run's calls of the counting server in the run's effects.
const { home, env } = await clientHome();
const counts = join(await tempDir('mcp-isolate-counts-'), 'counts');
const counting = countingStdio(counts);
const FORM_SECRET = 'form-s3cret-0123456789';
const IMPORT_SECRET = 'import-s3cret-0123456789';
const KB_SECRET = 'kb_e2e-s3cret-token';
const SCRIPT_SECRET = 'script-s3cret-0123456789';
const JSON_SECRET = 'json-typed-s3cret-0123456789';
await putFile(
  home,
  '.config/Claude/claude_desktop_config.json',
  JSON.stringify({
    mcpServers: {
      counter: { ...counting, env: { ...counting.env, IMPORT_TOKEN: IMPORT_SECRET } },
      kb: { url: 'https://kb.example.com/mcp', headers: { Authorization: `Bearer ${KB_SECRET}` } },
    },
  }),
);
const { server, guiUrl, page, pageErrors, view } = await openGuiPage([], { env });
const shoot = (name: string) => shootLightAndDark(page, name);
const SECRETS = [
  FORM_SECRET,
  IMPORT_SECRET,
  KB_SECRET,
  SCRIPT_SECRET,
  JSON_SECRET,
  'ghp_e2e-s3cret',
];
/** Whether the page's markup holds a secret anywhere, attributes included. */
const pageHoldsASecret = async () => {
  const html = await page.content();
  return SECRETS.some((secret) => html.includes(secret));
};
const settingsFile = async () =>
  JSON.parse(await readFile(join(server.dataDir, 'settings.json'), 'utf8'));

const group = page.getByRole('group', { name: 'MCP servers' });
const save = page.getByRole('button', { name: 'Save and apply' });
const serverFields = (name: string) => group.getByRole('group', { name, exact: true });
/** The Settings view in a page loaded afresh (guiUrl differs from about:blank by more than its hash). */
const openSettings = async () => {
  await page.goto('about:blank');
  await page.goto(guiUrl);
  await view(/Settings/).click();
  await group.waitFor();
};
await openSettings();

test('a stdio server added in the form with an env secret is saved with it, and after a reload shows it masked, the page never holding it', async () => {
  await group.getByRole('button', { name: 'Add server' }).click();
  const added = serverFields('new server');
  await added.getByLabel('Name', { exact: true }).fill('counter');
  const counter = serverFields('counter');
  await counter.getByLabel('Runs as').selectOption('stdio');
  await counter.getByLabel('Command', { exact: true }).fill(counting.command);
  await counter.getByLabel('Arguments, one a line').fill(counting.args.join('\n'));
  const addVariable = counter.getByRole('button', { name: 'Add variable' });
  await addVariable.click();
  await counter.getByLabel('Variable name of counter').last().fill('COUNT_FILE');
  await counter.getByLabel('Value of COUNT_FILE of counter').fill(counts);
  await addVariable.click();
  await counter.getByLabel('Variable name of counter').last().fill('FORM_TOKEN');
  await counter.getByLabel('Value of FORM_TOKEN of counter').fill(FORM_SECRET);
  await counter.getByLabel(/^Allowed tools/).fill('!crash');
  await group.getByText('Code may call counter (stdio).').waitFor();
  await save.click();
  await page.getByText('Saved and applied.').waitFor();

  const file = await settingsFile();
  assert.deepEqual(file.mcpServers.counter, {
    command: counting.command,
    args: counting.args,
    env: { COUNT_FILE: counts, FORM_TOKEN: FORM_SECRET },
    allowTools: ['!crash'],
  });
  await openSettings();
  const value = serverFields('counter').getByLabel('Value of FORM_TOKEN of counter');
  assert.equal(await value.inputValue(), '');
  assert.equal(await value.getAttribute('placeholder'), MASKED_SECRET);
  assert.equal(await value.getAttribute('type'), 'password');
  await serverFields('counter').getByText('saved value kept').first().waitFor();
  assert.equal(await pageHoldsASecret(), false);
  assert.deepEqual(pageErrors, []);
});

test('renaming a server with a kept secret asks for its values again as typed, and a save is refused by the server, whose problem the field shows; the secret stays saved', async () => {
  const counter = serverFields('counter');
  await counter.getByLabel('Name', { exact: true }).fill('counted');
  // The form says so before the save: the value's field asks for it again.
  const value = serverFields('counted').getByLabel('Value of FORM_TOKEN of counted');
  await serverFields('counted')
    .getByText(/^Type it again: a saved value is kept only while/)
    .first()
    .waitFor();
  assert.match(
    (await page.locator(`#${await value.getAttribute('aria-describedby')}`).textContent()) ?? '',
    /^Type it again/,
  );
  await save.click();
  await group
    .getByRole('alert')
    .getByText(
      /^mcpServers: counted\.env "COUNT_FILE", "FORM_TOKEN" have no value to keep .*: type them$/,
    )
    .waitFor();
  assert.equal((await settingsFile()).mcpServers.counter.env.FORM_TOKEN, FORM_SECRET);
  await page.getByRole('button', { name: 'Revert' }).click();
  await serverFields('counter').waitFor();
  assert.deepEqual(pageErrors, []);
});

test("a run's calls of the counting server show in its effects: server, tool, arguments, result and time, a tool error and a refused call marked so", async () => {
  const result = await execOverApi(server, {
    session: 'tools',
    code: [
      "const said = await mcp.counter.echo({ message: 'hi' });",
      'let failed, refused;',
      "try { await mcp.counter.fail({ message: 'no luck' }) } catch (error) { failed = error.message }",
      'try { await mcp.counter.crash({}) } catch (error) { refused = error.message }',
      '[said, failed, refused]',
    ].join('\n'),
  });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.match(result.value ?? '', /'hi'.*no luck.*allowTools/s);
  assert.deepEqual(
    (await readCounts(counts)).filter((line) => line.startsWith('call ')),
    ['call echo', 'call fail'],
  );

  await view(/Sessions/).click();
  await page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: /^tools\b/ })
    .click();
  const table = page.getByRole('table', {
    name: '3 tool calls · 1 refused · 1 answered an error',
  });
  await table.waitFor();
  const rows = table.locator('tbody tr');
  const echo = rows.filter({ hasText: 'echo' });
  await echo.getByRole('cell', { name: 'counter', exact: true }).waitFor();
  await echo.getByRole('cell', { name: '{"message":"hi"}', exact: true }).waitFor();
  await echo.getByRole('cell', { name: 'hi', exact: true }).waitFor();
  await echo.getByRole('cell', { name: /^[\d.]+ (ms|s)$/ }).waitFor();
  assert.equal(await rows.and(page.locator('.tool-error')).count(), 1);
  const refused = rows.filter({ hasText: 'crash' }).first();
  await refused.getByRole('cell', { name: 'refused', exact: true }).waitFor();
  assert.match((await refused.getAttribute('class')) ?? '', /refused/);
  await rows
    .filter({ hasText: /allowTools/ })
    .first()
    .waitFor();
  await table.scrollIntoViewIfNeeded();
  await shoot('run-tool-calls');
  assert.deepEqual(pageErrors, []);
});

test("Import from… lists Claude Desktop's servers with their secrets' names only, imports the picked ones under a free name, and the form shows them; the imported secret reaches the server without passing through the window", async () => {
  await openSettings();
  // An edit not saved yet stays so through the import, and stays in the form.
  const tools = serverFields('counter').getByLabel(/^Allowed tools/);
  await tools.fill('!crash\necho');
  await group.getByRole('button', { name: 'Import from…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import MCP servers' });
  const claude = dialog.getByRole('group', { name: 'Claude Desktop' });
  await claude.getByRole('checkbox', { name: 'counter', exact: true }).waitFor();
  await claude.getByText(/env COUNT_FILE, IMPORT_TOKEN \(secret/).waitFor();
  await claude.getByText(/the name is taken/).waitFor();
  assert.equal(await pageHoldsASecret(), false);
  await shoot('mcp-import');

  await claude.getByRole('checkbox', { name: 'counter', exact: true }).check();
  await claude.getByRole('checkbox', { name: 'kb', exact: true }).check();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.getByRole('status').getByText('Imported counter as counter-2.').waitFor();
  await dialog.getByRole('status').getByText('Imported kb.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await serverFields('counter-2').waitFor();
  await serverFields('kb').getByLabel('Value of Authorization of kb').waitFor();
  assert.equal(await pageHoldsASecret(), false);
  assert.equal(await tools.inputValue(), '!crash\necho');

  const file = await settingsFile();
  assert.deepEqual(file.mcpServers.counter.allowTools, ['!crash']);
  assert.equal(file.mcpServers['counter-2'].env.IMPORT_TOKEN, IMPORT_SECRET);
  assert.equal(file.mcpServers.kb.headers.Authorization, `Bearer ${KB_SECRET}`);
  // The imported server runs with its secret: what it echoes is masked on the way back.
  const result = await execOverApi(server, {
    session: 'imported',
    code: "await mcp['counter-2']['echo-env']({ name: 'IMPORT_TOKEN' })",
  });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.equal(result.value, `'${MASKED_SECRET}'`);
  // Saving the form keeps every imported secret behind its mask.
  await save.click();
  await page.getByText('Saved and applied.').waitFor();
  assert.equal((await settingsFile()).mcpServers['counter-2'].env.IMPORT_TOKEN, IMPORT_SECRET);
  assert.deepEqual(pageErrors, []);
});

test('Edit as JSON shows the servers masked, refuses text that is not JSON as typed, and takes a pasted block into the form', async () => {
  await openSettings();
  await group.getByRole('button', { name: 'Edit as JSON' }).click();
  const dialog = page.getByRole('dialog', { name: 'MCP servers as JSON' });
  const text = dialog.getByLabel('Servers (JSON)');
  const shown = await text.inputValue();
  assert.match(shown, /"FORM_TOKEN": "••••••••"/);
  await text.fill('{"mcpServers": {"gh": ');
  await dialog
    .getByRole('alert')
    .getByText(/^mcpServers: is not valid JSON/)
    .waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Apply' }).isDisabled(), true);
  const edited = { ...JSON.parse(shown), github: SOME_MCP_SERVERS.github };
  await text.fill(JSON.stringify({ mcpServers: edited }));
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await serverFields('github').getByText('not saved yet').waitFor();
  await save.click();
  await page.getByText('Saved and applied.').waitFor();
  const file = await settingsFile();
  assert.deepEqual(file.mcpServers.github, SOME_MCP_SERVERS.github);
  assert.equal(file.mcpServers.counter.env.FORM_TOKEN, FORM_SECRET);
  assert.equal(await pageHoldsASecret(), false);
  assert.deepEqual(pageErrors, []);
});

test('a server whose args hold a line break and an empty last one, and whose allowTools holds a comma, keeps them and its secret when the form saves another setting', async () => {
  const script = {
    command: 'node',
    args: ['-e', 'const a = 1;\nconsole.log(a)', '--name', ''],
    allowTools: ['!drop,table'],
    disabled: true,
  };
  const settings = await callAdmin(server, 'getSettings');
  const put = await callAdmin(server, 'updateSettings', {
    settings: {
      ...settings,
      mcpServers: { ...settings.mcpServers, script: { ...script, env: { TOKEN: SCRIPT_SECRET } } },
    },
  });
  assert.deepEqual(put.problems, []);
  await openSettings();
  await page.getByLabel('Run timeout', { exact: true }).fill('45 s');
  await save.click();
  await page.getByText('Saved and applied.').waitFor();
  const file = await settingsFile();
  assert.equal(file.timeoutMs, 45_000);
  assert.deepEqual(file.mcpServers.script, { ...script, env: { TOKEN: SCRIPT_SECRET } });
  assert.equal(await pageHoldsASecret(), false);
  assert.deepEqual(pageErrors, []);
});

test('a value typed in the form and not saved yet never reaches the markup through Edit as JSON, which shows a placeholder for it, and Apply and save keep it', async () => {
  await openSettings();
  await group.getByRole('button', { name: 'Add server' }).click();
  await serverFields('new server').getByLabel('Name', { exact: true }).fill('typed');
  const typed = serverFields('typed');
  await typed.getByLabel('Command', { exact: true }).fill('npx');
  await typed.getByRole('button', { name: 'Add variable' }).click();
  await typed.getByLabel('Variable name of typed').last().fill('TOKEN');
  await typed.getByLabel('Value of TOKEN of typed').fill(JSON_SECRET);
  await typed.getByRole('checkbox', { name: 'Disabled' }).check();
  await group.getByRole('button', { name: 'Edit as JSON' }).click();
  const dialog = page.getByRole('dialog', { name: 'MCP servers as JSON' });
  assert.match(
    await dialog.getByLabel('Servers (JSON)').inputValue(),
    /"TOKEN": "\(typed in the form\)"/,
  );
  assert.equal((await page.content()).includes(JSON_SECRET), false);
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await dialog.waitFor({ state: 'detached' });
  await save.click();
  await page.getByText('Saved and applied.').waitFor();
  assert.deepEqual((await settingsFile()).mcpServers.typed, {
    command: 'npx',
    env: { TOKEN: JSON_SECRET },
    disabled: true,
  });
  assert.equal(await pageHoldsASecret(), false);
  assert.deepEqual(pageErrors, []);
});

test('the settings API never sends an MCP server secret', async () => {
  const settings = await callAdmin(server, 'getSettings');
  assert.ok(!SECRETS.some((secret) => JSON.stringify(settings).includes(secret)));
});
