import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startHostileSse } from '../test-support/hostile-sse-server.ts';
import { testUpstreams } from '../test-support/upstream-manager.ts';

test('an SSE server that never sends its endpoint fails its start at the bound, saying so', async () => {
  const { url } = await startHostileSse({ silent: true });
  const up = await testUpstreams({ silent: { url } }, { startMs: 1000 });
  const answer = await up.call('silent', 'echo');
  assert.ok('failed' in answer, JSON.stringify(answer));
  assert.match(answer.failed.message, /"silent" did not answer the start in time/);
  assert.equal(up.status('silent')?.state, 'stopped');
});

test('stopping the manager while an SSE start waits for its endpoint gives the start up at once', async () => {
  const { url } = await startHostileSse({ silent: true });
  const up = await testUpstreams({ silent: { url } }, { startMs: 600_000 });
  const calling = up.call('silent', 'echo', {}, { timeoutMs: 600_000 });
  await up.until('silent', (s) => s.state === 'starting');
  await up.manager.close();
  const answer = await calling;
  assert.ok('failed' in answer, JSON.stringify(answer));
  assert.match(
    answer.failed.message,
    /"silent" was stopped during the start: MCP Isolate is stopping/,
  );
});
