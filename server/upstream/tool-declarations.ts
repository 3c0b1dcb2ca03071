import { RESERVED_SERVER_NAMES } from '../../contract/mcp-servers.ts';
import { MAX_MCP_NAME } from '../sandbox/tools/upstream-refusal.ts';
import { schemaToTs, toolBudget } from './schema-to-ts.ts';
import { clip, docComment, lineComment, memberAccess, quote, spend } from './ts-text.ts';

// The TypeScript list_mcp_tools answers with: one interface whose members are the servers and
// their tools as code calls them through the global `mcp`, each server headed by how to call it,
// and a closing comment on what a call resolves or rejects with. The text is built by
// concatenation only, so that tool-search can add up its parts' sizes before it is made.

/** A tool as the upstream listed it. */
export interface DeclaredTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: unknown;
  outputSchema?: unknown;
}

export interface DeclaredServer {
  name: string;
  transport: string;
  /** The tools declared: all of the server's, or those a search chose. */
  tools: readonly DeclaredTool[];
  /** How many tools the server lists, when `tools` holds only some of them. */
  toolCount?: number;
  /** The methods of `tools`, one each, when a search has rendered them already. */
  methods?: readonly string[];
}

/** Names code cannot reach as `mcp.NAME` or `mcp.NAME.TOOL`, since the proxies answer them
 *  themselves, and `__proto__`, which the settings refuse too: such a server or tool is called
 *  through mcp.call. */
const UNREACHABLE: ReadonlySet<string> = new Set([...RESERVED_SERVER_NAMES, '__proto__']);

export const DECLARATIONS_OPEN = 'interface McpServers {\n';
export const DECLARATIONS_CLOSE = `}\n${[
  'A call resolves to the tool\'s structuredContent when it has one (with the whole CallToolResult on its `raw`), else to the text of its content joined by "\\n".',
  "With { raw: true } as the second argument it resolves to the whole CallToolResult instead: for images, resources and a text result's parts.",
  "A tool's error (isError) rejects with an McpToolError holding its text and `raw`; a server not configured or disabled, or a tool not allowed or not listed, rejects with a TypeError naming the setting that would allow it.",
]
  .map((line) => `${lineComment(line)}\n`)
  .join('')}`;

export function toolDeclarations(servers: readonly DeclaredServer[]): string {
  const blocks = servers.map((server) =>
    serverDeclaration(
      server,
      server.methods ?? server.tools.map((tool) => methodDeclaration(server.name, tool)),
    ),
  );
  return `${DECLARATIONS_OPEN}${blocks.join('')}${DECLARATIONS_CLOSE}`;
}

/** A server's member: its header comment, named after its first tool, and its tools' methods.
 *  A name longer than a call may name is not repeated there: the header's size stays bounded. */
export function serverDeclaration(server: DeclaredServer, methods: readonly string[]): string {
  const count = server.toolCount ?? server.tools.length;
  const shown = server.tools.length < count ? `, ${server.tools.length} shown` : '';
  const first = server.tools[0];
  const how =
    first && first.name.length <= MAX_MCP_NAME ? `: ${howToCall(server.name, first.name)}` : '';
  const tools = `${count} ${count === 1 ? 'tool' : 'tools'}${shown}`;
  const header = lineComment(`${server.name} (${server.transport}, ${tools})${how}`);
  return `  ${header}\n  ${quote(server.name)}: {\n${methods.join('')}  };\n`;
}

const viaCall = (server: string, tool: string) =>
  `mcp.call(${quote(server)}, ${quote(tool)}, args)`;
const reachable = (server: string, tool: string) =>
  !UNREACHABLE.has(server) && !UNREACHABLE.has(tool);

function howToCall(server: string, tool: string): string {
  const call = viaCall(server, tool);
  if (!reachable(server, tool)) return call;
  return `mcp${memberAccess(server)}${memberAccess(tool)}(args) or ${call}`;
}

/** One tool as a method, at most SCHEMA_LIMITS.bytes: its description, its arguments from its
 *  inputSchema, and its result from its outputSchema, else the joined text. */
export function methodDeclaration(server: string, tool: DeclaredTool): string {
  const budget = toolBudget();
  const pad = '    ';
  const about = tool.description?.trim() || tool.title?.trim();
  const lines = about ? [clip(about, Math.floor(budget.bytes / 4))] : [];
  if (!reachable(server, tool.name)) lines.push(`Only through ${viaCall(server, tool.name)}`);
  const doc = docComment(lines, pad);
  const optional = requiredCount(tool.inputSchema) === 0 ? '?' : '';
  const head = `${pad}${quote(tool.name)}(args${optional}: `;
  if (!spend(budget, `${doc}${head}): Promise<>;\n`)) {
    return `${pad}${lineComment(`a tool whose name is ${Buffer.byteLength(tool.name)} bytes long is not shown`)}\n`;
  }
  const args = schemaToTs(tool.inputSchema, { budget, indent: pad.length });
  const result =
    tool.outputSchema === undefined
      ? 'string'
      : schemaToTs(tool.outputSchema, { budget, indent: pad.length });
  return `${doc}${head}${args}): Promise<${result}>;\n`;
}

function requiredCount(schema: unknown): number {
  if (typeof schema !== 'object' || schema === null || !Object.hasOwn(schema, 'required')) return 0;
  const required = (schema as { required: unknown }).required;
  return Array.isArray(required) ? required.length : 0;
}
