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

test('an SSE server writing CRLF line ends answers twenty 100 KB results over one session', async () => {
  const { url } = await startHostileSse({ crlf: true });
  // A stream's bound is then 1.5 MiB an event: the session's 2 MB in all must not count as one.
  const up = await testUpstreams({ crlf: { url } }, { maxResultBytes: 256 * 1024 });
  for (let i = 0; i < 20; i++) {
    const answer = await up.call('crlf', 'big', { bytes: 100_000 });
    assert.ok('result' in answer, `call ${i}: ${JSON.stringify(answer)}`);
  }
});

test('a message over the bound on an SSE stream fails the call at once, saying so, and closes the connection', async () => {
  const { url } = await startHostileSse();
  const up = await testUpstreams({ big: { url } }, { maxResultBytes: 256 * 1024 });
  assert.ok('result' in (await up.call('big', 'big', { bytes: 10 })));
  // Without the cut being told, the call would wait out its whole time.
  const answer = await up.call('big', 'big', { bytes: 4_000_000 }, { timeoutMs: 600_000 });
  assert.ok('failed' in answer, JSON.stringify(answer));
  assert.match(answer.failed.message, /"big" sent a message over 1572864 bytes/);
  await up.until('big', (s) => s.state === 'stopped');
  assert.ok('result' in (await up.call('big', 'echo', { message: 'again' })));
});

test('an SSE stream that ends with retry: 0 closes the connection rather than coming back at once', async () => {
  const flapping = await startHostileSse({ flapping: true });
  const up = await testUpstreams({ flapping: { url: flapping.url } });
  assert.ok('result' in (await up.call('flapping', 'echo', { message: 'hi' })));
  await up.until('flapping', (s) => s.state === 'stopped');
  assert.equal(flapping.gets(), 1);
  assert.ok(up.lines.some((line) => line.includes('its event stream ended')));
});
