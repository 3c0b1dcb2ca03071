import type { Readable, Writable } from 'node:stream';
import {
  StdioServerTransport,
  serveStdio as serveEitherEra,
} from '@modelcontextprotocol/server/stdio';
import type { ConnectionInfo } from '../../contract/connections.ts';
import { SERVER_STOPPED, type ServerState } from '../settings/server-state.ts';
import {
  afterClose,
  connectionServer,
  type McpContext,
  openMcpConnection,
} from './mcp-connection.ts';
import { refuseRequests } from './stdio-refusal.ts';

/**
 * Serves an MCP client over a pair of streams until the input ends, in the era its first message
 * opens (the SDK's `serveStdio` decides: `initialize`, or a message without a 2026 `_meta`, is
 * 2025's; a `server/discover` probe does not decide yet). While the server is stopped
 * the client's requests get errors with their ids; once it runs again, a new connection serves
 * the same client. A connection the window disconnects ends the output, so the client knows.
 */
export async function serveStdio(
  context: McpContext,
  input: Readable,
  output: Writable,
  state: Pick<ServerState, 'mcpRunning' | 'subscribe'>,
): Promise<void> {
  let inputOpen = true;
  const ended = new Promise<void>((resolve) => {
    input.once('end', resolve);
    input.once('close', resolve);
  }).then(() => {
    inputOpen = false;
  });
  let known: Pick<ConnectionInfo, 'client' | 'protocolVersion' | 'era'> = {};
  while (inputOpen) {
    if (!state.mcpRunning) {
      await refuseRequests(input, output, SERVER_STOPPED, runningOrEnded(state, ended));
      continue;
    }
    const transport = new StdioServerTransport(input, output);
    const connection = await openMcpConnection(context, 'stdio', transport, known, (opened) =>
      serveEitherEra(
        (served) => {
          // The SDK decides the era: the last server it asks for is the one it serves with.
          context.connections.identify(opened, { era: served.era });
          return connectionServer(context, opened, served.era);
        },
        { transport },
      ),
    );
    const closed = new Promise<void>((resolve) => afterClose(transport, resolve));
    context.connections.streamOpened(connection);
    // A transport closed before, or the refusal, paused the input.
    input.resume();
    await Promise.race([ended, closed]);
    const { client, protocolVersion, era } = connection;
    known = {
      ...(client && { client }),
      ...(protocolVersion && { protocolVersion }),
      ...(era && { era }),
    };
    if (!inputOpen) {
      await transport.close();
      return;
    }
    // The server ended the connection: stopped (refuse until it runs again) or disconnected.
    if (state.mcpRunning) {
      output.end();
      return;
    }
  }
}

/** Settles once the server runs again, or the input ended. */
function runningOrEnded(
  state: Pick<ServerState, 'mcpRunning' | 'subscribe'>,
  ended: Promise<void>,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      unsubscribe();
      resolve();
    };
    const unsubscribe = state.subscribe(() => {
      if (state.mcpRunning) done();
    });
    void ended.then(done);
  });
}
