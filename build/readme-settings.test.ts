import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { DEFAULT_LIMITS } from '../contract/limits.ts';
import { SETTINGS } from '../contract/settings-registry.ts';
import { README, settingsTable, tableIn } from './readme-settings.ts';

test("the README's settings table is the one the settings registry makes", async () => {
  const table = tableIn(await readFile(README, 'utf8'));
  assert.ok(table !== undefined, "README.md's settings table lost its markers");
  assert.equal(
    table,
    settingsTable(),
    'README.md drifted from the registry: run npm run readme-settings',
  );
});

test('the table has a row for every setting, each naming its flag, variable and default', () => {
  const rows = settingsTable().split('\n').slice(2);
  assert.equal(rows.length, SETTINGS.length);
  assert.ok(
    rows.includes(
      "| `packageBundleBytes` | `--package-bundle-bytes N` | `MCP_ISOLATE_PACKAGE_BUNDLE_BYTES` | 20971520 | one package's bundle, the script a run loads (bytes) |",
    ),
  );
  assert.ok(
    rows.some((row) =>
      row.startsWith(
        '| `allowNet` | `--allow-net PATTERN (repeatable)` | `MCP_ISOLATE_ALLOW_NET (commas)` | none: fetch is off |',
      ),
    ),
  );
});

test('the MCP servers row takes JSON from its flag and variable, says what none means, and that it is secret', () => {
  const row = settingsTable()
    .split('\n')
    .find((line) => line.startsWith('| `mcpServers` |'));
  assert.ok(
    row?.startsWith(
      '| `mcpServers` | `--mcp-servers JSON` | `MCP_ISOLATE_MCP_SERVERS` | none: code cannot call other MCP servers | other MCP servers code may call through the global mcp, as JSON: {"NAME": {"command", "args", "env", "cwd"} or {"url", "headers"}, ',
    ),
    row,
  );
  assert.ok(row?.endsWith('; secret: masked in the window and the admin API |'), row);
});

test("the README's table of limits gives each limit's default as the registry does", async () => {
  const readme = await readFile(README, 'utf8');
  const section = readme.slice(readme.indexOf('### Limits'), readme.indexOf('## Network access'));
  const defaults = Object.fromEntries(
    [...section.matchAll(/^\| `(\w+)`[^|]*\| (\d+) *\|/gm)].map(([, key, value]) => [
      key,
      Number(value),
    ]),
  );
  assert.deepEqual(defaults, DEFAULT_LIMITS);
});
