import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, rename, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { BUILD_ID_PATH, buildId, writeBuildId } from './build-id.ts';

/** A staged target folder in small: a runtime and a server with a dependency. */
async function staged(): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'runtime', 'bin'), { recursive: true });
  await mkdir(join(dir, 'server', 'bin'), { recursive: true });
  await mkdir(join(dir, 'server', 'node_modules', 'dep'), { recursive: true });
  await writeFile(join(dir, 'runtime', 'bin', 'node'), 'node 24');
  await writeFile(join(dir, 'server', 'bin', 'mcp-isolate.mjs'), 'server');
  await writeFile(join(dir, 'server', 'node_modules', 'dep', 'index.js'), 'dep');
  return dir;
}

test('the build id is the version and a hash that stays the same for the same staged bytes', async () => {
  const a = await staged();
  const b = await staged();
  const id = await buildId(a, '0.1.0');
  assert.match(id, /^0\.1\.0-[0-9a-f]{12}$/);
  assert.equal(await buildId(b, '0.1.0'), id, 'the same files elsewhere');
  assert.notEqual(await buildId(a, '0.2.0'), id);
});

test('any change to what is staged changes the build id: a byte, a name, a moved file, a symlink, the executable bit', async () => {
  const dir = await staged();
  const ids = new Set([await buildId(dir, '0.1.0')]);
  const changed = async (what: string) => {
    const id = await buildId(dir, '0.1.0');
    assert.ok(!ids.has(id), what);
    ids.add(id);
  };
  await writeFile(join(dir, 'server', 'node_modules', 'dep', 'index.js'), 'dep!');
  await changed('one byte more in a dependency');
  await writeFile(join(dir, 'runtime', 'bin', 'node'), 'node 25');
  await changed('a byte of the runtime');
  await rename(
    join(dir, 'server', 'node_modules', 'dep'),
    join(dir, 'server', 'node_modules', 'deq'),
  );
  await changed('a folder renamed');
  await writeFile(join(dir, 'server', 'node_modules', 'deq', 'b.js'), '');
  await changed('an empty file added');
  if (process.platform !== 'win32') {
    await chmod(join(dir, 'runtime', 'bin', 'node'), 0o755);
    await changed('the executable bit');
    await symlink('../deq/index.js', join(dir, 'server', 'node_modules', 'link.js'));
    await changed('a symlink added');
    await unlink(join(dir, 'server', 'node_modules', 'link.js'));
    await symlink('../deq/b.js', join(dir, 'server', 'node_modules', 'link.js'));
    await changed('a symlink pointed elsewhere');
  }
});

test('the build id is written into the staged server, and writing it does not change it', async () => {
  const dir = await staged();
  const id = await writeBuildId(dir, '0.1.0');
  assert.equal(await readFile(join(dir, BUILD_ID_PATH), 'utf8'), `${id}\n`);
  assert.equal(await buildId(dir, '0.1.0'), id);
});
