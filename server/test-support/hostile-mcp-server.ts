// A hand-written MCP server over stdio (line-delimited JSON-RPC, no SDK) for what an SDK server
// would never send: huge lines, invalid JSON, answers to unknown ids, results of the wrong shape,
// requests back to the client, a silent `initialize`, exits in the middle of a call, secrets
// from its environment echoed in results and on stderr, and errors of any length.
//
//   node hostile-mcp-server.ts                       answers `initialize`, then each tool below
//   node hostile-mcp-server.ts --silent-initialize   never answers anything
//   node hostile-mcp-server.ts --pages=T,B,MS        lists its tools, then T tools of B bytes a
//                                                    page, each page after MS ms, never the last
//   node hostile-mcp-server.ts --tools=FILE          lists the tools in the JSON file FILE instead
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A tools/list that names a next page for ever: `tools` of `bytes` each a page, `ms` apart. */
export interface EndlessPages {
  tools: number;
  bytes: number;
  ms: number;
}

/** How to start it, as an upstream's settings name a command. */
export const hostileStdio = (
  options: { silentInitialize?: boolean; pages?: EndlessPages; toolsFile?: string } = {},
) => ({
  command: process.execPath,
  args: [
    fileURLToPath(import.meta.url),
    ...(options.silentInitialize ? ['--silent-initialize'] : []),
    ...(options.pages
      ? [`--pages=${options.pages.tools},${options.pages.bytes},${options.pages.ms}`]
      : []),
    ...(options.toolsFile ? [`--tools=${options.toolsFile}`] : []),
  ],
});

/** Its tools, by name: what each does instead of an honest answer. */
export const HOSTILE_TOOLS = {
  huge: 'answers one line of `bytes` bytes (a text result)',
  'invalid-json': 'writes a line that is not JSON, then answers "after invalid json"',
  'unknown-id': 'answers a request id never sent, then answers "after unknown id"',
  'wrong-shape': 'answers a result whose content is not a list',
  'bad-structured': 'answers structured content that breaks the output schema it lists',
  hang: 'never answers',
  exit: 'exits with code 7 before answering, after a line on stderr',
  'ask-back': 'asks the client for sampling, elicitation and roots, and answers what it got',
  'echo-secret': 'answers the environment variable `name`, and writes it to stderr',
  'json-secret': 'answers the environment variable `name` as many tools answer data: JSON text',
  pages: 'answers how many tools/list pages it was asked for',
  'big-error':
    'answers a JSON-RPC error whose message is `bytes` long, the environment variable `name` at `at`',
} as const;

type Id = string | number;
interface Message {
  id?: Id;
  method?: string;
  params?: { name?: string; arguments?: Record<string, unknown>; cursor?: string };
  result?: unknown;
  error?: unknown;
}

const write = (message: object): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};
const text = (value: string) => ({ content: [{ type: 'text', text: value }] });

const silent = process.argv.includes('--silent-initialize');
const endless = process.argv
  .find((arg) => arg.startsWith('--pages='))
  ?.slice('--pages='.length)
  .split(',')
  .map(Number);
const toolsFile = process.argv.find((arg) => arg.startsWith('--tools='))?.slice('--tools='.length);
let pagesAsked = 0;
/** Answers to the requests this server sent back, by their id. */
const waiting = new Map<Id, (message: Message) => void>();
let nextId = 0;

function askBack(method: string, params: object): Promise<Message> {
  const id = `back-${++nextId}`;
  write({ jsonrpc: '2.0', id, method, params });
  return new Promise((resolve) => waiting.set(id, resolve));
}

/** A call's result, or undefined for none ever. */
async function call(name: string, args: Record<string, unknown>): Promise<object | undefined> {
  switch (name) {
    case 'huge':
      return text('x'.repeat(Number(args.bytes ?? 0)));
    case 'invalid-json':
      process.stdout.write('{"jsonrpc": "2.0", this is not json\n');
      return text('after invalid json');
    case 'unknown-id':
      write({ jsonrpc: '2.0', id: 987654321, result: text('nobody asked') });
      return text('after unknown id');
    case 'wrong-shape':
      return { content: 'not a list' };
    case 'bad-structured':
      return { ...text('{"n":"not a number"}'), structuredContent: { n: 'not a number' } };
    case 'hang':
      return undefined;
    case 'exit':
      process.stderr.write('hostile server exits in the middle of a call\n');
      return process.exit(7);
    case 'ask-back': {
      const got = await Promise.all([
        askBack('sampling/createMessage', {
          messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }],
          maxTokens: 10,
        }),
        askBack('elicitation/create', {
          message: 'your name?',
          requestedSchema: { type: 'object', properties: {} },
        }),
        askBack('roots/list', {}),
      ]);
      return text(JSON.stringify(got.map((m) => m.error ?? m.result)));
    }
    case 'big-error': {
      const filler = 'E'.repeat(Number(args.bytes ?? 0));
      const at = Number(args.at ?? 0);
      const value = process.env[String(args.name)] ?? '';
      throw Object.assign(new Error(filler.slice(0, at) + value + filler.slice(at)), {
        code: -32000,
      });
    }
    case 'pages':
      return text(String(pagesAsked));
    case 'json-secret':
      return text(JSON.stringify({ token: process.env[String(args.name)] ?? '' }));
    case 'echo-secret': {
      const value = process.env[String(args.name)] ?? '';
      process.stderr.write(`the secret is ${value}\n`);
      return text(`the secret is ${value}`);
    }
    default:
      throw new Error(`no tool ${name}`);
  }
}

const TOOL_LIST = {
  tools: Object.entries(HOSTILE_TOOLS).map(([name, description]) => ({
    name,
    description,
    inputSchema: { type: 'object' },
    ...(name === 'bad-structured' && {
      outputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
    }),
  })),
};

/** A page of the endless tools/list: its own tools first, then made-up ones. */
async function page(cursor: string | undefined): Promise<object> {
  const [tools = 0, bytes = 0, ms = 0] = endless ?? [];
  const n = Number(cursor ?? 0);
  pagesAsked++;
  await new Promise((resolve) => setTimeout(resolve, ms));
  const made = Array.from({ length: tools }, (_, i) => ({
    name: `page${n}-${i}`,
    description: 'd'.repeat(bytes),
    inputSchema: { type: 'object' },
  }));
  return { tools: [...(n === 0 ? TOOL_LIST.tools : []), ...made], nextCursor: String(n + 1) };
}

const INITIALIZED = {
  protocolVersion: '2025-06-18',
  capabilities: { tools: {} },
  serverInfo: { name: 'hostile-mcp-server', version: '1.0.0' },
};

/** The result of a request, undefined for no answer, or an error thrown. */
async function resultOf(message: Message): Promise<object | undefined> {
  if (silent) return undefined;
  if (message.method === 'initialize') return INITIALIZED;
  if (message.method === 'tools/list') {
    if (toolsFile) return { tools: JSON.parse(readFileSync(toolsFile, 'utf8')) };
    return endless ? page(message.params?.cursor) : TOOL_LIST;
  }
  if (message.method === 'ping') return {};
  if (message.method === 'tools/call') {
    return call(message.params?.name ?? '', message.params?.arguments ?? {});
  }
  throw Object.assign(new Error('Method not found'), { code: -32601 });
}

async function handle(message: Message): Promise<void> {
  const { id } = message;
  if (message.method === undefined) {
    if (id !== undefined) waiting.get(id)?.(message);
    return;
  }
  if (id === undefined) return;
  try {
    const result = await resultOf(message);
    if (result) write({ jsonrpc: '2.0', id, result });
  } catch (error) {
    const { code = -32602, message: text } = error as { code?: number; message: string };
    write({ jsonrpc: '2.0', id, error: { code, message: text } });
  }
}

if (import.meta.main) {
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) void handle(JSON.parse(line) as Message);
  }
}
