import { type DeclaredTool, toolDeclarations } from '../upstream/tool-declarations.ts';
import { searchTools } from '../upstream/tool-search.ts';
import type { UpstreamManager } from '../upstream/upstream-manager.ts';
import { UPSTREAM_START_MS } from '../upstream/upstream-server.ts';
import type { ListMcpToolsArgs, ListMcpToolsOutput } from './tool-schemas.ts';

// list_mcp_tools over the upstream layer: the enabled servers listed (each started if need be,
// within its start bound), their allowed tools searched by the query's words and declared as
// TypeScript, every configured server with its state, and a text a model reads first.

/** What list_mcp_tools answers: its structured output, its text, and whether it refused. */
export interface McpToolListing {
  output: ListMcpToolsOutput;
  text: string;
  isError?: true;
}

/** The listing is bounded by the search's limits, not by its size as JSON. */
const LISTING_BYTES = Number.MAX_SAFE_INTEGER;

const NO_SERVERS = [
  "No MCP servers are configured, so code has no `mcp` servers to call. The user adds them as mcpServers: in the window's Settings, in settings.json, or with --mcp-servers or MCP_ISOLATE_MCP_SERVERS, as MCP clients write them:",
  '{"everything": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"]}} for a server over stdio,',
  '{"docs": {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer …"}}} for one over HTTP.',
].join('\n');

export async function listMcpTools(
  upstreams: UpstreamManager,
  args: ListMcpToolsArgs,
  signal: AbortSignal,
): Promise<McpToolListing> {
  const states = upstreams.states();
  const empty = { servers: [], declarations: '', matched: 0, more: 0 };
  if (states.length === 0) return { output: empty, text: NO_SERVERS };
  const named = args.server;
  if (named !== undefined && !states.some((state) => state.name === named)) {
    const names = states.map((state) => state.name).join(', ');
    return {
      output: empty,
      text: `mcpServers has no server '${named}'; it has ${names}`,
      isError: true,
    };
  }
  const answer = await upstreams.listing(
    { type: 'tool-list', maxBytes: LISTING_BYTES, timeoutMs: UPSTREAM_START_MS },
    signal,
    named,
  );
  if ('tooLarge' in answer) throw new Error(`the listing is ${answer.tooLarge} bytes`);
  const listed = new Map(
    (JSON.parse(answer.listing) as { name: string; tools: DeclaredTool[]; error?: string }[]).map(
      (server) => [server.name, server],
    ),
  );
  // The states after the listing: a server it started is ready now, or failed.
  const servers = upstreams
    .states()
    .filter((state) => named === undefined || state.name === named)
    .map((state) => {
      const server = listed.get(state.name);
      const error = server?.error ?? (state.state === 'failed' ? state.error : undefined);
      return {
        name: state.name,
        transport: state.transport,
        state: state.state,
        tools: server?.tools ?? [],
        ...(error !== undefined && { error }),
      };
    });
  const found = searchTools(servers, args.query);
  const output = {
    servers: servers.map(({ tools, ...server }) => ({ ...server, tools: tools.length })),
    declarations: toolDeclarations(found.servers),
    matched: found.matched,
    more: found.more,
  };
  return { output, text: listingText(output, args.query) };
}

/** The servers' states, the declarations, and what the limits left out. */
function listingText(output: ListMcpToolsOutput, query: string | undefined): string {
  const lines = output.servers.map((server) => {
    const tools = `${server.tools} ${server.tools === 1 ? 'tool' : 'tools'}`;
    const why = server.error === undefined ? '' : `: ${server.error}`;
    return `${server.name} (${server.transport}): ${server.state}, ${tools}${why}`;
  });
  const searched = query?.trim() ? ` matching "${query}"` : '';
  if (output.matched === 0) {
    lines.push(
      searched
        ? `No tool matches "${query}": list_mcp_tools without a query lists them all.`
        : 'No tool code may call.',
    );
    return lines.join('\n');
  }
  lines.push('', output.declarations);
  if (output.more > 0) {
    lines.push(
      `${output.more} more ${output.more === 1 ? 'tool' : 'tools'}${searched} not shown: narrow the query or name a server.`,
    );
  }
  return lines.join('\n');
}
