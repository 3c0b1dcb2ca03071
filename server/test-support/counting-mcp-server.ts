// A small real MCP server (the SDK's version 2) that counts what reaches it, for tests that prove
// a restore, a snapshot or a fork calls nothing: each tool call and each notifications/cancelled
// it receives is a line appended to $COUNT_FILE, so counts survive its restarts.
//
//   node counting-mcp-server.ts             serves stdio
//   node counting-mcp-server.ts --http N    serves Streamable HTTP at http://127.0.0.1:N/mcp
//                                           (0: a free port), and prints `listening on port N`
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';
import { type ListeningProcess, startListeningProcess } from './processes.ts';

const SELF = fileURLToPath(import.meta.url);

/** How to start it over stdio, counting into `countFile`, as an upstream's settings say it. */
export const countingStdio = (countFile: string) => ({
  command: process.execPath,
  args: [SELF],
  env: { COUNT_FILE: countFile },
});

/**
 * It over Streamable HTTP at `url` (on `port`, or a free one), counting into `countFile`, stopped
 * after the test file.
 */
export async function startCountingHttp(
  countFile: string,
  port = 0,
): Promise<ListeningProcess & { url: string }> {
  const started = await startListeningProcess([SELF, '--http', String(port)], {
    env: { COUNT_FILE: countFile },
    ready: /listening on port (\d+)/,
  });
  return { ...started, url: `http://127.0.0.1:${started.port}/mcp` };
}

/** The lines counted so far (none before the first). */
export const readCounts = async (countFile: string): Promise<string[]> =>
  (await readFile(countFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);

/** The lines $COUNT_FILE holds: `call TOOL` for a call, `cancelled ID` for a cancel received. */
export const countLine = {
  call: (tool: string) => `call ${tool}`,
  cancelled: (id: string | number) => `cancelled ${id}`,
};

const countFile = process.env.COUNT_FILE;
const count = (line: string) => {
  if (countFile) appendFileSync(countFile, `${line}\n`);
};

/** Resolves when `signal` aborts; never otherwise. */
const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

/** Calls of `slow` in flight in this process: now, and the most at once. */
const slept = { now: 0, peak: 0 };

const text = (value: string) => ({ content: [{ type: 'text' as const, text: value }] });

function countingServer(): McpServer {
  const server = new McpServer(
    { name: 'counting-mcp-server', version: '1.0.0' },
    { capabilities: { tools: { listChanged: true } } },
  );
  const tool = <Shape extends z.ZodRawShape>(
    name: string,
    description: string,
    shape: Shape,
    handler: (
      args: z.infer<z.ZodObject<Shape>>,
      signal: AbortSignal,
      ask: (method: string) => Promise<unknown>,
    ) => Promise<object> | object,
  ) =>
    server.registerTool(name, { description, inputSchema: z.object(shape) }, (async (
      args: z.infer<z.ZodObject<Shape>>,
      ctx: {
        mcpReq: {
          signal: AbortSignal;
          send: (request: { method: string; params?: object }) => Promise<unknown>;
        };
      },
    ) => {
      count(countLine.call(name));
      return handler(args, ctx.mcpReq.signal, (method) =>
        ctx.mcpReq.send({ method, params: ASK_PARAMS[method] ?? {} }),
      );
    }) as never);

  tool('count', 'Answers how many calls reached this server', {}, () => text('counted'));
  tool('echo', 'Answers its message', { message: z.string() }, ({ message }) => text(message));
  tool('slow', 'Answers after `ms` milliseconds', { ms: z.number() }, async ({ ms }, signal) => {
    slept.now++;
    slept.peak = Math.max(slept.peak, slept.now);
    await Promise.race([new Promise((resolve) => setTimeout(resolve, ms)), aborted(signal)]);
    slept.now--;
    return text(`slept ${ms} ms`);
  });
  tool('peak', 'Answers the most calls of slow this process had in flight at once', {}, () =>
    text(String(slept.peak)),
  );
  tool('hang', 'Never answers until cancelled', {}, async (_args, signal) => {
    await aborted(signal);
    return text('cancelled');
  });
  tool('crash', 'Exits the process with code 3 before answering', {}, () => process.exit(3));
  tool('big', 'Answers `bytes` bytes of text', { bytes: z.number() }, ({ bytes }) =>
    text('x'.repeat(bytes)),
  );
  tool('fail', 'Answers a tool error (isError)', { message: z.string().optional() }, (args) => ({
    ...text(args.message ?? 'it failed'),
    isError: true,
  }));
  tool(
    'add-tool',
    'Adds a tool `name`, which answers "added", and says the list changed',
    {
      name: z.string(),
    },
    ({ name }) => {
      server.registerTool(name, { description: 'A tool added while running' }, () => text('added'));
      server.sendToolListChanged();
      return text(`added ${name}`);
    },
  );
  tool(
    'stderr',
    'Writes `lines` lines of `text` to stderr',
    {
      lines: z.number(),
      text: z.string(),
    },
    ({ lines, text: line }) => {
      for (let i = 0; i < lines; i++) process.stderr.write(`${line} ${i}\n`);
      return text(`wrote ${lines} lines`);
    },
  );
  tool(
    'echo-env',
    'Answers the value of the environment variable `name`',
    {
      name: z.string(),
    },
    ({ name }) => text(process.env[name] ?? ''),
  );
  tool('env-names', 'Answers the names of its environment variables, one a line', {}, () =>
    text(Object.keys(process.env).sort().join('\n')),
  );
  tool(
    'ask-back',
    'Sends the client a request (sampling, elicitation or roots) and answers what it got',
    {
      method: z.enum(['sampling/createMessage', 'elicitation/create', 'roots/list']),
    },
    async ({ method }, _signal, ask) => {
      try {
        return text(`answered: ${JSON.stringify(await ask(method))}`);
      } catch (error) {
        const { code, message } = error as { code?: number; message?: string };
        return text(`refused: ${code} ${message}`);
      }
    },
  );
  server.server.setNotificationHandler('notifications/cancelled', (notification) => {
    count(countLine.cancelled(notification.params.requestId ?? ''));
  });
  return server;
}

const ASK_PARAMS: Record<string, object> = {
  'sampling/createMessage': {
    messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }],
    maxTokens: 10,
  },
  'elicitation/create': {
    mode: 'form',
    message: 'your name?',
    requestedSchema: { type: 'object', properties: {} },
  },
};

async function serveHttp(port: number): Promise<void> {
  const sessions = new Map<string, NodeStreamableHTTPServerTransport>();
  const http = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/mcp')) {
      res.writeHead(404).end();
      return;
    }
    const id = req.headers['mcp-session-id'];
    let transport = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!transport) {
      const fresh = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, fresh);
        },
      });
      fresh.onclose = () => {
        if (fresh.sessionId) sessions.delete(fresh.sessionId);
      };
      await countingServer().connect(fresh);
      transport = fresh;
    }
    await transport.handleRequest(req, res);
  });
  http.listen(port, '127.0.0.1', () => {
    console.error(`listening on port ${(http.address() as AddressInfo).port}`);
  });
}

if (import.meta.main) {
  const at = process.argv.indexOf('--http');
  if (at >= 0) await serveHttp(Number(process.argv[at + 1] ?? 0));
  else await countingServer().connect(new StdioServerTransport());
}
