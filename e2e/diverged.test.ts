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
