import type { Locator, Page } from 'playwright-core';
import type { McpServers, McpStdioServer } from '../../contract/mcp-servers.ts';
import { countingStdio } from '../../server/test-support/counting-mcp-server.ts';

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

/**
 * The flag for a window whose Tools view starts every enabled server: SOME_MCP_SERVERS with
 * github (which would run npx) disabled, beside the counting server (counting into `countFile`)
 * and one with a long name that writes to stderr and exits at once, so that it fails.
 */
export const mcpServersToStart = (countFile: string) => [
  '--mcp-servers',
  JSON.stringify({
    ...SOME_MCP_SERVERS,
    github: { ...(SOME_MCP_SERVERS.github as McpStdioServer), disabled: true },
    counting: countingStdio(countFile),
    'a-server-that-exits-at-once-with-a-long-name': {
      command: process.execPath,
      args: ['-e', 'console.error("no configuration found in " + process.cwd()); process.exit(3)'],
    },
  } satisfies McpServers),
];

/**
 * Opens the Tools view of a window given mcpServersToStart and waits until its start is over: the
 * counting server ready, the one that exits at once showing its error.
 */
export async function toolsStarted(page: Page, view: (name: RegExp) => Locator): Promise<void> {
  await view(/Tools/).click();
  await page
    .getByRole('article', { name: 'counting' })
    .getByTestId('upstream-state')
    .getByText('ready', { exact: true })
    .waitFor();
  await page
    .getByRole('status')
    .getByText(/^Starting/)
    .waitFor({ state: 'detached' });
  await page
    .getByRole('article', { name: /^a-server-that-exits-at-once/ })
    .getByText(/^Last error: /)
    .waitFor();
}
