import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callAdmin } from '../server/test-support/admin-api.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// The Settings form in a real browser against a real server: sizes and durations typed and shown
// in their units while the server stores bytes and milliseconds, and each field checked as it is
// typed by the rules the server saves by.
const { server, guiUrl, page, pageErrors, view } = await openGuiPage();
const shoot = (name: string) => shootLightAndDark(page, name);

await page.goto(guiUrl);
await view(/Settings/).click();
const limits = page.getByRole('group', { name: 'Limits' });
const listening = page.getByRole('group', { name: 'Listening' });
const save = page.getByRole('button', { name: 'Save and apply' });

test('sizes and durations show in their units, and typed in them are saved as the bytes and milliseconds the server stores; each hint describes the value as typed', async () => {
  const output = limits.getByLabel('Output per run', { exact: true });
  const timeout = limits.getByLabel('Run timeout', { exact: true });
  assert.equal(await output.inputValue(), '1 MiB');
  assert.equal(await timeout.inputValue(), '30 s');
  assert.equal(await limits.getByLabel('Close idle connections after').inputValue(), '30 min');
  // The hint says what the value as typed is now, in the same units as its range.
  await limits
    .getByText('Console output plus result of one run: 1 MiB (from 1 KiB to 256 MiB).')
    .waitFor();

  await output.fill('2 MiB');
  await timeout.fill('90000');
  await limits.getByText('Longest run, restore excluded: 1.5 min (from 10 ms to 1 h).').waitFor();
  await timeout.fill('1.5 min');
  await limits
    .getByText('Console output plus result of one run: 2 MiB (from 1 KiB to 256 MiB).')
    .waitFor();
  // A list's hint says what its entries allow now, not what an empty one means.
  const network = page.getByRole('group', { name: 'Network' });
  await network.getByText('Fetch is off: every request is refused.').waitFor();
  await network.getByLabel(/Allowed hosts for fetch/).fill('api.example.com\n*.github.com');
  await network
    .getByText(
      'Fetch may reach api.example.com and any subdomain of github.com; a request to any other host is refused.',
    )
    .waitFor();
  await save.click();
  await page.getByText('Saved and applied.').waitFor();

  const stored = await callAdmin(server, 'getSettings');
  assert.equal(stored.outputBytes, 2_097_152);
  assert.equal(stored.timeoutMs, 90_000);
  assert.deepEqual(stored.allowNet, ['api.example.com', '*.github.com']);
  assert.equal(await output.inputValue(), '2 MiB');
  assert.equal(await timeout.inputValue(), '1.5 min');
  await limits.scrollIntoViewIfNeeded();
  await shoot('settings-limits');
  assert.deepEqual(pageErrors, []);
});

test("a value the server would refuse is flagged as it is typed, in the server's words, and Save sends nothing until it is fixed", async () => {
  const before = await callAdmin(server, 'getSettings');
  // What the server says when it is sent this host.
  const refused = await callAdmin(server, 'updateSettings', {
    settings: { host: 'bad host name!!' },
  });
  const message = refused.problems.find(({ key }) => key === 'host')?.message;
  assert.ok(message);

  const host = listening.getByLabel('Host', { exact: true });
  await host.fill('bad host name!!');
  await listening.getByRole('alert').getByText(message, { exact: true }).waitFor();
  assert.equal(await host.getAttribute('aria-invalid'), 'true');
  const timeout = limits.getByLabel('Run timeout', { exact: true });
  await timeout.fill('soon');
  await limits
    .getByRole('alert')
    .getByText(/^timeoutMs: "soon" is not a duration: use a number and ms, s, min or h/)
    .waitFor();
  await limits.getByText('Longest run, restore excluded, from 10 ms to 1 h.').waitFor();

  await save.click();
  await page.getByRole('status').getByText('Not saved: fix Host, Run timeout first.').waitFor();
  // The first field to fix has the focus.
  await listening.locator('#setting-host:focus').waitFor();
  await listening.scrollIntoViewIfNeeded();
  await shoot('settings-typed-problem');
  assert.deepEqual(await callAdmin(server, 'getSettings'), before);

  await host.fill('127.0.0.1');
  await timeout.fill('45 s');
  await page.getByRole('alert').waitFor({ state: 'detached' });
  await save.click();
  await page.getByText('Saved and applied.').waitFor();
  assert.equal((await callAdmin(server, 'getSettings')).timeoutMs, 45_000);
  assert.deepEqual(pageErrors, []);
});
