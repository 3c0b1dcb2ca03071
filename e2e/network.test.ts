import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { execOverApi } from '../server/test-support/json-api.ts';
import { startRemoteSite } from '../server/test-support/remote-site.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// The sandbox's fetch as the window shows it, in a real browser against a real server and a real
// site on 127.0.0.1: each run's network panel, and the Network settings, whose secrets the page
// must never hold.
const site = await startRemoteSite();
after(() => site.close());
const FLAG_SECRET = 'flag-s3cret-value';
const TYPED_SECRET = 'typed-s3cret-value';
const { server, guiUrl, page, pageErrors, view } = await openGuiPage(
  ['--allow-net', site.host, '--net-header', `${site.host}=X-Secret: ${FLAG_SECRET}`],
  {},
);
const shoot = (name: string) => shootLightAndDark(page, name);

/** One run through the JSON API, as a script would send it. */
const exec = (session: string, code: string) => execOverApi(server, { session, code });

/** Whether the page's markup holds either secret anywhere, attributes included. */
const pageHoldsASecret = async () => {
  const html = await page.content();
  return html.includes(FLAG_SECRET) || html.includes(TYPED_SECRET);
};

await page.goto(guiUrl);

test("a run's fetches show in its network panel, refused ones with their reason", async () => {
  const result = await exec(
    'net',
    [
      `const page = await fetch('${site.origin}/redirect?to=/text');`,
      `const missing = await fetch('${site.origin}/nowhere');`,
      'let refusal;',
      "try { await fetch('http://example.invalid/') } catch (error) { refusal = error.message }",
      '[await page.text(), missing.status, refusal]',
    ].join('\n'),
  );
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.match(result.value ?? '', /'hello',\s+404,\s+'fetch to example\.invalid refused/);

  await view(/Sessions/).click();
  await page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: /^net\b/ })
    .click();
  const panel = page.getByRole('table', { name: '3 requests · 1 refused' });
  await panel.waitFor();
  const rows = panel.locator('tbody tr');
  // The redirect followed, with the size of the final body.
  const first = rows.filter({ hasText: '/redirect' });
  await first.getByRole('cell', { name: '200', exact: true }).waitFor();
  await first.getByRole('cell', { name: '5 B', exact: true }).waitFor();
  await first.getByRole('cell', { name: '1', exact: true }).waitFor();
  assert.equal(await first.getByTitle(`${site.origin}/redirect?to=/text`).count(), 1);
  await rows
    .filter({ hasText: '/nowhere' })
    .getByRole('cell', { name: '404', exact: true })
    .waitFor();
  // The refused one, marked, with why and what to change right under it.
  const refused = rows.filter({ hasText: 'http://example.invalid/' });
  await refused.getByRole('cell', { name: 'refused', exact: true }).waitFor();
  assert.equal(await refused.getAttribute('class'), 'refused');
  await rows
    .filter({ hasText: /example\.invalid is not in allowNet.*--allow-net/ })
    .first()
    .waitFor();
  assert.equal(await pageHoldsASecret(), false);
  await panel.scrollIntoViewIfNeeded();
  await shoot('network-panel');
});

test('Settings edits the allowed hosts and secret headers, and a secret never reaches the page', async () => {
  await view(/Settings/).click();
  const network = page.getByRole('group', { name: 'Network' });
  const hosts = network.getByLabel(/Allowed hosts for fetch/);
  assert.equal(await hosts.inputValue(), site.host);
  // The header given on the command line, masked.
  const headers = network.getByRole('table', { name: 'Secret headers' });
  const flagRow = headers.locator('tbody tr').filter({ hasText: 'X-Secret' });
  await flagRow.getByText('••••••••').waitFor();
  assert.equal(await pageHoldsASecret(), false);

  // Each line is checked as it is typed, before saving.
  await hosts.fill(`${site.host}\nhttps://api.example.com/v1`);
  await network
    .getByRole('alert')
    .getByText(/^line 2: .* is not a host pattern/)
    .waitFor();
  await hosts.fill(`${site.host}\n*.example.com`);
  await network.getByRole('alert').waitFor({ state: 'detached' });

  const adding = network.getByRole('group', { name: 'Add secret header' });
  await adding.getByLabel('Host pattern').fill('127.0.0.1');
  await adding.getByLabel('Header name').fill('X Typed');
  await adding.getByLabel('Value').fill(TYPED_SECRET);
  await adding.getByRole('button', { name: 'Add secret header' }).click();
  await network
    .getByRole('alert')
    .getByText(/"X Typed" is not a header name/)
    .waitFor();
  await adding.getByLabel('Header name').fill('X-Typed');
  await adding.getByRole('button', { name: 'Add secret header' }).click();
  const typedRow = headers.locator('tbody tr').filter({ hasText: 'X-Typed' });
  await typedRow.getByText('(not saved yet)').waitFor();
  assert.equal(await adding.getByLabel('Value').inputValue(), '');
  assert.equal(await pageHoldsASecret(), false);

  await network.getByLabel('Requests per run').fill('50');
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await page.getByText('Saved and applied.').waitFor();
  await typedRow.getByText('••••••••').waitFor();
  assert.equal(await typedRow.getByText('(not saved yet)').count(), 0);
  assert.equal(await pageHoldsASecret(), false);
  await network.scrollIntoViewIfNeeded();
  await shoot('network-settings');

  await page.reload();
  await view(/Settings/).click();
  assert.equal(await hosts.inputValue(), `${site.host}\n*.example.com`);
  assert.equal(await network.getByLabel('Requests per run').inputValue(), '50');
  await flagRow.getByText('••••••••').waitFor();
  await typedRow.getByText('••••••••').waitFor();
  assert.equal(await pageHoldsASecret(), false);

  // The server still has both values: the one kept masked and the one typed.
  const result = await exec('net-settings', `(await fetch('${site.origin}/text')).status`);
  assert.equal(result.ok, true, JSON.stringify(result.error));
  const received = site.received.at(-1);
  assert.equal(received?.path, '/text');
  assert.equal(received?.headers['x-secret'], FLAG_SECRET);
  assert.equal(received?.headers['x-typed'], TYPED_SECRET);
  assert.deepEqual(pageErrors, []);
});
