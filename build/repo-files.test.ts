import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function git(args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, out) =>
      error ? reject(error) : resolve(out),
    );
    // A command that reads no input may exit before it is written: its exit code tells, not EPIPE.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** The attributes Git gives every tracked file: path → attribute → value. */
async function attributes(...names: string[]): Promise<Map<string, Map<string, string>>> {
  const files = await git(['ls-files', '-z']);
  const fields = (await git(['check-attr', '-z', '--stdin', ...names], files)).split('\0');
  const byPath = new Map<string, Map<string, string>>();
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const [path, name, value] = fields.slice(i, i + 3) as [string, string, string];
    byPath.set(path, (byPath.get(path) ?? new Map()).set(name, value));
  }
  return byPath;
}

test('every text file in the repository is checked out with LF line endings on every platform', async () => {
  const notLf = [...(await attributes('text', 'eol'))]
    .filter(([, attrs]) => attrs.get('text') !== 'unset' && attrs.get('eol') !== 'lf')
    .map(([path]) => path);
  assert.deepEqual(notLf, []);
});

test('images and other binary files are marked binary, so Git never converts their bytes', async () => {
  const notBinary = [...(await attributes('binary'))]
    .filter(([path]) => /\.(png|ico|icns|wasm|tgz)$/.test(path))
    .filter(([, attrs]) => attrs.get('binary') !== 'set')
    .map(([path]) => path);
  assert.deepEqual(notBinary, []);
});

test('no tracked text file holds a CRLF line ending in the index', async () => {
  // `git ls-files --eol`: "i/crlf" or "i/mixed" is a CRLF already committed.
  const crlf = (await git(['ls-files', '--eol']))
    .split('\n')
    .filter((line) => /^i\/(crlf|mixed)\b/.test(line));
  assert.deepEqual(crlf, []);
});
