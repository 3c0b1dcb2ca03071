import { DESKTOP_INPUTS, type DesktopOperation } from '../../contract/desktop-api.ts';
import type { DesktopClient } from '../../contract/desktop-client.ts';
import { inputProblems } from '../../contract/input-problems.ts';
import { channelOf, DESKTOP_OPERATIONS, type DesktopChannel } from './desktop-channels.ts';

/** What the handlers need of Electron's `ipcMain`: registering a handler for a channel. */
export interface HandlerRegistry<Event> {
  handle(
    channel: DesktopChannel,
    handler: (event: Event, input: unknown) => Promise<unknown>,
  ): void;
}

/**
 * Answers every DesktopApi operation arriving over IPC with the server's admin API. Only the
 * GUI's own frame is answered (`trusted`), and inputs are checked here too: the renderer is not
 * trusted more than a browser page.
 */
export function registerDesktopHandlers<Event>(
  ipc: HandlerRegistry<Event>,
  server: () => DesktopClient | undefined,
  trusted: (event: Event) => boolean,
): void {
  for (const operation of DESKTOP_OPERATIONS) {
    ipc.handle(channelOf(operation), async (event, input) => {
      if (!trusted(event))
        throw new Error(`${operation}: refused, the caller is not the MCP Isolate window`);
      const parsed = DESKTOP_INPUTS[operation].safeParse(input ?? {});
      if (!parsed.success) throw new Error(`${operation}: ${inputProblems(parsed.error, 'input')}`);
      const client = server();
      if (!client) throw new Error('the MCP Isolate server is not running yet');
      const call = client[operation as DesktopOperation] as (input: unknown) => Promise<unknown>;
      return call(parsed.data);
    });
  }
}
