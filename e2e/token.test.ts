import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// The GUI opened with a wrong admin token, then given the right one, in a real browser against a
// real server; then the server gone.
const { server, guiUrl, page, pageErrors } = await openGuiPage();
const alert = page.getByRole('alert');

test('a wrong token says it was refused and where the right address is; the right one pasted in opens the server view', async () => {
  await page.goto(`${server.url}/#token=wrong`);
  await alert.getByText(/^The server refused this page's admin token/).waitFor();
  const said = (await alert.textContent()) ?? '';
  assert.match(said, /the address the server printed when it started \(it ends in #token=…\)/);
  assert.match(said, /guiUrl in server\.json/);
  assert.equal(await page.getByText(/Connecting/).count(), 0);
  await shootLightAndDark(page, 'token-refused');
  // The address as the server printed it, pasted over the wrong one: only its fragment changes.
  await page.goto(guiUrl);
  await page.getByTestId('server-state').getByText('Running').waitFor();
  assert.equal(await alert.count(), 0);
});

test('a server that does not answer says so, not that the token was refused', async () => {
  await server.stop();
  // A fragment changed in the open tab: the page asks the server with that token, and no one answers.
  await page.goto(`${server.url}/#token=after-the-server-stopped`);
  await alert.getByText(/^The server does not answer at this page's address/).waitFor();
  assert.doesNotMatch((await alert.textContent()) ?? '', /refused/);
  assert.deepEqual(pageErrors, []);
});
