import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Engine } from '../server/engine/engine.ts';
import { removeDir, tempDir } from '../server/test-support/temp-dir.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// A data directory written by another runtime (a build whose prelude defines one more global), as
// an app update leaves it: the server replays its journal under this build's runtime.
const dataDir = await tempDir();
const other = await Engine.start({
  dataDir,
  workers: 1,
  log: () => {},
  snapshotIdleMs: 3_600_000,
  preludeAppendix: 'globalThis.otherRuntime = true;',
});
const base = await other.run({ session: 'older', code: 'var base = 40' });
const differs = await other.run({ session: 'older', code: 'var seen = typeof otherRuntime; seen' });
assert.ok(base.ok && differs.ok);
// One more session, with a snapshot of its newest heap made by that runtime.
const snapshotted = await other.run({
  session: 'snapshotted',
  code: 'var flavour = typeof otherRuntime; flavour',
});
assert.ok(snapshotted.ok);
await other.snapshot('snapshotted');
await other.close();

const { guiUrl, page, pageErrors, browser, view } = await openGuiPage([], { dataDir });
after(async () => {
  await browser.close();
  await removeDir(dataDir);
});

test('a session whose replay differs says so in its card and forks from the newest heap that replays', async () => {
  await page.goto(guiUrl);
  await view(/Sessions/).click();
  const sessions = page.getByRole('list', { name: 'Sessions' });
  await sessions.getByRole('button', { name: /^older\b/ }).click();
  const editor = page.getByRole('textbox', { name: 'Code to run' });
  await editor.click();
  await page.keyboard.type('base + 2');
  await page.keyboard.press('Control+Enter');

  const notice = page.getByRole('region', { name: 'This session cannot run' });
  await notice.getByText(`Session older cannot be restored exactly`).waitFor();
  assert.match((await notice.textContent()) ?? '', new RegExp(differs.heap));
  await sessions.getByText('Replay differs: this session refuses runs').waitFor();
  await shootLightAndDark(page, 'replay-diverged');

  await notice
    .getByRole('button', { name: `Fork a new session from heap ${base.heap.slice(0, 10)}` })
    .click();
  await page.getByRole('heading', { name: /^session-/ }).waitFor();
  await editor.click();
  await page.keyboard.type('base + 2');
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('runs').getByText('42', { exact: true }).waitFor();
  assert.deepEqual(pageErrors, []);
});

test('a session whose replay differs can keep using the snapshot its runtime made, and runs on from it', async () => {
  await view(/Sessions/).click();
  await page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: /^snapshotted\b/ })
    .click();
  const editor = page.getByRole('textbox', { name: 'Code to run' });
  await editor.click();
  await page.keyboard.type('flavour');
  await page.keyboard.press('Control+Enter');
  const notice = page.getByRole('region', { name: 'This session cannot run' });
  await notice.getByText('Session snapshotted cannot be restored exactly').waitFor();
  await shootLightAndDark(page, 'replay-diverged-snapshot');
  await notice
    .getByRole('button', {
      name: `Keep using the snapshot of heap ${snapshotted.heap.slice(0, 10)}`,
    })
    .click();
  await page.getByText(/Goes on from the snapshot of heap/).waitFor();
  await notice.waitFor({ state: 'detached' });
  await editor.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('flavour + "!"');
  await page.keyboard.press('Control+Enter');
  // The heap the other runtime made, where a replay here would have given 'undefined'.
  await page.getByTestId('runs').getByText("'boolean!'", { exact: true }).waitFor();
  assert.deepEqual(pageErrors, []);
});
