// A hand-written legacy-SSE MCP server (no SDK) for what an SDK server would never do: an event
// stream that never names its endpoint, CRLF line ends (as the Python SDK's sse-starlette writes
// them), and a stream that ends with `retry: 0` so an EventSource would come straight back. GET
// /sse opens the stream, POST /messages takes requests, answers go on the stream. Each GET is a
// line `GET N` on stderr.
//
//   node hostile-sse-server.ts [--silent] [--crlf] [--flapping]   prints `listening on port N`
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type ListeningProcess, startListeningProcess } from './processes.ts';

export interface HostileSseOptions {
  /** The stream never sends its endpoint event, nor anything but a comment. */
  silent?: boolean;
  /** Lines end with CRLF. */
  crlf?: boolean;
  /** Each stream says `retry: 0`; the first ends once a call is answered, later ones at once. */
  flapping?: boolean;
}

/** It at `url`, stopped after the test file; `gets()` counts the event streams asked of it. */
export async function startHostileSse(
  options: HostileSseOptions = {},
): Promise<ListeningProcess & { url: string; gets: () => number }> {
  const flags = Object.entries(options).flatMap(([flag, on]) => (on ? [`--${flag}`] : []));
  const started = await startListeningProcess([fileURLToPath(import.meta.url), ...flags], {
    ready: /listening on port (\d+)/,
  });
  return {
    ...started,
    url: `http://127.0.0.1:${started.port}/sse`,
    gets: () => started.stderr().match(/^GET \d+$/gm)?.length ?? 0,
  };
}

interface Request {
  id?: number | string;
  method: string;
  params?: { name?: string; arguments?: { bytes?: number; message?: string } };
}

const text = (value: string) => ({ content: [{ type: 'text', text: value }] });

function result({ method, params }: Request): object {
  if (method === 'initialize') {
    return {
      protocolVersion: '2025-06-18',
      capabilities: { tools: {} },
      serverInfo: { name: 'hostile-sse-server', version: '1.0.0' },
    };
  }
  if (method === 'tools/list') {
    return {
      tools: [
        { name: 'big', description: 'answers `bytes` bytes', inputSchema: { type: 'object' } },
        { name: 'echo', description: 'answers `message`', inputSchema: { type: 'object' } },
      ],
    };
  }
  if (method === 'tools/call' && params?.name === 'big') {
    return text('x'.repeat(Number(params.arguments?.bytes ?? 0)));
  }
  if (method === 'tools/call') return text(String(params?.arguments?.message ?? ''));
  return {};
}

function serve(flags: string[]): void {
  const eol = flags.includes('--crlf') ? '\r\n' : '\n';
  const flapping = flags.includes('--flapping');
  let stream: ServerResponse | undefined;
  let gets = 0;
  const send = (event: string, data: string) =>
    stream?.write(`event: ${event}${eol}data: ${data}${eol}${eol}`);
  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/sse')) {
      process.stderr.write(`GET ${++gets}\n`);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      stream = res;
      if (flags.includes('--silent')) {
        res.write(`: hello${eol}${eol}`);
        return;
      }
      if (flapping) res.write(`retry: 0${eol}`);
      send('endpoint', '/messages');
      if (flapping && gets > 1) res.end();
      return;
    }
    if (req.method === 'POST' && req.url?.startsWith('/messages')) {
      let body = '';
      for await (const chunk of req) body += chunk;
      res.writeHead(202).end('Accepted');
      const request = JSON.parse(body) as Request;
      if (request.id === undefined) return;
      send('message', JSON.stringify({ jsonrpc: '2.0', id: request.id, result: result(request) }));
      if (flapping && request.method === 'tools/call') stream?.end();
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1', () => {
    process.stderr.write(`listening on port ${(server.address() as AddressInfo).port}\n`);
  });
}

if (import.meta.main) serve(process.argv.slice(2));
