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

/** `modern` is 2026-07-28, `legacy` 2025-11-25 (and older); SSE serves only the latter. */
type Era = 'modern' | 'legacy';

async function inspector(target: string[], era: Era, method: string[]): Promise<unknown> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [INSPECTOR, '--cli', ...target, '--protocol-era', era, ...method],
    { timeout: 60_000, env: { ...process.env, MCP_CATALOG_PATH: catalog } },
  );
  return JSON.parse(stdout);
}

const targets: Record<string, { eras: Era[]; target: () => Promise<string[]> }> = {
  'Streamable HTTP': { eras: ['modern', 'legacy'], target: async () => [`${server.url}/mcp`] },
  SSE: { eras: ['legacy'], target: async () => [`${server.url}/sse`] },
  stdio: {
    eras: ['modern', 'legacy'],
    target: async () => [process.execPath, BIN, '--stdio', '--data-dir', await tempDir()],
  },
};

// How run_js is described tells the era the server spoke: without a session, a 2026 call starts
// a new one and a 2025 call runs in its connection's own.
const SESSION_LINE: Record<Era, RegExp> = {
  modern: /Without `session` each call starts a new session, named in the result/,
  legacy: /Without `session` the code runs in this connection's own session/,
};

for (const [name, { eras, target }] of Object.entries(targets)) {
  for (const era of eras) {
    test(`the Inspector CLI lists and calls the tools over ${name} in the ${era} era`, async () => {
      const listed = (await inspector(await target(), era, ['--method', 'tools/list'])) as {
        tools: { name: string; description?: string }[];
      };
      const runJs = listed.tools.find((tool) => tool.name === 'run_js');
      assert.ok(runJs, JSON.stringify(listed));
      assert.match(runJs.description ?? '', SESSION_LINE[era]);
      const called = (await inspector(await target(), era, [
        '--method',
        'tools/call',
        '--tool-name',
        'run_js',
        '--tool-arg',
        'code=[1, 2, 3].map((n) => n * 2)',
      ])) as { structuredContent: { value: string }; _meta?: Record<string, unknown> };
      assert.equal(called.structuredContent.value, '[ 2, 4, 6 ]');
      // A 2026 result names its server in its _meta; a 2025 one, answering an initialized
      // connection, does not.
      assert.deepEqual(
        (called._meta?.['io.modelcontextprotocol/serverInfo'] as { name?: string } | undefined)
          ?.name,
        era === 'modern' ? 'mcp-isolate' : undefined,
      );
    });
  }
}
