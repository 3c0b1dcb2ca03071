// The packages' after-remove script, templated as electron-builder templates it and run by bash
// with a stand-in user database: what a removal and an upgrade leave in users' homes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '../../server/test-support/temp-dir.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = join(ROOT, 'build', 'linux', 'after-remove.sh');
const BUILDER = join(
  ROOT,
  'node_modules',
  'app-builder-lib',
  'templates',
  'linux',
  'after-remove.tpl',
);
const skip = process.platform === 'win32' ? 'a Linux package script' : undefined;

/** writeConfigFile in app-builder-lib/out/targets/FpmTarget.js: `${name}` macros, unknown ones refused. */
function template(text: string): string {
  const macros: Record<string, string> = {
    executable: 'mcp-isolate',
    sanitizedProductName: 'MCP Isolate',
  };
  return text.replace(/\${([a-zA-Z]+)}/g, (_, name: string) => {
    const value = macros[name];
    if (value === undefined) throw new Error(`Macro ${name} is not defined`);
    return value;
  });
}

const commands = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

test("the script keeps every command of electron-builder's own after-remove, in order, before its own", async () => {
  const own = commands(await readFile(SCRIPT, 'utf8'));
  const builders = commands(await readFile(BUILDER, 'utf8'));
  assert.deepEqual(own.slice(0, builders.length), builders);
});

/** Two users' homes, each with an autostart entry, and stand-ins for getent and update-alternatives. */
async function machine() {
  const root = await tempDir();
  const homes = [join(root, 'home', 'ada'), join(root, 'home', 'lin')];
  for (const home of homes) {
    await mkdir(join(home, '.config', 'autostart'), { recursive: true });
    await writeFile(join(home, '.config', 'autostart', 'mcp-isolate.desktop'), '[Desktop Entry]\n');
    await writeFile(join(home, '.config', 'autostart', 'other.desktop'), '[Desktop Entry]\n');
  }
  const bin = join(root, 'bin');
  await mkdir(bin);
  const passwd = [
    'root:x:0:0:root:/nonexistent-root:/bin/bash',
    'nobody:x:65534:65534::/:/bin/false',
  ]
    .concat(homes.map((home, i) => `u${i}:x:${1000 + i}:${1000 + i}::${home}:/bin/bash`))
    .join('\n');
  await writeFile(join(bin, 'getent'), `#!/bin/sh\ncat <<'END'\n${passwd}\nEND\n`);
  await writeFile(
    join(bin, 'update-alternatives'),
    `#!/bin/sh\necho "$@" >> '${root}/alternatives'\n`,
  );
  await chmod(join(bin, 'getent'), 0o755);
  await chmod(join(bin, 'update-alternatives'), 0o755);
  const script = join(root, 'after-remove');
  await writeFile(script, template(await readFile(SCRIPT, 'utf8')), { mode: 0o755 });
  const entries = () =>
    homes.map((home) => [
      existsSync(join(home, '.config', 'autostart', 'mcp-isolate.desktop')),
      existsSync(join(home, '.config', 'autostart', 'other.desktop')),
    ]);
  const removal = (arg: string) =>
    run('bash', [script, arg], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  return { root, entries, removal };
}

for (const [how, arg] of [
  ['a deb removed', 'remove'],
  ['a deb purged', 'purge'],
  ['an rpm erased', '0'],
] as const) {
  test(`${how} takes every user's autostart entry, and nothing else, and its command's link`, {
    skip,
  }, async () => {
    const { root, entries, removal } = await machine();
    await removal(arg);
    assert.deepEqual(entries(), [
      [false, true],
      [false, true],
    ]);
    assert.equal(
      await readFile(join(root, 'alternatives'), 'utf8'),
      '--remove mcp-isolate /opt/MCP Isolate/mcp-isolate\n',
    );
  });
}

for (const [how, arg] of [
  ['a deb upgraded', 'upgrade'],
  ['an rpm upgraded', '1'],
] as const) {
  test(`${how} keeps the users' autostart entries`, { skip }, async () => {
    const { entries, removal } = await machine();
    await removal(arg);
    assert.deepEqual(entries(), [
      [true, true],
      [true, true],
    ]);
  });
}
