import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

/** The SDK's own server with one echo tool: the floor of a 2026 round trip, which server-everything cannot speak. */
export function echoServer(): McpServer {
  const server = new McpServer({ name: 'sdk-echo', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echoes the message back', inputSchema: z.object({ message: z.string() }) },
    ({ message }) => ({ content: [{ type: 'text', text: `Echo: ${message}` }] }),
  );
  return server;
}
