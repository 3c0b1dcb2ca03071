import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';

/** The stderr of `mcp-isolate --stdio` until it is ready to serve, with `env` and `args`. */
async function stdioStderr(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [BIN, '--stdio', ...args], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  // An initialize answered means it serves: anything it had to say was said before.
  child.stdin.end(
    `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'w', version: '1' } } })}\n`,
  );
  await once(child, 'exit');
  return stderr;
}

test('a stdio process on another data directory than the running server warns, naming both', async () => {
  // The running app's data directory is the default one (here, by MCP_ISOLATE_DATA_DIR).
  const server = await startServerProcess();
  const env = { MCP_ISOLATE_DATA_DIR: server.dataDir };
  const other = await tempDir();
  const warned = await stdioStderr(['--data-dir', other], env);
  assert.match(warned, /warning: this stdio process uses the data directory/);
  assert.ok(warned.includes(other) && warned.includes(server.dataDir), warned);
  assert.ok(warned.includes(`--data-dir ${JSON.stringify(server.dataDir)}`), warned);
  // The same data directory joins the server: nothing to warn of.
  assert.doesNotMatch(await stdioStderr([], env), /warning/);
  // Nothing runs on the default one: nothing to warn of either.
  await server.stop();
  assert.doesNotMatch(await stdioStderr(['--data-dir', other], env), /warning/);
});
