import { answerOf, type DesktopAnswer } from '../../contract/desktop-answer.ts';
import { DESKTOP_INPUTS, type DesktopOperation } from '../../contract/desktop-api.ts';
import type { DesktopClient } from '../../contract/desktop-client.ts';
import { DesktopError } from '../../contract/http-desktop-client.ts';
import { inputProblems } from '../../contract/input-problems.ts';
import { channelOf, DESKTOP_OPERATIONS, type DesktopChannel } from './desktop-channels.ts';

/** What the handlers need of Electron's `ipcMain`: registering a handler for a channel. */
export interface HandlerRegistry<Event> {
  handle(
    channel: DesktopChannel,
    handler: (event: Event, input: unknown) => Promise<DesktopAnswer>,
  ): void;
}

/**
 * Answers every DesktopApi operation arriving over IPC with the server's admin API, as a
 * DesktopAnswer (a thrown error would reach the page as its message alone). Only the GUI's own
 * frame is answered (`trusted`), and inputs are checked here too: the renderer is not trusted
 * more than a browser page. The codes are the admin API's over HTTP.
 */
export function registerDesktopHandlers<Event>(
  ipc: HandlerRegistry<Event>,
  server: () => DesktopClient | undefined,
  trusted: (event: Event) => boolean,
): void {
  for (const operation of DESKTOP_OPERATIONS) {
    ipc.handle(channelOf(operation), (event, input) =>
      answerOf(async () => {
        if (!trusted(event)) {
          throw new DesktopError(
            'forbidden',
            `${operation}: refused, the caller is not the MCP Isolate window`,
          );
        }
        const parsed = DESKTOP_INPUTS[operation].safeParse(input ?? {});
        if (!parsed.success) {
          throw new DesktopError(
            'invalid_input',
            `${operation}: ${inputProblems(parsed.error, 'input')}`,
          );
        }
        const client = server();
        if (!client) {
          throw new DesktopError('not_running', 'the MCP Isolate server is not running yet');
        }
        const call = client[operation as DesktopOperation] as (input: unknown) => Promise<unknown>;
        return call(parsed.data);
      }),
    );
  }
}
