import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServerProcess } from '../test-support/server-process.ts';

// The official MCP conformance suite's 0.2.0 pre-release, which knows the 2026-07-28 era, against
// a real server, in both eras it serves on /mcp. 0.1.16 (conformance.test.ts) keeps running the
// 2025 scenarios it has; this one adds its newer checks and the scenarios 0.1.16 lacks.
//
// The scenarios that apply to a tools-only server. Left out: the tools-call-*, json-schema-2020-12
// and input-required-result-* scenarios that call the suite's own fixture tools, and
// http-custom-header-server-validation, which needs a tool with x-mcp-header annotations (this
// server has none of them); completion, logging, resources and prompts, which it does not offer.
const SCENARIOS: Record<string, string[]> = {
  '2026-07-28': [
    'server-stateless',
    'tools-list',
    'caching',
    'http-header-validation',
    'dns-rebinding-protection',
    'server-sse-multiple-streams',
    'input-required-result-unsupported-methods',
  ],
  '2025-11-25': [
    'server-initialize',
    'server-session-lifecycle',
    'ping',
    'tools-list',
    'dns-rebinding-protection',
    'server-sse-multiple-streams',
  ],
};

// Checks that cannot apply to this server, each with the reason; the suite fails the run on any
// other failure, and on an entry here that passes.
const EXPECTED_FAILURES = fileURLToPath(
  new URL('./conformance-expected-failures.yml', import.meta.url),
);

const require = createRequire(import.meta.url);
const CONFORMANCE = require.resolve('@modelcontextprotocol/conformance-next/dist/index.js');
const server = await startServerProcess();

for (const [version, scenarios] of Object.entries(SCENARIOS)) {
  for (const scenario of scenarios) {
    test(`the conformance suite's ${scenario} scenario passes in ${version}`, async () => {
      const run = await promisify(execFile)(
        process.execPath,
        [
          CONFORMANCE,
          'server',
          '--url',
          `${server.url}/mcp`,
          '--scenario',
          scenario,
          '--spec-version',
          version,
          '--expected-failures',
          EXPECTED_FAILURES,
        ],
        { timeout: 120_000 },
      ).catch((error: { stdout?: string; stderr?: string }) => {
        assert.fail(`${error.stdout ?? ''}${error.stderr ?? ''}` || String(error));
      });
      // A scenario the suite skips (not applicable at the version) exits 0 having checked nothing.
      const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(run.stdout);
      assert.ok(summary, run.stdout);
      assert.ok(Number(summary[2]) > 0, run.stdout);
    });
  }
}
