import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { execOverApi } from '../server/test-support/json-api.ts';
import { cjsCounter, esmGreet, scoped } from '../server/test-support/npm-fixtures.ts';
import { startNpmRegistry } from '../server/test-support/npm-registry.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// npm package imports as the window shows them, in a real browser against a real server and a
// real registry on 127.0.0.1: each run's packages table, the session's pinned packages, and the
// Packages settings, whose registry token the page must never hold.
const registry = await startNpmRegistry();
after(() => registry.close());
await registry.publish(esmGreet, cjsCounter, scoped);
const TOKEN = 'npm_t0ken-never-shown';
const NEW_TOKEN = 'npm_t0ken-replaced';
const { server, guiUrl, page, pageErrors, view } = await openGuiPage(
  ['--npm-registry', registry.url],
  {},
);
const shoot = (name: string) => shootLightAndDark(page, name);

/** One run through the JSON API, as a script would send it. */
const exec = (session: string, code: string) => execOverApi(server, { session, code });

const openSession = (name: string) =>
  page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: new RegExp(`^${name}\\b`) })
    .click();

/** Whether the page's markup holds a token anywhere, attributes included. */
const pageHoldsAToken = async () => {
  const html = await page.content();
  return html.includes(TOKEN) || html.includes(NEW_TOKEN);
};

await page.goto(guiUrl);

test('a session that imported nothing says so in its Packages panel', async () => {
  const result = await exec('plain', '1 + 1');
  assert.equal(result.ok, true, JSON.stringify(result.error));
  await view(/Sessions/).click();
  await openSession('plain');
  await page
    .getByTestId('packages')
    .getByText('This session has imported no packages yet.')
    .waitFor();
  assert.equal(await page.getByTestId('run-packages').count(), 0);
});

test("an import shows in its run's packages table and in the session's pinned packages", async () => {
  const result = await exec('greet', "import greet from 'esm-greet';\ngreet('gui')");
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.equal(result.value, "'hello gui'");

  await openSession('greet');
  const loads = page.getByRole('table', { name: '1 package · 1 bundled' });
  await loads.waitFor();
  const load = loads.locator('tbody tr').filter({ hasText: 'esm-greet@1.0.0' });
  await load.getByRole('cell', { name: 'esm-greet', exact: true }).waitFor();
  await load.getByRole('cell', { name: 'bundled', exact: true }).waitFor();
  await load.getByRole('cell', { name: /^\d+(\.\d)? (B|KiB)$/ }).waitFor();
  await load.getByRole('cell', { name: /^[\d.]+ ms$/ }).waitFor();

  const pinned = page.getByTestId('packages').getByRole('table', { name: /^1 package pinned · / });
  const row = pinned.locator('tbody tr').filter({ hasText: 'esm-greet' });
  await row.getByRole('cell', { name: '1.0.0', exact: true }).waitFor();
  // The tarball's size, and the main entry's bundle with its own.
  await row.getByRole('cell', { name: /^\d+(\.\d)? (B|KiB)$/ }).waitFor();
  await row
    .getByRole('listitem')
    .filter({ hasText: /^esm-greet \d+(\.\d)? (B|KiB)$/ })
    .waitFor();
  await row.getByRole('cell', { name: '0', exact: true }).waitFor();

  // A run that ends while the session is open brings its new entry into the panel.
  const again = await exec('greet', "import { shout } from 'esm-greet/shout';\nshout('hi')");
  assert.equal(again.ok, true, JSON.stringify(again.error));
  assert.equal(again.value, "'HI!'");
  await row
    .getByRole('listitem')
    .filter({ hasText: /^esm-greet\/shout / })
    .waitFor();
  assert.equal(await pinned.locator('tbody tr').count(), 1);
  // The panel at the top, the newest run's packages under it.
  await page
    .getByRole('heading', { name: 'Packages', exact: true })
    .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  await shoot('packages-panel');
});

test('Settings edits the registry, the allow-list and the token, and the token never reaches the page', async () => {
  await view(/Settings/).click();
  const packages = page.getByRole('group', { name: 'Packages' });
  assert.equal(await packages.getByLabel('Let runs import npm packages').isChecked(), true);
  const address = packages.getByLabel('Registry', { exact: true });
  assert.equal(await address.inputValue(), registry.url);
  // No token yet: a field to type one.
  const tokenInput = packages.getByLabel('Registry token');
  await tokenInput.waitFor();

  // The address and each line of the allow-list are checked as typed, before saving.
  await address.fill('ftp://registry.example.com/');
  await packages
    .getByRole('alert')
    .getByText(/is not an http or https URL/)
    .waitFor();
  await address.fill(registry.url);
  const allowList = packages.getByLabel(/Allowed packages/);
  await allowList.fill('esm-greet\nNot A Name');
  await packages
    .getByRole('alert')
    .getByText(/^line 2: "Not A Name" is not a package name/)
    .waitFor();
  await allowList.fill('esm-greet\n@fixtures/*');
  await packages.getByRole('alert').waitFor({ state: 'detached' });

  await tokenInput.fill(TOKEN);
  await packages.getByLabel('Package bundle', { exact: true }).fill('4194304');
  assert.equal(await pageHoldsAToken(), false);
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await page.getByText('Saved and applied.').waitFor();
  await packages.getByText('A token is set.').waitFor();
  assert.equal(await packages.getByLabel('Registry token').count(), 0);
  assert.equal(await pageHoldsAToken(), false);
  await packages.scrollIntoViewIfNeeded();
  await shoot('packages-settings');

  await page.reload();
  await view(/Settings/).click();
  assert.equal(await allowList.inputValue(), 'esm-greet\n@fixtures/*');
  assert.equal(await address.inputValue(), registry.url);
  // The bytes typed come back in the largest unit that shows them exactly.
  assert.equal(await packages.getByLabel('Package bundle', { exact: true }).inputValue(), '4 MiB');
  await packages.getByText('A token is set.').waitFor();
  assert.equal(await pageHoldsAToken(), false);

  // The server has the token and sends it to the registry; the allow-list holds.
  registry.requireToken(TOKEN);
  const allowed = await exec('scoped', "import name from '@fixtures/scoped';\nname");
  assert.equal(allowed.ok, true, JSON.stringify(allowed.error));
  assert.equal(allowed.value, "'scoped'");
  assert.equal(registry.received.at(-1)?.authorization, `Bearer ${TOKEN}`);
  const refused = await exec('refused', "import counter from 'cjs-counter';\ncounter.count(1)");
  assert.equal(refused.ok, false);
  registry.requireToken(undefined);

  // Replaced: still set, neither value in the page.
  await packages.getByRole('button', { name: 'Replace' }).click();
  await packages.getByLabel('Registry token').fill(NEW_TOKEN);
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await packages.getByText('A token is set.').waitFor();
  assert.equal(await pageHoldsAToken(), false);
  // Removed: the field to type one is back.
  await packages.getByRole('button', { name: 'Remove' }).click();
  await packages.getByText('The token is removed when you save.').waitFor();
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await packages.getByLabel('Registry token').waitFor();
  assert.equal(await packages.getByText('A token is set.').count(), 0);
  assert.equal(await pageHoldsAToken(), false);
  assert.deepEqual(pageErrors, []);
});

test('a saved token stays behind when the registry moves to another host, and the window says so before and after saving', async () => {
  await view(/Settings/).click();
  const packages = page.getByRole('group', { name: 'Packages' });
  assert.equal(
    await packages.getByLabel('Files per import, dependencies included').inputValue(),
    '100000',
  );
  await packages.getByLabel('Registry token').fill(TOKEN);
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await packages.getByText('A token is set.').waitFor();
  const address = packages.getByLabel('Registry', { exact: true });
  const elsewhere = 'https://registry.elsewhere.example/';
  await address.fill(elsewhere);
  await packages
    .getByText(/^The registry moves to another host: saving removes the saved token/)
    .waitFor();
  // Back to the same host: nothing to say.
  await address.fill(`${registry.url}mirror/`);
  assert.equal(await packages.getByText(/^The registry moves to another host/).count(), 0);
  await address.fill(elsewhere);
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await page
    .getByRole('status')
    .filter({
      hasText:
        /^Saved and applied\. npmToken: the saved token was removed, because npmRegistry moved/,
    })
    .waitFor();
  await packages.getByLabel('Registry token').waitFor();
  assert.equal(await pageHoldsAToken(), false);
  await address.fill(registry.url);
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await page.getByText('Saved and applied.', { exact: true }).waitFor();
  assert.deepEqual(pageErrors, []);
});

test('an import the allow-list refuses shows as failed in its run, with the reason', async () => {
  await view(/Sessions/).click();
  await openSession('refused');
  const loads = page.getByRole('table', { name: '1 package · 1 failed' });
  await loads.waitFor();
  const rows = loads.locator('tbody tr');
  const failed = rows.filter({ hasText: 'cjs-counter' }).first();
  await failed.getByRole('cell', { name: 'failed', exact: true }).waitFor();
  assert.equal(await failed.getAttribute('class'), 'failed');
  assert.match((await rows.nth(1).textContent()) ?? '', /cjs-counter/);
  await page
    .getByTestId('packages')
    .getByText('This session has imported no packages yet.')
    .waitFor();
  assert.deepEqual(pageErrors, []);
});
