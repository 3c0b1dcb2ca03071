import type { McpServers } from '../../contract/mcp-servers.ts';

/** Servers as a user's config holds them, with long commands, URLs and secrets, for views to show. */
export const SOME_MCP_SERVERS: McpServers = {
  github: {
    command: 'npx',
    args: ['-y', '@modelcontextprotocol/server-github'],
    env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_e2e-s3cret-0123456789abcdefghijklmnopqrstuvwxyz' },
    allowTools: ['get_*', 'search_*', '!delete_*'],
  },
  'internal-knowledge-base-with-a-long-name': {
    url: 'https://knowledge-base.internal.example.com/api/v2/model-context-protocol/streamable-http/endpoint?tenant=acme-enterprise',
    headers: { Authorization: 'Bearer kb_e2e-s3cret-token' },
    disabled: true,
  },
};

/** The flag that configures them. */
export const MCP_SERVERS_FLAG = ['--mcp-servers', JSON.stringify(SOME_MCP_SERVERS)];
