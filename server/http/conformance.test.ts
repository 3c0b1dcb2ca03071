import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startServerProcess } from '../test-support/server-process.ts';

// The official MCP conformance suite, from the registry, against a real server. The scenarios
// that apply: this server offers tools (no resources, prompts, completions or logging), and the
// scenarios that need their own test tools (sse-polling, tools-call-*) do not apply to it.
const SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'dns-rebinding-protection',
  'server-sse-multiple-streams',
];

const require = createRequire(import.meta.url);
const CONFORMANCE = require.resolve('@modelcontextprotocol/conformance/dist/index.js');
const server = await startServerProcess();

for (const scenario of SCENARIOS) {
  test(`conformance: ${scenario}`, async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CONFORMANCE, 'server', '--url', `${server.url}/mcp`, '--scenario', scenario],
      { timeout: 120_000 },
    );
    const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(stdout);
    assert.ok(summary, stdout);
    const [, passed, total, failed] = summary;
    assert.equal(failed, '0', stdout);
    assert.equal(passed, total, stdout);
  });
}
