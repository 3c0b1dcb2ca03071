// Whether a run's policy lets it call a tool of one of the user's other MCP servers: the
// sandbox's check before it asks, which the server's upstream layer makes again, since an ask
// may be forged. Messages name the setting that refuses, as code sees them in a TypeError.
import { toolAllowed } from '../../../contract/mcp-servers.ts';
import type { UpstreamPolicy } from '../protocol.ts';

/** Server and tool names longer than this are no one's (guest/mcp.js refuses them too). */
export const MAX_MCP_NAME = 256;

/** Why `policy` refuses a call of `server`'s `tool`; undefined when it may be made. */
export function upstreamRefusal(
  policy: UpstreamPolicy,
  server: string,
  tool: string,
): string | undefined {
  if (server.length > MAX_MCP_NAME || tool.length > MAX_MCP_NAME) {
    return `no MCP server or tool has a name over ${MAX_MCP_NAME} characters`;
  }
  if (!Object.hasOwn(policy.servers, server)) return `mcpServers has no server '${server}'`;
  const config = policy.servers[server];
  if (!config || config.disabled) return `MCP server '${server}' is disabled in mcpServers`;
  if (!toolAllowed(config.allowTools, tool)) {
    return `tool '${tool}' of '${server}' is not allowed by mcpServers.${server}.allowTools`;
  }
  return undefined;
}
