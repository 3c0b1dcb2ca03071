// A real HTTP site on 127.0.0.1 for the sandbox's fetch to reach in tests: a few routes, and
// every request it received (method, path, headers, body) for the tests to look at.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RemoteSite {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `127.0.0.1:PORT`, as allowNet names it. */
  host: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * Routes: `/text` (hello), `/counter` (JSON `{ n }` that grows with every request: a replay that
 * fetched again would see another number), `/echo` (the request as JSON), `/redirect?to=URL`
 * (`&status=`, default 302), `/bytes?n=N` (N bytes of "x"), `/slow?ms=N` (answers after N ms).
 */
export async function startRemoteSite(): Promise<RemoteSite> {
  const received: ReceivedRequest[] = [];
  let counter = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://remote');
      const body = Buffer.concat(chunks).toString();
      received.push({
        method: request.method ?? '',
        path: url.pathname,
        headers: request.headers,
        body,
      });
      const send = (status: number, type: string, text: string | Buffer, extra = {}) => {
        response.writeHead(status, { 'content-type': type, 'x-remote': 'yes', ...extra });
        response.end(text);
      };
      switch (url.pathname) {
        case '/text':
          return send(200, 'text/plain', 'hello');
        case '/counter':
          counter++;
          return send(200, 'application/json', JSON.stringify({ n: counter }));
        case '/echo':
          return send(
            200,
            'application/json',
            JSON.stringify({ method: request.method, headers: request.headers, body }),
          );
        case '/redirect':
          return send(Number(url.searchParams.get('status') ?? 302), 'text/plain', '', {
            location: url.searchParams.get('to') ?? '/text',
          });
        case '/bytes':
          return send(
            200,
            'application/octet-stream',
            Buffer.alloc(Number(url.searchParams.get('n')), 'x'),
          );
        case '/slow':
          setTimeout(() => send(200, 'text/plain', 'late'), Number(url.searchParams.get('ms')));
          return;
        default:
          return send(404, 'text/plain', 'not found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
