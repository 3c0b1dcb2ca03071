// The SDK's version 2 alone, serving one `echo` tool in either protocol era: the floor of a
// 2026-07-28 round trip, which server-everything (2025 only) cannot give. `--stdio` serves
// stdio (the SDK's serveStdio, the era the client opens with); otherwise Streamable HTTP on
// `PORT`, a 2025 client in a session of its own (NodeStreamableHTTPServerTransport), a 2026
// request by the SDK's createMcpHandler with a fresh server, the way the SDK documents both.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { NodeStreamableHTTPServerTransport, toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, isInitializeRequest } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { echoServer } from './sdk-echo-tool.ts';

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

if (process.argv.includes('--stdio')) {
  serveStdio(() => echoServer());
} else {
  const sessions = new Map<string, NodeStreamableHTTPServerTransport>();
  const modern = toNodeHandler(createMcpHandler(() => echoServer(), { legacy: 'reject' }));
  const http = createServer(async (req, res) => {
    const body = req.method === 'POST' ? await jsonBody(req) : undefined;
    const id = req.headers['mcp-session-id'];
    const session = typeof id === 'string' ? sessions.get(id) : undefined;
    if (session) {
      await session.handleRequest(req, res, body);
    } else if (isInitializeRequest(body)) {
      const transport = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (sid) => {
          sessions.set(sid, transport);
        },
      });
      await echoServer().connect(transport);
      await transport.handleRequest(req, res, body);
    } else {
      await modern(req, res, body);
    }
  });
  http.listen(Number(process.env.PORT), '127.0.0.1', () => {
    console.error(`sdk-echo listening on port ${process.env.PORT}`);
  });
}
