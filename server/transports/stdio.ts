import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { type McpContext, openMcpConnection } from './mcp-connection.ts';

/** Serves one MCP connection over a pair of streams; resolves when the input ends. */
export async function serveStdio(
  context: McpContext,
  input: Readable,
  output: Writable,
): Promise<void> {
  const transport = new StdioServerTransport(input, output);
  const ended = new Promise<void>((resolve) => {
    input.once('end', resolve);
    input.once('close', resolve);
  });
  const connection = await openMcpConnection(context, 'stdio', transport);
  await ended;
  await connection.close();
}
