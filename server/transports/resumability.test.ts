import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServerProcess } from '../test-support/server-process.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const server = await startServerProcess();
const VERSION = '2025-11-25';

/** Reads an SSE body until `until` matches what arrived; answers the text so far. */
async function readUntil(body: ReadableStream<Uint8Array>, until: RegExp): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!until.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

test('a Streamable HTTP client whose stream broke resumes it with Last-Event-ID', async () => {
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  const initialized = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: VERSION,
        capabilities: {},
        clientInfo: { name: 'r', version: '1' },
      },
    }),
  });
  const session = initialized.headers.get('mcp-session-id') as string;
  await initialized.text();
  const inSession = { ...headers, 'mcp-session-id': session, 'mcp-protocol-version': VERSION };
  await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: inSession,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  // A run that takes a while; the stream breaks after its first event.
  const aborter = new AbortController();
  const call = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: inSession,
    signal: aborter.signal,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: {
        name: 'run_js',
        arguments: { session: 'slow', code: 'let s = 0; for (let i = 0; i < 3e8; i++) s += 1; s' },
      },
    }),
  });
  const first = await readUntil(call.body as ReadableStream<Uint8Array>, /id: \S+/);
  const lastEventId = /id: (\S+)/.exec(first)?.[1] as string;
  aborter.abort();
  // Until the server has seen the old stream go, it answers 409; a client retries, as here.
  let resumed: Response | undefined;
  await waitUntil(async () => {
    await resumed?.body?.cancel();
    resumed = await fetch(`${server.url}/mcp`, {
      headers: { ...inSession, accept: 'text/event-stream', 'last-event-id': lastEventId },
    });
    return resumed.status === 200;
  }, 'the server to let the stream resume');
  const replay = await readUntil(resumed?.body as ReadableStream<Uint8Array>, /"id":2/);
  assert.match(replay, /"value":"300000000"/);
  await resumed?.body?.cancel();
});
