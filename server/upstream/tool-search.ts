import {
  DECLARATIONS_CLOSE,
  DECLARATIONS_OPEN,
  type DeclaredServer,
  type DeclaredTool,
  methodDeclaration,
  serverDeclaration,
} from './tool-declarations.ts';
import { byteLength } from './ts-text.ts';

// Which tools list_mcp_tools declares for a query, so that a model finds the few it needs without
// every schema in its context. Each word of the query scores a tool 3 when its name or its
// server's holds the word, 1 when its title or description does, and 1 when a parameter's name
// does; tools that hold every word come first, then by score, then in the servers' order.

export const SEARCH_LIMITS = { tools: 25, bytes: 48 * 1024 } as const;

export interface SearchLimits {
  tools: number;
  /** Of the whole declarations text, though the first tool is always shown. */
  bytes: number;
}

export interface ToolSearch {
  /** The servers with the tools chosen, best first, for toolDeclarations. */
  servers: DeclaredServer[];
  /** Tools the query matched (all of them without a query). */
  matched: number;
  /** Matched tools left out by the limits. */
  more: number;
}

interface Candidate {
  server: DeclaredServer;
  tool: DeclaredTool;
  order: number;
  score: number;
  every: boolean;
}

const queryWords = (query: string): string[] => [
  ...new Set(
    query
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  ),
];

export function searchTools(
  servers: readonly DeclaredServer[],
  query = '',
  limits: SearchLimits = SEARCH_LIMITS,
): ToolSearch {
  const words = queryWords(query);
  const candidates = servers
    .flatMap((server) => server.tools.map((tool) => ({ server, tool })))
    .map(({ server, tool }, order) => ({ server, tool, order, ...scoreOf(server, tool, words) }))
    .filter((candidate) => words.length === 0 || candidate.score > 0)
    .sort((a, b) => Number(b.every) - Number(a.every) || b.score - a.score || a.order - b.order);
  const chosen = choose(candidates, limits);
  return {
    servers: grouped(chosen),
    matched: candidates.length,
    more: candidates.length - chosen.length,
  };
}

function scoreOf(server: DeclaredServer, tool: DeclaredTool, words: readonly string[]) {
  const name = `${server.name} ${tool.name}`.toLowerCase();
  const about = `${tool.title ?? ''} ${tool.description ?? ''}`.toLowerCase();
  const parameters = parameterNames(tool.inputSchema).join(' ').toLowerCase();
  let score = 0;
  let every = true;
  for (const word of words) {
    const points =
      (name.includes(word) ? 3 : 0) +
      (about.includes(word) ? 1 : 0) +
      (parameters.includes(word) ? 1 : 0);
    score += points;
    every &&= points > 0;
  }
  return { score, every };
}

function parameterNames(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null || !Object.hasOwn(schema, 'properties'))
    return [];
  const properties = (schema as { properties: unknown }).properties;
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
}

/** A tool chosen, with its method as rendered (once: a large schema takes a while). */
interface Chosen extends Candidate {
  method: string;
}

/** The best tools while they fit: each adds its method, and the first of a server its header. */
function choose(candidates: readonly Candidate[], limits: SearchLimits): Chosen[] {
  const chosen: Chosen[] = [];
  const opened = new Set<string>();
  let used = byteLength(DECLARATIONS_OPEN + DECLARATIONS_CLOSE);
  for (const candidate of candidates) {
    if (chosen.length >= limits.tools) break;
    const { server, tool } = candidate;
    const method = methodDeclaration(server.name, tool);
    let bytes = byteLength(method);
    if (!opened.has(server.name))
      bytes += byteLength(
        serverDeclaration({ ...server, tools: [tool], toolCount: countOf(server) }, []),
      );
    if (chosen.length > 0 && used + bytes > limits.bytes) break;
    used += bytes;
    opened.add(server.name);
    chosen.push({ ...candidate, method });
  }
  return chosen;
}

/** The chosen tools under their servers, each server where its best tool ranks. */
function grouped(chosen: readonly Chosen[]): DeclaredServer[] {
  const byServer = new Map<DeclaredServer, { tools: DeclaredTool[]; methods: string[] }>();
  for (const { server, tool, method } of chosen) {
    const group = byServer.get(server) ?? { tools: [], methods: [] };
    group.tools.push(tool);
    group.methods.push(method);
    byServer.set(server, group);
  }
  return [...byServer].map(([server, { tools, methods }]) => ({
    name: server.name,
    transport: server.transport,
    tools,
    toolCount: countOf(server),
    methods,
  }));
}

const countOf = (server: DeclaredServer): number => server.toolCount ?? server.tools.length;
