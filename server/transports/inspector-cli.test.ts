import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';

// The MCP Inspector's CLI: an independent client implementation, from the registry.
const require = createRequire(import.meta.url);
const INSPECTOR = join(
  require.resolve('@modelcontextprotocol/inspector/package.json'),
  '..',
  'clients/launcher/build/index.js',
);
const server = await startServerProcess();
// The Inspector keeps a catalog of servers; keep it out of the home directory.
const catalog = join(await tempDir(), 'catalog.json');

async function inspector(target: string[], method: string[]): Promise<unknown> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [INSPECTOR, '--cli', ...target, ...method],
    { timeout: 60_000, env: { ...process.env, MCP_CATALOG_PATH: catalog } },
  );
  return JSON.parse(stdout);
}

const targets: Record<string, () => Promise<string[]>> = {
  'Streamable HTTP': async () => [`${server.url}/mcp`],
  SSE: async () => [`${server.url}/sse`],
  stdio: async () => [process.execPath, BIN, '--stdio', '--data-dir', await tempDir()],
};

for (const [name, target] of Object.entries(targets)) {
  test(`the Inspector CLI lists and calls the tools over ${name}`, async () => {
    const listed = (await inspector(await target(), ['--method', 'tools/list'])) as {
      tools: { name: string }[];
    };
    assert.ok(listed.tools.some((tool) => tool.name === 'run_js'));
    const called = (await inspector(await target(), [
      '--method',
      'tools/call',
      '--tool-name',
      'run_js',
      '--tool-arg',
      'code=[1, 2, 3].map((n) => n * 2)',
    ])) as { structuredContent: { value: string } };
    assert.equal(called.structuredContent.value, '[ 2, 4, 6 ]');
  });
}
