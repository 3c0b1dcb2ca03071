import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  base64Of,
  nearSessionLimits,
  type UploadState,
  uploadInput,
  uploadRefusal,
  uploadStatusText,
  withUpload,
} from './file-upload.ts';

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
  assert.match(await refused(['a.txt', 'a.txt']), /^Two files are named “a.txt”/);
  assert.deepEqual(await uploadInput([], '/work'), { problem: 'No files to upload.' });
});

test('base64 of large bytes matches Node', () => {
  const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256);
  assert.equal(base64Of(bytes), Buffer.from(bytes).toString('base64'));
});

test("an upload's status says what goes where, and why it failed", () => {
  const state = { id: 1, session: 's', folder: '/work', from: 'panel', bytes: 2048 } as const;
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

const MiB = 1024 * 1024;
const LIMITS = { fileBytes: 16 * MiB, sessionFileBytes: 64 * MiB, sessionFiles: 1000 };

test('an upload that breaks a file limit is refused from the sizes alone, naming the file and the setting', () => {
  const session = { fileBytes: 10 * MiB, files: 20 };
  const sized = (name: string, size: number) => ({ name, size });
  assert.equal(
    uploadRefusal([sized('a.txt', 1), sized('big.bin', 20 * MiB)], '/work', LIMITS, session),
    'Cannot upload “big.bin”: it is 20.0 MiB, over the largest file a session keeps (fileBytes, 16.0 MiB).',
  );
  const many = Array.from({ length: 5 }, (_, i) => sized(`h${i}.bin`, 12 * MiB));
  assert.equal(
    uploadRefusal(many, '/work', LIMITS, session),
    "Cannot upload 5 files: the session's files would come to 70.0 MiB, over sessionFileBytes (64.0 MiB).",
  );
  assert.match(
    uploadRefusal([sized('x', 1)], '/work', LIMITS, { fileBytes: 0, files: 1000 }) ?? '',
    /would have 1,001 files and folders, over sessionFiles \(1,000\)/,
  );
  assert.equal(uploadRefusal(many.slice(0, 4), '/work', LIMITS, session), undefined);
  // A file of the same name is replaced, not added to.
  const existing = [{ path: '/work/h0.bin', size: 12 * MiB }];
  assert.equal(nearSessionLimits(many, LIMITS, { fileBytes: 16 * MiB, files: 1 }), true);
  assert.equal(
    uploadRefusal(many, '/work', LIMITS, { fileBytes: 16 * MiB, files: 1 }, existing),
    undefined,
  );
});

test('reading shows a count, and a refusal of the window is said once', async () => {
  const state = { id: 1, session: 's', folder: '/work', from: 'panel', bytes: 3 * MiB } as const;
  assert.equal(
    uploadStatusText({ ...state, names: ['a', 'b', 'c', 'd'], phase: 'reading', read: 2 }),
    'Reading 2 of 4 files (3.0 MiB) to upload to /work…',
  );
  const input = await uploadInput([new File(['x'], '..')], '/work');
  assert.ok('problem' in input);
  assert.equal(
    uploadStatusText({
      ...state,
      names: ['..'],
      phase: 'failed',
      problem: input.problem,
      refused: true,
    }),
    'Cannot upload “..”: it is not the name of a file.',
  );
  const counts: number[] = [];
  await uploadInput([new File(['1'], 'a'), new File(['2'], 'b')], '/work', (read) =>
    counts.push(read),
  );
  assert.deepEqual(counts, [1, 2]);
});

test('two uploads to one session each keep their line; a new one clears only those that ended', () => {
  const base = { session: 's', folder: '/work', from: 'panel' as const, names: ['a'], bytes: 1 };
  const first: UploadState = { ...base, id: 1, phase: 'sending' };
  const second: UploadState = { ...base, id: 2, phase: 'reading' };
  let list = withUpload(withUpload([], first), second);
  list = withUpload(list, { ...first, phase: 'done' });
  assert.deepEqual(
    list.map((upload) => [upload.id, upload.phase]),
    [
      [1, 'done'],
      [2, 'reading'],
    ],
  );
  list = withUpload(list, { ...base, id: 3, phase: 'reading' });
  assert.deepEqual(
    list.map((upload) => upload.id),
    [2, 3],
  );
});
