import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64Of, uploadInput, uploadStatusText } from './file-upload.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);

test('text files go as text, binaries and text that is not UTF-8 in base64, each under its name in the folder', async () => {
  const input = await uploadInput(
    [
      new File(['\ufeffa,b\n1,2\n'], 'table.csv'),
      new File([PNG], 'chart.png'),
      new File([Uint8Array.from([0x61, 0xff])], 'latin1.txt'),
    ],
    '/work/data',
  );
  assert.ok(!('problem' in input));
  assert.deepEqual(input.files, {
    '/work/data/table.csv': '\ufeffa,b\n1,2\n',
    '/work/data/chart.png': { base64: Buffer.from(PNG).toString('base64') },
    '/work/data/latin1.txt': { base64: 'Yf8=' },
  });
  assert.deepEqual(input.paths, [
    '/work/data/table.csv',
    '/work/data/chart.png',
    '/work/data/latin1.txt',
  ]);
  assert.equal(input.bytes, 11 + PNG.length + 2);
});

test('a name that leaves the folder, holds a NUL or is too long, or two files of one name, send nothing', async () => {
  const refused = async (names: string[]) => {
    const input = await uploadInput(
      names.map((name) => new File(['x'], name)),
      '/work',
    );
    assert.ok('problem' in input, names.join());
    return input.problem;
  };
  assert.match(await refused(['..']), /not the name of a file/);
  assert.match(await refused(['../../etc/passwd']), /not the name of a file/);
  assert.match(await refused(['a\0b']), /NUL/);
  assert.match(await refused(['n'.repeat(300)]), /longer than 255 bytes/);
  assert.match(await refused(['a.txt', 'a.txt']), /^Two files are named a.txt/);
  assert.deepEqual(await uploadInput([], '/work'), { problem: 'No files to upload.' });
});

test('base64 of large bytes matches Node', () => {
  const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256);
  assert.equal(base64Of(bytes), Buffer.from(bytes).toString('base64'));
});

test("an upload's status says what goes where, and why it failed", () => {
  const state = { session: 's', folder: '/work', from: 'panel', bytes: 2048 } as const;
  assert.equal(
    uploadStatusText({ ...state, names: ['a.txt'], phase: 'sending' }),
    'Uploading a.txt (2.0 KiB) to /work…',
  );
  assert.equal(
    uploadStatusText({ ...state, names: ['a', 'b', 'c', 'd'], phase: 'sending' }),
    'Uploading 4 files (2.0 KiB) to /work…',
  );
  assert.equal(
    uploadStatusText({ ...state, names: ['a', 'b', 'c', 'd'], phase: 'done' }),
    'Uploaded a, b and 2 more to /work.',
  );
  assert.equal(
    uploadStatusText({ ...state, names: ['a'], phase: 'failed', problem: 'over fileBytes' }),
    'Could not upload a: over fileBytes',
  );
});
