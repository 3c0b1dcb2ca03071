import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LIMITS } from '../../contract/limits.ts';
import { RUN_ERROR_CODES, RUN_ERRORS } from '../../contract/run-errors.ts';
import { limitBroken, RunError } from './run-errors.ts';

test('a run error takes its name from the one table of run errors', () => {
  for (const code of RUN_ERROR_CODES) {
    const error = new RunError(code, 'why');
    assert.deepEqual(error.info, { code, name: RUN_ERRORS[code].name, message: 'why' });
  }
});

test('a broken limit names its setting and value, and leaves its kind to the error name', () => {
  const limits = { ...DEFAULT_LIMITS, timeoutMs: 1234, memoryMb: 64, outputBytes: 2048 };
  assert.deepEqual(
    [
      limitBroken.timeout(limits).info,
      limitBroken.memory(limits).info,
      limitBroken.output(limits).info,
      limitBroken.codeSize({ codeBytes: 16 }, 20).info,
      limitBroken.netRequests({ netRequests: 3 }).info,
      limitBroken.responseSize({ netResponseBytes: 1024 }, 'http://a.test/x').info,
      limitBroken.netTotal({ netTotalBytes: 4096 }, 'http://a.test/y').info,
      limitBroken.unpackedSize({ packageTarballBytes: 1024 }, 'a@1.0.0', 'b@2.0.0').info,
      limitBroken.packageFiles({ packageFiles: 10 }, 'a@1.0.0', 'b@2.0.0').info,
      limitBroken.mcpCalls({ mcpCalls: 5 }).info,
      limitBroken.mcpResult({ mcpResultBytes: 1024 }, 'github.search').info,
      limitBroken.mcpArguments({ mcpResultBytes: 1024 }, 'github.search').info,
      limitBroken.mcpTotal({ mcpTotalBytes: 2048 }, 'github.search').info,
    ].map(({ code, message }) => [code, message]),
    [
      ['timeout', 'the run took longer than the limit timeoutMs=1234'],
      ['memory_limit', 'the isolate ran out of its memoryMb=64 MiB'],
      ['output_limit', 'console output and result exceeded outputBytes=2048'],
      ['code_size', "the code's 20 bytes exceed codeBytes=16"],
      ['net_requests', 'the run made more than netRequests=3 fetch requests'],
      ['response_size', 'the body from http://a.test/x exceeded netResponseBytes=1024'],
      [
        'net_bytes',
        "the run's fetch responses came to more than netTotalBytes=4096 in all, at http://a.test/y",
      ],
      [
        'tarball_size',
        'the tarballs of a@1.0.0 and its dependencies come to more than 10 × packageTarballBytes=1024, past it at b@2.0.0',
      ],
      [
        'package_files',
        'a@1.0.0 and its dependencies unpack to more than packageFiles=10 files, past it at b@2.0.0',
      ],
      ['mcp_calls', 'the run made more than mcpCalls=5 MCP tool calls'],
      [
        'mcp_result_size',
        'the result of github.search exceeded mcpResultBytes=1024 (the tool ran all the same)',
      ],
      [
        'mcp_result_size',
        'the arguments of github.search exceeded mcpResultBytes=1024; the call was not made',
      ],
      [
        'mcp_bytes',
        "the run's MCP results came to more than mcpTotalBytes=2048 in all, at github.search",
      ],
    ],
  );
});
