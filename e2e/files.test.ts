import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { encode } from 'fast-png';
import type { Locator } from 'playwright-core';
import type { DesktopOperation } from '../contract/desktop-api.ts';
import { callAdmin } from '../server/test-support/admin-api.ts';
import { execOverApi } from '../server/test-support/json-api.ts';
import { openGuiPage } from './support/gui-page.ts';
import { layoutProblems } from './support/layout-checks.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// A session's files in the window, in a real Chromium against a real server: uploads by the
// button and by drops, the tree, previews, downloads, what a run displayed in its cell, older
// heaps, the keyboard, accessibility and the fit at 1024 px.
const { server, guiUrl, page, pageErrors, view } = await openGuiPage();
const call = <K extends DesktopOperation>(operation: K, input: object = {}) =>
  callAdmin(server, operation, input);
const exec = async (session: string, code: string) => {
  const result = await execOverApi(server, { session, code });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  return result;
};

/** A 160×90 PNG shading from `rgb` at the top to black, as fast-png (the test registry's chart package) encodes it. */
const png = (rgb: [number, number, number]) =>
  Buffer.from(
    encode({
      width: 160,
      height: 90,
      channels: 3,
      data: Uint8Array.from(
        { length: 160 * 90 * 3 },
        (_, i) => ((rgb[i % 3] as number) * (90 - Math.floor(i / 3 / 160))) / 90,
      ),
    }),
  );
const TINY_PNG = png([30, 120, 220]);
const NOTES = 'first line\nsecond line, with ünïcode\n';
const LONG_NAME = `a-file-with-a-long-name-that-never-breaks-${'x'.repeat(150)}.txt`;

const files = page.getByTestId('files');
const tree = page.getByTestId('file-tree');
const row = (name: string | RegExp) => tree.getByRole('button', { name });
const uploadStatus = files.getByTestId('upload-status');
const sessionsList = page.getByRole('list', { name: 'Sessions' });
const openSession = (name: string) =>
  sessionsList.getByRole('button', { name: new RegExp(`^${name}\\b`) }).click();

/** Picks `picked` in the panel's file chooser, as a person picks files. */
async function uploadByButton(picked: { name: string; mimeType: string; buffer: Buffer }[]) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    files.getByRole('button', { name: /^Upload to / }).click(),
  ]);
  await chooser.setFiles(picked);
}

/** What the page's code needs to make a drop of files. */
type DropGlobals = {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: string[], name: string, options: { type: string }) => unknown;
};

/** Drops text files on `target` as a drag from the desktop does: dragenter, dragover, drop. */
async function dropFiles(target: Locator, dropped: { name: string; text: string }[]) {
  const dataTransfer = await page.evaluateHandle((dropped) => {
    const { DataTransfer, File } = globalThis as unknown as DropGlobals;
    const transfer = new DataTransfer();
    for (const { name, text } of dropped) {
      transfer.items.add(new File([text], name, { type: 'text/plain' }));
    }
    return transfer;
  }, dropped);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await target.dispatchEvent(type, { dataTransfer });
  }
}

/** Whether an image was decoded (a data: URL the CSP refused, or bad bytes, decodes to 0 wide). */
const naturalWidth = (image: Locator) =>
  image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth);

/** Whether `element` has the page's focus. */
const hasFocus = (element: Locator) =>
  element.evaluate(
    (node) =>
      node ===
      (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
  );

/** The serious and critical violations axe-core finds on the page, light and dark. */
async function violationsInBothThemes(): Promise<string[]> {
  const lines: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    for (const violation of violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      for (const node of violation.nodes) {
        lines.push(
          `${colorScheme}: ${violation.id}: ${node.target.join(' ')}: ${node.failureSummary}`,
        );
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return lines;
}

await exec('files', 'var n = 1');
await exec('other', 'var m = 2');
await page.goto(guiUrl);
await view(/Sessions/).click();
await openSession('files');

test('files uploaded by the button are a run, listed in the tree with their sizes, and the list shows the bytes', async () => {
  await files.getByText('0 files and folders · 0 B').waitFor();
  await uploadByButton([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTES) },
    { name: 'tiny.png', mimeType: 'image/png', buffer: TINY_PNG },
    { name: LONG_NAME, mimeType: 'text/plain', buffer: Buffer.from('long') },
  ]);
  await uploadStatus
    .getByText(/^Uploaded notes\.txt, tiny\.png, a-file-with-a-long-name-.* to \/work\.$/)
    .waitFor();
  await row('notes.txt').waitFor();
  await row('tiny.png').waitFor();
  const notesRow = tree
    .locator('tr')
    .filter({ has: page.getByRole('button', { name: 'notes.txt' }) });
  await notesRow.getByRole('cell', { name: `${Buffer.byteLength(NOTES)} B` }).waitFor();
  const total = Buffer.byteLength(NOTES) + TINY_PNG.length + 4;
  await files.getByTestId('file-totals').getByText(`3 files and folders · ${total} B`).waitFor();
  // The upload is a run of the session's timeline, from the window.
  await page
    .getByTestId('runs')
    .getByText(/^\/\/ uploaded \/work\/notes\.txt/)
    .waitFor();
  await sessionsList
    .getByRole('button', { name: /^files\b/ })
    .getByText(`${total} B of files`)
    .waitFor();
});

test('a text file previews as its text and an image as the image', async () => {
  await row('notes.txt').click();
  const text = files.getByTestId('file-text');
  await text.waitFor();
  assert.equal(await text.textContent(), NOTES);
  await files
    .getByRole('region', { name: 'Preview of /work/notes.txt' })
    .getByText(/^text\/plain · /)
    .waitFor();

  await row('tiny.png').click();
  const image = files.getByRole('img', { name: /^tiny\.png in heap / });
  await image.waitFor();
  assert.match((await image.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
  assert.equal(await naturalWidth(image), 160);
  await files.scrollIntoViewIfNeeded();
  await shootLightAndDark(page, 'files-panel');
});

test('Download saves the bytes under the file name alone', async () => {
  const saved = page.waitForEvent('download');
  await files.getByRole('button', { name: 'Download tiny.png' }).click();
  const download = await saved;
  assert.equal(download.suggestedFilename(), 'tiny.png');
  assert.deepEqual(await readFile(await download.path()), TINY_PNG);
});

test('a drop on the panel uploads into the folder chosen', async () => {
  await call('uploadFiles', { session: 'files', files: { 'data/seed.txt': 'seed' } });
  // A run of the session ended: the panel lists the new folder.
  await row('data folder').click();
  await files.getByRole('button', { name: 'Upload to /work/data…' }).waitFor();
  await dropFiles(files, [{ name: 'dropped.txt', text: 'dropped on the panel' }]);
  await uploadStatus.getByText('Uploaded dropped.txt to /work/data.').waitFor();
  await row('dropped.txt').click();
  await files.getByTestId('file-text').getByText('dropped on the panel').waitFor();
  assert.equal(await row('data folder').getAttribute('aria-expanded'), 'true');
});

test('a drop on a session in the list uploads into its /work and says so there', async () => {
  const entry = sessionsList
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: /^other\b/ }) });
  await dropFiles(entry, [
    { name: 'one.txt', text: '1' },
    { name: 'two.csv', text: 'a,b\n1,2\n' },
  ]);
  await entry.getByRole('status').getByText('Uploaded one.txt, two.csv to /work.').waitFor();
  await entry.getByText('9 B of files').waitFor();
  await openSession('other');
  await row('two.csv').click();
  assert.equal(await files.getByTestId('file-text').textContent(), 'a,b\n1,2\n');
  await openSession('files');
  await row('notes.txt').waitFor();
});

test('an upload over a limit is refused before it is read, naming the file and the setting', async () => {
  await call('updateSettings', { settings: { fileBytes: 1024 } });
  try {
    await uploadByButton([
      { name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.from('x'.repeat(2000)) },
    ]);
    // Refused by the window from the file's size, before it is read, and said once.
    await files
      .getByRole('alert')
      .getByText(
        'Cannot upload “big.txt”: it is 2.0 KiB, over the largest file a session keeps (fileBytes, 1.0 KiB).',
        { exact: true },
      )
      .waitFor();
  } finally {
    await call('updateSettings', { settings: { fileBytes: 16 * 1024 * 1024 } });
  }
  assert.equal(await row('big.txt').count(), 0);
});

test("a run's cell lists the files it changed, and one opens in the panel at that run's heap", async () => {
  const cell = page
    .getByTestId('runs')
    .getByRole('listitem')
    .filter({ hasText: /^\/\/ uploaded \/work\/notes\.txt/ });
  const changes = cell.getByRole('region', { name: '3 files: 3 created' });
  await changes.getByText(`${Buffer.byteLength(NOTES)} B`).waitFor();
  await changes.getByRole('button', { name: 'Open /work/notes.txt in Files' }).click();
  const preview = files.getByRole('region', { name: 'Preview of /work/notes.txt' });
  await preview.getByTestId('file-text').waitFor();
  // That run's heap, not the current one: later uploads are not in it.
  const { runs } = await call('listRuns', { session: 'files' });
  const heap = runs.find((run) => run.code.startsWith('// uploaded /work/notes.txt'))?.heap;
  assert.equal(await files.getByLabel('Heap').inputValue(), heap);
  assert.equal(await row('data folder').count(), 0);
  // The row opened has the focus, for the keyboard to go on from there.
  await row('notes.txt').and(page.locator(':focus')).waitFor();
  await files.getByLabel('Heap').selectOption('');
  await row('data folder').waitFor();
});

test("an older heap's files differ from the newest's, picked in the panel or in the lineage", async () => {
  const { runs } = await call('listRuns', { session: 'files' });
  const firstUpload = runs.find((run) => run.code.startsWith('// uploaded /work/notes.txt'));
  assert.ok(firstUpload);
  const heapChoice = files.getByLabel('Heap');
  await heapChoice.selectOption(firstUpload.heap);
  await row('notes.txt').waitFor();
  await row('data folder').waitFor({ state: 'detached' });
  await files
    .getByTestId('file-totals')
    .getByText(/^3 files and folders/)
    .waitFor();

  // An upload made while an older heap shows goes to the current heap, which the panel then shows
  // with the file chosen, and its news stays beside the button.
  await uploadByButton([
    { name: 'while-old.txt', mimeType: 'text/plain', buffer: Buffer.from('new') },
  ]);
  await uploadStatus.getByText('Uploaded while-old.txt to /work.').waitFor();
  await files.getByRole('region', { name: 'Preview of /work/while-old.txt' }).waitFor();
  assert.equal(await heapChoice.inputValue(), '');
  await row('data folder').waitFor();
  assert.ok(await uploadStatus.isVisible());
  const { height } = page.viewportSize() ?? { height: 0 };
  const box = await uploadStatus.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= height, JSON.stringify(box));
  // It is still said after leaving the Sessions view and coming back.
  await view(/Server/).click();
  await view(/Sessions/).click();
  await openSession('files');
  await uploadStatus.getByText('Uploaded while-old.txt to /work.').waitFor();

  // The lineage's newest heap is the session's first: the one before any file.
  await page
    .getByRole('region', { name: 'Lineage of heaps' })
    .getByRole('button', { name: /made by var n = 1/ })
    .click();
  await files.getByText('0 files and folders · 0 B').waitFor();
  assert.equal(await heapChoice.inputValue(), runs.find((run) => run.code === 'var n = 1')?.heap);
  await heapChoice.selectOption('');
  await row('notes.txt').waitFor();
});

test("a run's display() of a PNG shows in its cell, with its text and a download, and its files open in the panel", async () => {
  const chart = png([200, 40, 40]);
  await exec(
    'files',
    [
      `display(new Uint8Array([${[...chart].join(',')}]), 'image/png');`,
      "display('a caption shown as text', 'text/plain');",
      "display(new Uint8Array([1, 2, 3]), 'application/octet-stream');",
      "'shown'",
    ].join('\n'),
  );
  const shown = page.getByTestId('runs').getByRole('list', { name: 'Shown by the run' }).last();
  const image = shown.getByRole('img', { name: /^Shown 1: 1\.png \(image\/png, / });
  await image.waitFor();
  assert.equal(await naturalWidth(image), 160);
  await shown.getByText('a caption shown as text', { exact: true }).waitFor();
  await shown.getByRole('button', { name: 'Download 3.bin' }).waitFor();
  await image.scrollIntoViewIfNeeded();
  await shootLightAndDark(page, 'display-run-cell');

  await page.getByRole('button', { name: 'Open /display/1.png in Files' }).last().click();
  const preview = files.getByRole('region', { name: 'Preview of /display/1.png' });
  const opened = preview.getByRole('img', { name: /^1\.png in heap / });
  await opened.waitFor();
  assert.equal(await naturalWidth(opened), 160);
  // The row opened has the focus, for the keyboard to go on from there.
  await row('1.png').and(page.locator(':focus')).waitFor();
});

test('a file named as a PNG that is not one says so, and a bidi override in a name is shown, not obeyed', async () => {
  await call('uploadFiles', {
    session: 'files',
    files: { 'fake.png': '<svg xmlns="http://www.w3.org/2000/svg"/>', '\u202Egnp.exe': 'x' },
  });
  await row('fake.png').click();
  const preview = files.getByRole('region', { name: 'Preview of /work/fake.png' });
  await preview.getByText('Not a PNG image: download it to open it.').waitFor();
  assert.equal(await preview.getByRole('img').count(), 0);
  const spoof = row('\\u202Egnp.exe');
  await spoof.click();
  await files
    .getByRole('region', { name: 'Preview of /work/\\u202Egnp.exe' })
    .getByText('/work/\\u202Egnp.exe', { exact: true })
    .waitFor();
  const bidi = await spoof.locator('.name').evaluate(
    (name) =>
      (
        globalThis as unknown as {
          getComputedStyle(element: unknown): { unicodeBidi: string };
        }
      ).getComputedStyle(name).unicodeBidi,
  );
  assert.equal(bidi, 'isolate');
});

test("a session's shown images are read only as their cells come near the runs' view, and let go far from it", async () => {
  for (let run = 0; run < 16; run++) {
    await exec(
      'charts',
      `display(new Uint8Array([${[...TINY_PNG].join(',')}]), 'image/png'); ${run}`,
    );
  }
  const reads: string[] = [];
  const onRequest = (request: { url(): string }) => {
    if (request.url().endsWith('/admin/api/readFile')) reads.push(request.url());
  };
  page.on('request', onRequest);
  try {
    await openSession('charts');
    const cells = page.getByTestId('runs').locator(':scope > li');
    await cells
      .last()
      .getByRole('img', { name: /^Shown 1: / })
      .waitFor();
    await cells.first().getByText('Shown when scrolled to').waitFor();
    assert.ok(reads.length < 16, `${reads.length} read`);
    await page.getByRole('region', { name: 'Runs' }).evaluate((box) => {
      (box as unknown as { scrollTop: number }).scrollTop = 0;
    });
    await cells
      .first()
      .getByRole('img', { name: /^Shown 1: / })
      .waitFor();
    await cells.last().getByRole('img').waitFor({ state: 'detached' });
  } finally {
    page.off('request', onRequest);
  }
  await openSession('files');
  await row('notes.txt').waitFor();
});

test('a folder of many files shows its first 500, and the rest on asking', async () => {
  await exec(
    'files',
    "const fs = await import('node:fs'); fs.mkdirSync('/work/many'); for (let i = 0; i < 501; i++) fs.writeFileSync('/work/many/' + String(i).padStart(3, '0') + '.txt', '' + i);",
  );
  await row('many folder').click();
  await row('499.txt').waitFor();
  assert.equal(await row('500.txt').count(), 0);
  await files.getByRole('button', { name: 'Show 1 more: 1 in /work/many not shown yet' }).click();
  await row('500.txt').waitFor();
  await row('many folder').click();
  await row('499.txt').waitFor({ state: 'detached' });
});

test('the panel works by keyboard: folders close and open, files preview and download', async () => {
  const data = row('data folder');
  await data.focus();
  // Opened earlier, or not since the session was opened again: open it first.
  if ((await data.getAttribute('aria-expanded')) === 'false') await page.keyboard.press('Enter');
  await row('dropped.txt').waitFor();
  await page.keyboard.press('Enter');
  await row('dropped.txt').waitFor({ state: 'detached' });
  assert.equal(await data.getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('Enter');
  // The next stop is the first row inside it.
  await page.keyboard.press('Tab');
  await row('dropped.txt').and(page.locator(':focus')).waitFor();
  await page.keyboard.press('Enter');
  await files.getByTestId('file-text').getByText('dropped on the panel').waitFor();
  // On through the rows to the preview's Download.
  const download = files.getByRole('button', { name: 'Download dropped.txt' });
  for (let stop = 0; stop < 30 && !(await hasFocus(download)); stop++) {
    await page.keyboard.press('Tab');
  }
  const saved = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const file = await saved;
  assert.equal(file.suggestedFilename(), 'dropped.txt');
  assert.equal(await readFile(await file.path(), 'utf8'), 'dropped on the panel');
});

test('the panel, a preview and a run cell that shows an image have no serious accessibility violation, light or dark', async () => {
  await row('notes.txt').click();
  await files.getByTestId('file-text').waitFor();
  assert.deepEqual(await violationsInBothThemes(), []);
  await row('tiny.png').click();
  await files.getByRole('img', { name: /^tiny\.png in heap / }).waitFor();
  assert.deepEqual(await violationsInBothThemes(), []);
});

test('the session with its files fits 1024 px, a long file name included, light and dark', async () => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await row(LONG_NAME).click();
  await files.getByTestId('file-text').getByText('long').waitFor();
  const problems: string[] = [];
  const check = async (state: string) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      problems.push(
        ...(await layoutProblems(page)).map((problem) => `${state}, ${colorScheme}: ${problem}`),
      );
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };
  await check('a long name');

  // A file 100 folders deep, every folder open: the indentation stops deepening, and the upload
  // button names the folder by its last names.
  const folders = Array.from({ length: 100 }, (_, depth) => `d${depth}`);
  await call('uploadFiles', {
    session: 'files',
    files: { [`/deep/${folders.join('/')}/bottom.txt`]: 'deep' },
  });
  // Each folder's button, clicked as soon as its row shows (100 clicks through the locator take long).
  await files.evaluate(async (panel, folders) => {
    type Button = { click(): void };
    const { requestAnimationFrame } = globalThis as unknown as {
      requestAnimationFrame(callback: () => void): void;
    };
    const shown = async (selector: string): Promise<Button> => {
      for (;;) {
        const button = (
          panel as unknown as { querySelector(s: string): Button | null }
        ).querySelector(selector);
        if (button) return button;
        await new Promise<void>((resolve) => requestAnimationFrame(resolve));
      }
    };
    let path = '/deep';
    for (const folder of folders) {
      path += `/${folder}`;
      (await shown(`button[data-path="${path}"]`)).click();
    }
  }, folders);
  await row('bottom.txt').click();
  await files.getByTestId('file-text').getByText('deep').waitFor();
  await files.getByRole('button', { name: 'Upload to …/d93/d94/d95/d96/d97/d98/d99…' }).waitFor();
  await check('100 folders deep');
  assert.deepEqual(problems, []);
  await files.scrollIntoViewIfNeeded();
  await shootLightAndDark(page, 'fit-1024-files');
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.deepEqual(pageErrors, []);
});
