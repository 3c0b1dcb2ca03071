import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { _electron as electron } from 'playwright-core';
import { electronBinary } from '../../bin/electron-binary.mjs';
import { tempDir } from '../../server/test-support/temp-dir.ts';

// The desktop app itself, in Electron. The Electron binary is a download that `npm install`
// skips here; where it exists (the release workflow fetches it), these specs run.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const binary = electronBinary();
if (!binary.path) {
  console.log(`Electron specs did not run: ${binary.why}`);
}

test('the app launches, shows the server state and live sessions, and the toggle stops MCP', {
  skip: binary.why,
}, async () => {
  const userData = await tempDir();
  const app = await electron.launch({
    executablePath: binary.path,
    args: [ROOT, `--user-data-dir=${userData}`],
    cwd: ROOT,
  });
  try {
    const window = await app.firstWindow();
    await window.getByTestId('server-state').getByText('Running').waitFor({ timeout: 60_000 });
    const tray = await app.evaluate(() =>
      (globalThis as { mcpIsolateTray?: () => unknown }).mcpIsolateTray?.(),
    );
    assert.equal((tray as { icon: string }).icon, 'running');

    const { url } = JSON.parse(await readFile(join(userData, 'server.json'), 'utf8'));
    const client = new Client({ name: 'electron-spec', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
    await client.callTool({ name: 'run_js', arguments: { session: 'from-spec', code: '1 + 1' } });
    await window
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Sessions/ })
      .click();
    await window.getByRole('button', { name: /^from-spec\b/ }).waitFor();

    await window
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Server/ })
      .click();
    await window.getByRole('button', { name: 'Stop server' }).click();
    await window.getByTestId('server-state').getByText('Stopped').waitFor();
    assert.equal((await fetch(`${url}/mcp`, { method: 'POST', body: '{}' })).status, 503);
    await client.close().catch(() => undefined);
  } finally {
    await app.close();
  }
});
