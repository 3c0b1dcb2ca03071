import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UpstreamServerInfo } from '../../../contract/mcp-upstreams.ts';
import { lastError, startingText, upstreamFacts, upstreamState } from './upstream-rows.ts';

const server = (fields: Partial<UpstreamServerInfo> = {}): UpstreamServerInfo => ({
  name: 'counting',
  transport: 'stdio',
  state: 'ready',
  stderrTail: [],
  calls: 0,
  ...fields,
});

const tool = (name: string, allowed = true) => ({ name, inputSchema: { type: 'object' }, allowed });

test('each state reads as words, and a failed one says why', () => {
  assert.deepEqual(upstreamState(server()), { text: 'Ready', tone: 'ok' });
  assert.equal(upstreamState(server({ state: 'starting' })).tone, 'pending');
  assert.match(
    upstreamState(server({ state: 'stopped' })).text,
    /^Stopped: it starts at its next call/,
  );
  assert.match(upstreamState(server({ state: 'disabled' })).text, /^Disabled in Settings/);
  assert.deepEqual(
    upstreamState(server({ state: 'failed', error: 'exited 3 times within 10 s' })),
    {
      text: 'Failed: exited 3 times within 10 s',
      tone: 'failed',
    },
  );
});

test("a server's facts give its transport, pid, calls and how many of its tools code may call", () => {
  assert.equal(
    upstreamFacts(server({ pid: 4242, calls: 1, tools: [tool('a'), tool('b')] })),
    'stdio · pid 4242 · 1 call · 2 tools',
  );
  assert.equal(
    upstreamFacts(
      server({ transport: 'streamable-http', calls: 3, tools: [tool('a'), tool('b', false)] }),
    ),
    'Streamable HTTP · 3 calls · 1 of 2 tools allowed',
  );
  assert.equal(upstreamFacts(server({ transport: 'sse', state: 'stopped' })), 'SSE · 0 calls');
});

test('the view counts the servers a start waits for, and says nothing when none is to start', () => {
  const servers = [
    server({ state: 'stopped' }),
    server({ state: 'starting' }),
    server(),
    server({ state: 'disabled' }),
  ];
  assert.equal(startingText(servers), 'Starting 2 servers…');
  assert.equal(startingText([server({ state: 'stopped' })]), 'Starting 1 server…');
  assert.equal(startingText([server(), server({ state: 'failed' })]), undefined);
});

test('the last error shows apart only when the state does not already say it', () => {
  assert.equal(lastError(server({ error: 'call timed out' })), 'call timed out');
  assert.equal(lastError(server({ state: 'failed', error: 'exited' })), undefined);
});
