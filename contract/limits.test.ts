import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LIMITS, resolveLimits } from './limits.ts';

test('limits default as documented', () => {
  assert.deepEqual(resolveLimits(), {
    timeoutMs: 30_000,
    memoryMb: 128,
    outputBytes: 1024 * 1024,
    codeBytes: 1024 * 1024,
    fileBytes: 16 * 1024 * 1024,
    sessionFileBytes: 64 * 1024 * 1024,
    sessionFiles: 1000,
    displayBytes: 4 * 1024 * 1024,
    netRequests: 100,
    netResponseBytes: 10 * 1024 * 1024,
    netTotalBytes: 32 * 1024 * 1024,
    packageTarballBytes: 50 * 1024 * 1024,
    packageBundleBytes: 20 * 1024 * 1024,
    packageFiles: 100_000,
    mcpCalls: 100,
    mcpResultBytes: 10 * 1024 * 1024,
    mcpTotalBytes: 32 * 1024 * 1024,
  });
  assert.deepEqual(resolveLimits({ timeoutMs: 500 }), { ...DEFAULT_LIMITS, timeoutMs: 500 });
});

test('a bad limit is rejected with its name and range', () => {
  assert.throws(() => resolveLimits({ memoryMb: 1 }), /memoryMb must be a whole number from 8/);
  assert.throws(() => resolveLimits({ timeoutMs: 'soon' }), /timeoutMs .* got soon/);
  assert.throws(() => resolveLimits({ outputBytes: 1.5 }), /outputBytes/);
});
