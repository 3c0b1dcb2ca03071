import type { Status } from './desktop-api.ts';
import { MCP_ENTRY_NAME } from './mcp-clients.ts';

export interface ClientConfig {
  client: string;
  /** Where it goes: a file, or a terminal. */
  where: string;
  /** For a file: the object the text is an entry of, next to the servers already there. */
  under?: string;
  text: string;
}

/**
 * An entry to merge into the servers a file has, `"mcp-isolate": {...}`: never a whole file,
 * which pasted over the user's own would drop every other server.
 */
const entry = (value: unknown) => `"${MCP_ENTRY_NAME}": ${JSON.stringify(value, null, 2)}`;

/** Ready-to-copy configurations for the common MCP clients, from the server's current state. */
export function clientConfigs(status: Status, token?: string): ClientConfig[] {
  const [command = 'node', ...args] = status.endpoints.stdioCommand;
  const http = status.endpoints.streamableHttp;
  const sse = status.endpoints.sse;
  const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
  const configs: ClientConfig[] = [
    {
      client: 'Claude Desktop',
      where: 'claude_desktop_config.json',
      under: 'mcpServers',
      text: entry({ command, args }),
    },
  ];
  if (http) {
    const header = token ? ` --header "Authorization: Bearer ${token}"` : '';
    configs.push(
      {
        client: 'Claude Code',
        where: 'terminal',
        text: `claude mcp add --transport http mcp-isolate ${http}${header}`,
      },
      {
        client: 'Cursor',
        where: '~/.cursor/mcp.json',
        under: 'mcpServers',
        text: entry({ url: http, ...(headers && { headers }) }),
      },
      {
        client: 'VS Code',
        where: 'mcp.json (the user profile’s, or .vscode/mcp.json)',
        under: 'servers',
        text: entry({ type: 'http', url: http, ...(headers && { headers }) }),
      },
      {
        client: 'MCP Inspector',
        where: 'terminal',
        text: `npx @modelcontextprotocol/inspector --cli ${http} --method tools/list${
          token ? ` --header "Authorization: Bearer ${token}"` : ''
        }${sse ? `\n# or over SSE: ${sse}` : ''}`,
      },
    );
  } else {
    configs.push({
      client: 'Claude Code',
      where: 'terminal',
      text: `claude mcp add mcp-isolate -- ${[command, ...args].map(shellQuote).join(' ')}`,
    });
  }
  return configs;
}

/**
 * A command-line word as a POSIX shell reads it back (PowerShell too, unless the word holds a
 * single quote): as it is when it is plain, else in single quotes (the default data directory has
 * a space in it).
 */
export const shellQuote = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
