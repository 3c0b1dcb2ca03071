import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { HIDDEN_ARG, type LoginItemApi, loginItem } from './login-item.ts';
import { autostartDesktopEntry, autostartFile, execArgument } from './xdg-autostart.ts';

/** Windows' registry as Electron documents it: an item matches only with the args it was set with. */
function windowsRegistry(): LoginItemApi {
  let item: { args: string[] } | undefined;
  return {
    getLoginItemSettings: ({ args = [] } = {}) => ({
      openAtLogin: item !== undefined && JSON.stringify(item.args) === JSON.stringify(args),
    }),
    setLoginItemSettings: ({ openAtLogin, args = [] }) => {
      item = openAtLogin ? { args } : undefined;
    },
  };
}

const linuxOnly = {
  skip: process.platform === 'win32' && 'XDG autostart is for Linux, whose paths these are',
};

const entry = { name: 'MCP Isolate', command: ['/opt/MCP Isolate/mcp-isolate', HIDDEN_ARG] };

test('on Windows the item is read back with the args it was written with, so the box stays checked', async () => {
  const item = loginItem('win32', windowsRegistry(), entry);
  assert.equal(await item.enabled(), false);
  await item.set(true);
  assert.equal(await item.enabled(), true);
  await item.set(false);
  assert.equal(await item.enabled(), false);
});

test(
  'on Linux launch at login writes and removes an XDG autostart entry under XDG_CONFIG_HOME',
  linuxOnly,
  async () => {
    const config = await tempDir();
    const file = autostartFile({ XDG_CONFIG_HOME: config }, '/home/nobody');
    assert.equal(file, join(config, 'autostart', 'mcp-isolate.desktop'));
    const unused: LoginItemApi = {
      getLoginItemSettings: () => assert.fail('Electron does nothing on Linux'),
      setLoginItemSettings: () => assert.fail('Electron does nothing on Linux'),
    };
    const item = loginItem('linux', unused, { ...entry, file });
    assert.equal(await item.enabled(), false);
    await item.set(true);
    assert.equal(await item.enabled(), true);
    const text = await readFile(file, 'utf8');
    assert.match(text, /^\[Desktop Entry\]\nType=Application\nName=MCP Isolate\n/);
    assert.match(text, /^Exec="\/opt\/MCP Isolate\/mcp-isolate" --hidden$/m);
    await item.set(false);
    assert.equal(await item.enabled(), false);
    await assert.rejects(stat(file), { code: 'ENOENT' });
  },
);

test(
  'a relative XDG_CONFIG_HOME is ignored, as the spec says, and ~/.config is used',
  linuxOnly,
  () => {
    assert.equal(
      autostartFile({ XDG_CONFIG_HOME: 'relative/config' }, '/home/ada'),
      '/home/ada/.config/autostart/mcp-isolate.desktop',
    );
  },
);

test('Exec arguments with reserved characters are quoted and escaped as the desktop entry spec asks', () => {
  assert.equal(execArgument('/usr/bin/app'), '/usr/bin/app');
  assert.equal(execArgument('/a b/app'), '"/a b/app"');
  assert.equal(execArgument('50%'), '50%%');
  // `$` and `"` get a backslash inside the quotes, and the string's own escaping doubles it.
  assert.equal(execArgument('a$b"c'), '"a\\\\$b\\\\"c"');
  assert.equal(execArgument(''), '""');
  assert.doesNotMatch(autostartDesktopEntry({ name: 'x', command: ['a\nb'] }), /^b/m);
});

test(
  'a hidden or disabled autostart entry does not count as launch at login',
  linuxOnly,
  async () => {
    const config = await tempDir();
    const file = autostartFile({ XDG_CONFIG_HOME: config });
    const item = loginItem('linux', windowsRegistry(), { ...entry, file });
    await item.set(true);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, `${await readFile(file, 'utf8')}Hidden=true\n`);
    assert.equal(await item.enabled(), false);
  },
);
