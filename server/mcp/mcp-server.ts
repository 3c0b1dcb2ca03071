import { type CallToolResult, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ConnectionInfo, ProtocolEra } from '../../contract/connections.ts';
import { sessionFigures } from '../../contract/session-figures.ts';
import { fileUri } from '../../contract/session-files.ts';
import { EngineError } from '../engine/engine-error.ts';
import { SERVER_VERSION } from '../server-version.ts';
import { firstLine } from '../store/journal-entry.ts';
import { contentOf, listingText, readKindOf, runFileContent } from './file-content.ts';
import { registerFileResources } from './file-resources.ts';
import { progressNotifier } from './progress-notifications.ts';
import { runText } from './run-text.ts';
import type { ToolDispatcher } from './tool-dispatcher.ts';
import { runJsTool, TOOLS } from './tool-schemas.ts';

const INSTRUCTIONS =
  "MCP Isolate runs JavaScript and TypeScript in persistent, sandboxed V8 sessions. Use run_js to compute, keep state in globals across calls, and fork earlier states by heap id; list_sessions and list_session_snapshots find earlier work; each heap has its files (run_js's files and node:fs write them, display() shows images; list_files, read_file and the session-file resources read them); list_mcp_tools declares the user's other MCP tools that code may call.";

/**
 * Who a server answers: the connection (a 2026 HTTP client's is the client seen) whose id and
 * client name the runs it asks for, and the era it speaks. A 2025 connection owns a session,
 * which its owner keeps (`adoptSession`, when a run gives it one); in 2026 nothing owns one.
 */
export interface McpCaller {
  readonly connection: Readonly<Pick<ConnectionInfo, 'id' | 'client' | 'session'>>;
  readonly era: ProtocolEra;
  adoptSession?(session: string): void;
}

/**
 * The tools are the same for every client, and change only when mcpServers gains its first
 * enabled server or loses its last (run_js's description then says how code calls them): a 2026
 * client may keep the list for a minute. One listening (subscriptions/listen) hears the change at
 * once; one that is not may take that long to learn of `mcp`.
 */
const CACHE_HINTS = { 'tools/list': { ttlMs: 60_000, cacheScope: 'public' } } as const;

/** One MCP server per connection (per request, for a 2026 HTTP client), over the dispatcher. */
export function createMcpServer(dispatcher: ToolDispatcher, caller: McpCaller): McpServer {
  const server = new McpServer(
    { name: 'mcp-isolate', title: 'MCP Isolate', version: SERVER_VERSION },
    {
      instructions: INSTRUCTIONS,
      cacheHints: CACHE_HINTS,
      // Files change with every run and no resources/list_changed is sent: clients list again.
      capabilities: { resources: { listChanged: false } },
    },
  );
  const definition = runJsDefinition(dispatcher, caller.era);
  const runJs = server.registerTool('run_js', definition, (args, ctx) =>
    answer(async () => {
      // The SDK aborts `ctx.mcpReq.signal` when the client sends notifications/cancelled for
      // this request (and then sends no answer to it), and when the transport closes.
      const { connection } = caller;
      // Sent on the request's own stream, whichever transport it came on.
      const token = ctx.mcpReq._meta?.progressToken;
      const progress =
        token === undefined
          ? undefined
          : progressNotifier(token, (notification) => ctx.mcpReq.notify(notification));
      const { output: run, ownSession } = await dispatcher
        .runJs(args, caller.adoptSession ? connection.session : undefined, {
          signal: ctx.mcpReq.signal,
          ...(progress && { onProgress: progress.onProgress }),
          origin: {
            kind: 'client',
            connection: connection.id,
            requestId: ctx.mcpReq.id,
            ...(connection.client && {
              client: `${connection.client.name} ${connection.client.version}`,
            }),
          },
        })
        .finally(() => progress?.close());
      if (ownSession !== undefined) caller.adoptSession?.(ownSession);
      const files = await runFileContent(run, (path) => dispatcher.runFile(run, path));
      return {
        content: [{ type: 'text', text: runText(run) }, ...files],
        structuredContent: run,
        ...(!run.ok && { isError: true }),
      };
    }),
  );
  // A 2025 connection's server lives on: it tells its client when run_js's description changes.
  // A 2026 request's server is made anew each time, with the description of the moment.
  if (caller.era === 'legacy') {
    const unsubscribe = dispatcher.onToolsChanged(() =>
      runJs.update({ description: runJsDefinition(dispatcher, 'legacy').description }),
    );
    const closed = server.server.onclose;
    server.server.onclose = () => {
      closed?.();
      unsubscribe();
    };
  }
  server.registerTool('list_sessions', DEFINITIONS.list_sessions, () =>
    answer(async () => {
      const listed = dispatcher.listSessions();
      const lines = listed.sessions.map(
        (s) =>
          `${s.name}: ${sessionFigures(s)}, ${s.files} files and folders (${s.fileBytes} bytes), heap ${s.head}, last change ${s.updatedAt}`,
      );
      return {
        content: [{ type: 'text', text: lines.join('\n') || 'No sessions yet.' }],
        structuredContent: listed,
      };
    }),
  );
  server.registerTool('list_session_snapshots', DEFINITIONS.list_session_snapshots, (args) =>
    answer(async () => {
      const listed = await dispatcher.listSessionSnapshots(args.session);
      const lines = listed.heaps.map(
        (h) =>
          `${h.heap} (${h.time}${h.snapshotBytes ? `, snapshot ${h.snapshotBytes} bytes` : ''}): ${firstLine(h.code)}`,
      );
      return {
        content: [
          { type: 'text', text: lines.join('\n') || `Session ${args.session} has no runs yet.` },
        ],
        structuredContent: listed,
      };
    }),
  );
  server.registerTool('list_mcp_tools', DEFINITIONS.list_mcp_tools, (args, ctx) =>
    answer(async () => {
      const listed = await dispatcher.listMcpTools(args, ctx.mcpReq.signal);
      return {
        content: [{ type: 'text', text: listed.text }],
        structuredContent: listed.output,
        ...(listed.isError && { isError: true }),
      };
    }),
  );
  server.registerTool('list_files', DEFINITIONS.list_files, (args) =>
    answer(async () => {
      const listing = await dispatcher.listFiles(args);
      return {
        content: [{ type: 'text', text: listingText(listing) }],
        structuredContent: listing,
      };
    }),
  );
  server.registerTool('read_file', DEFINITIONS.read_file, (args) =>
    answer(async () => {
      const { heap, info, bytes } = await dispatcher.readFile(args);
      const mimeType = info.mimeType ?? 'application/octet-stream';
      const uri = fileUri(args.session, info.path);
      return {
        content: [contentOf(readKindOf(mimeType), { uri, mimeType, bytes })],
        structuredContent: { session: args.session, heap, file: info },
      };
    }),
  );
  registerFileResources(server, dispatcher);
  return server;
}

/**
 * A tool's definition with its input and output shapes as zod objects, which the SDK takes
 * (and lists as JSON Schema 2020-12).
 */
function withSchemas<Input extends z.ZodRawShape, Output extends z.ZodRawShape>(tool: {
  title: string;
  description: string;
  inputSchema: Input;
  outputSchema: Output;
}) {
  return {
    ...tool,
    inputSchema: convertedOnce(z.object(tool.inputSchema)),
    outputSchema: convertedOnce(z.object(tool.outputSchema)),
  };
}

/**
 * `schema`, its JSON Schema made once: the SDK converts a tool's schemas for each server, and a
 * 2026 request's server is new each time (half a millisecond a call, bench/README.md). Each
 * server gets a copy of its own, as it may add to what it is given.
 */
function convertedOnce<Schema extends z.ZodType>(schema: Schema): Schema {
  const standard = schema['~standard'];
  const made = new Map<string, Record<string, unknown>>();
  const once =
    (io: 'input' | 'output') =>
    (options: Parameters<typeof standard.jsonSchema.input>[0]): Record<string, unknown> => {
      const key = `${io} ${options.target}`;
      const json = made.get(key) ?? standard.jsonSchema[io](options);
      made.set(key, json);
      return structuredClone(json);
    };
  schema['~standard'] = {
    ...standard,
    jsonSchema: { input: once('input'), output: once('output') },
  };
  return schema;
}

/**
 * The tools' definitions with their schemas, made once: a 2026 HTTP request builds a server of
 * its own, which would otherwise build them again each time.
 */
const DEFINITIONS = {
  /** By era, then without and with the user's other MCP servers. */
  run_js: {
    legacy: [
      withSchemas(runJsTool('legacy', false)),
      withSchemas(runJsTool('legacy', true)),
    ] as const,
    modern: [
      withSchemas(runJsTool('modern', false)),
      withSchemas(runJsTool('modern', true)),
    ] as const,
  },
  list_sessions: {
    ...TOOLS.list_sessions,
    outputSchema: convertedOnce(z.object(TOOLS.list_sessions.outputSchema)),
  },
  list_session_snapshots: withSchemas(TOOLS.list_session_snapshots),
  list_mcp_tools: withSchemas(TOOLS.list_mcp_tools),
  list_files: withSchemas(TOOLS.list_files),
  read_file: withSchemas(TOOLS.read_file),
};

/** run_js's definition for `era` as things are: naming `mcp` when code may call other servers. */
const runJsDefinition = (dispatcher: ToolDispatcher, era: ProtocolEra) =>
  DEFINITIONS.run_js[era][dispatcher.upstreamsOffered ? 1 : 0];

/** A refused request is a tool error the model can read, not a protocol error. */
async function answer(call: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof EngineError) {
      return { content: [{ type: 'text', text: error.message }], isError: true };
    }
    throw error;
  }
}
