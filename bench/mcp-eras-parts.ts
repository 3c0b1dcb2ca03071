// Where a 2026-07-28 request's time goes on the server, timed in this process (no HTTP, a stub
// run): building a web Request and classifying the era (every POST on /mcp pays it since issue
// 28), a fresh MCP server with its tools and what the SDK derives from them anew for each 2026
// request, and the SDK's whole 2026 handler, against a 2025 session's live server. The round
// trips, with the SDK's own echo server in each era, are in mcp-before-after.ts.
import type { IncomingMessage } from 'node:http';
import { toWebRequest } from '@modelcontextprotocol/node';
import {
  createMcpHandler,
  InMemoryTransport,
  isLegacyRequest,
  type JSONRPCMessage,
  McpServer,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import { createMcpServer } from '../server/mcp/mcp-server.ts';
import { ToolDispatcher } from '../server/mcp/tool-dispatcher.ts';
import { runJsOutput, runJsTool } from '../server/mcp/tool-schemas.ts';
import { MessageLog } from '../server/messages/message-log.ts';
import { UpstreamManager } from '../server/upstream/upstream-manager.ts';
import { benchEngine } from './bench-engine.ts';
import type { ClientEra } from './mcp-processes.ts';
import { echoServer } from './sdk-echo-tool.ts';
import { median, ms, timeEach } from './stats.ts';

const PARTS = 2000;

/** The headers and body of a tools/call POST as the SDK's version 2 client sends it. */
function toolsCall(
  era: ClientEra,
  tool: 'run_js' | 'echo' = 'run_js',
): { req: IncomingMessage; body: unknown } {
  const modern = era === '2026';
  const headers = {
    host: '127.0.0.1:4000',
    accept: 'application/json, text/event-stream',
    'content-type': 'application/json',
    'mcp-protocol-version': modern ? '2026-07-28' : '2025-11-25',
    ...(modern
      ? { 'mcp-method': 'tools/call', 'mcp-name': tool }
      : { 'mcp-session-id': '4baa36ac-da7a-4cbb-9672-f761adeb8354' }),
  };
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const body = {
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      name: tool,
      arguments: tool === 'echo' ? { message: 'hi' } : { session: 'bench', code: '1 + 1' },
      ...(modern && { _meta: meta }),
    },
  };
  // What toWebRequest reads of a Node request when the body is parsed already.
  const req = { method: 'POST', url: '/mcp', headers } as unknown as IncomingMessage;
  return { req, body };
}

/**
 * A 2025 session's MCP Isolate server, live over the SDK's in-memory transport after the
 * handshake: what a tools/call costs its server once it exists (no HTTP).
 */
async function liveServerCall(dispatcher: ToolDispatcher): Promise<() => Promise<unknown>> {
  const [client, server] = InMemoryTransport.createLinkedPair();
  await createMcpServer(dispatcher, { connection: { id: 'bench' }, era: 'legacy' }).connect(server);
  const waiting = new Map<number, (message: JSONRPCMessage) => void>();
  client.onmessage = (message) => {
    if ('id' in message && typeof message.id === 'number') waiting.get(message.id)?.(message);
  };
  await client.start();
  let id = 0;
  const request = (method: string, params: Record<string, unknown>) => {
    const sent = ++id;
    const answered = new Promise<JSONRPCMessage>((resolve) => waiting.set(sent, resolve));
    void client.send({ jsonrpc: '2.0', id: sent, method, params });
    return answered.finally(() => waiting.delete(sent));
  };
  await request('initialize', {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'bench', version: '1.0.0' },
  });
  await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return () =>
    request('tools/call', { name: 'run_js', arguments: { session: 'bench', code: '1 + 1' } });
}

/** `schema` whose JSON Schema (what the SDK asks of `~standard.jsonSchema`) is made once. */
function memoiseJsonSchema<T extends z.ZodType>(schema: T): T {
  const standard = schema['~standard'] as T['~standard'] & {
    jsonSchema: Record<'input' | 'output', (options: unknown) => Record<string, unknown>>;
  };
  const made: { input?: Record<string, unknown>; output?: Record<string, unknown> } = {};
  const jsonSchema = {
    input: (options: unknown) => {
      made.input ??= standard.jsonSchema.input(options);
      return made.input;
    },
    output: (options: unknown) => {
      made.output ??= standard.jsonSchema.output(options);
      return made.output;
    },
  };
  return new Proxy(schema, {
    get: (target, key, receiver) =>
      key === '~standard' ? { ...standard, jsonSchema } : Reflect.get(target, key, receiver),
  });
}

async function part(name: string, task: () => unknown) {
  await timeEach(PARTS / 10, async () => task());
  const samples = await timeEach(PARTS, async () => task());
  console.log(`| ${name} | ${ms(median(samples))} |`);
}

export async function postParts() {
  // One real run's answer, so the stub dispatcher's output passes the tool's output schema.
  const { engine, close } = await benchEngine();
  const upstreams = new UpstreamManager({ messages: new MessageLog(), logLine: () => undefined });
  const { output } = await new ToolDispatcher(engine, upstreams).runJs(
    { session: 'bench', code: '1 + 1' },
    undefined,
  );
  await close();
  // No upstream servers: run_js's description is the one without `mcp`, and never changes.
  const dispatcher = {
    runJs: async () => ({ output }),
    upstreamsOffered: false,
    onToolsChanged: () => () => undefined,
  } as unknown as ToolDispatcher;
  const caller = { connection: { id: 'bench' }, era: 'modern' } as const;

  console.log(`\n## The parts of a POST on /mcp, in one process (medians of ${PARTS})`);
  console.log('| part | median |\n| --- | --- |');
  for (const era of ['2025', '2026'] as const) {
    const { req, body } = toolsCall(era);
    await part(`web Request of a ${era} tools/call (toWebRequest)`, () => toWebRequest(req, body));
    await part(`... and isLegacyRequest on it (the route's classification, ${era})`, async () =>
      isLegacyRequest(await toWebRequest(req, body), body),
    );
  }
  await part('a fresh MCP Isolate server with its 4 tools (createMcpServer, 2026)', () =>
    createMcpServer(dispatcher, caller),
  );
  await part("... and run_js's input schema as JSON Schema (the SDK, each 2026 tools/call)", () =>
    createMcpServer(dispatcher, caller).toolInputSchemaJson('run_js'),
  );
  // What the SDK memoises per registered tool, so per server: a 2025 session's server pays it
  // once, a 2026 request's fresh server on every tools/call (projectCallToolResult reads it).
  const outputJson = (server: McpServer) =>
    (server as unknown as { _registeredTools: Record<string, { outputSchemaJson: unknown }> })
      ._registeredTools.run_js?.outputSchemaJson;
  await part("... and run_js's output schema as JSON Schema (the SDK, each 2026 tools/call)", () =>
    outputJson(createMcpServer(dispatcher, caller)),
  );
  // Not the server's code: run_js on a fresh SDK server, its zod objects made anew or made once
  // with their JSON Schema memoised, to show what a fresh server need not pay for each request.
  const once = runJsTool('modern', false);
  const memoised = {
    ...once,
    inputSchema: memoiseJsonSchema(z.object(once.inputSchema)),
    outputSchema: memoiseJsonSchema(z.object(runJsOutput)),
  };
  const fresh = () => {
    const tool = runJsTool('modern', false);
    return {
      ...tool,
      inputSchema: z.object(tool.inputSchema),
      outputSchema: z.object(runJsOutput),
    };
  };
  for (const [how, definition] of [
    ['made anew for each server', fresh],
    ['made once, JSON Schema memoised', () => memoised],
  ] as const) {
    await part(
      `a fresh SDK server with run_js alone, its schemas ${how}, both JSON Schemas`,
      () => {
        const server = new McpServer({ name: 'bench', version: '1.0.0' });
        const tool = server.registerTool('run_js', definition(), () => ({ content: [] }));
        server.toolInputSchemaJson('run_js');
        return tool.outputSchemaJson;
      },
    );
  }
  const reused = z.object(runJsOutput);
  await part("checking a run's answer against a z.object(runJsOutput) made once", () =>
    reused.safeParse(output),
  );
  await part(
    '... against a new z.object(runJsOutput) each time (zod compiles its check per object)',
    () => z.object(runJsOutput).safeParse(output),
  );
  await part("a fresh SDK server with one echo tool (sdk-echo-server.ts's)", () => echoServer());
  await part(
    "a 2025 tools/call of run_js on a session's live server (stub run, in memory)",
    await liveServerCall(dispatcher),
  );
  const { req, body } = toolsCall('2026');
  const ours = createMcpHandler(() => createMcpServer(dispatcher, caller), { legacy: 'reject' });
  await part("createMcpHandler's whole 2026 tools/call of run_js (stub run), body read", async () =>
    (await ours.fetch(await toWebRequest(req, body), { parsedBody: body })).text(),
  );
  const echo = toolsCall('2026', 'echo');
  const theirs = createMcpHandler(() => echoServer(), { legacy: 'reject' });
  await part("createMcpHandler's whole 2026 tools/call of the SDK echo, body read", async () =>
    (await theirs.fetch(await toWebRequest(echo.req, echo.body), { parsedBody: echo.body })).text(),
  );
}

export async function mcpErasParts() {
  await postParts();
}

if (import.meta.main) await mcpErasParts();
