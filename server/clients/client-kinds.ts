import type { McpClientId } from '../../contract/mcp-clients.ts';

/** How one client names its servers: the key that holds them and the entry for a stdio server. */
export interface ClientKind {
  name: string;
  key: 'mcpServers' | 'servers';
  entry: (command: string, args: string[]) => Record<string, unknown>;
}

const plain = (command: string, args: string[]) => ({ command, args });

/** Each client's config format, from its documentation (cited in client-places.ts). */
export const CLIENT_KINDS: Record<McpClientId, ClientKind> = {
  'claude-desktop': { name: 'Claude Desktop', key: 'mcpServers', entry: plain },
  // The shape `claude mcp add --scope user` writes.
  'claude-code': {
    name: 'Claude Code',
    key: 'mcpServers',
    entry: (command, args) => ({ type: 'stdio', command, args, env: {} }),
  },
  cursor: { name: 'Cursor', key: 'mcpServers', entry: plain },
  vscode: {
    name: 'VS Code',
    key: 'servers',
    entry: (command, args) => ({ type: 'stdio', command, args }),
  },
  windsurf: { name: 'Windsurf', key: 'mcpServers', entry: plain },
};
