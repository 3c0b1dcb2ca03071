import { DESKTOP_INPUTS, type DesktopOperation } from './desktop-api.ts';
import type { DesktopClient } from './desktop-client.ts';
import { type ConnectionFailure, DesktopError } from './http-desktop-client.ts';

// Electron passes only an error's message from an IPC handler to the renderer, and only its
// message again across the preload's contextBridge. So the main process answers every call with
// its outcome as data, and the page itself turns a refusal back into the DesktopError the HTTP
// client would have thrown: the GUI behaves the same in the app and in a browser.

/** A DesktopError as data. */
export interface DesktopRefusal {
  code: string;
  message: string;
  failure?: ConnectionFailure;
}

/** What an IPC call answers: its value, or why it failed. */
export type DesktopAnswer<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: DesktopRefusal };

/** The answer for `work`: its value, or its error with its code (`internal` for a bare Error). */
export async function answerOf<T>(work: () => Promise<T>): Promise<DesktopAnswer<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof DesktopError) {
      const { code, message, failure } = error;
      return { ok: false, error: { code, message, ...(failure && { failure }) } };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal', message } };
  }
}

/** The answer's value, or its refusal thrown as the DesktopError it was. */
export function answeredValue<T>(answer: DesktopAnswer<T>): T {
  if (answer.ok) return answer.value;
  const { code, message, failure } = answer.error;
  throw new DesktopError(code, message, failure);
}

/** What the preload exposes: each operation answering a DesktopAnswer, and the event stream. */
export type DesktopBridge = {
  [K in DesktopOperation]: (input: unknown) => Promise<DesktopAnswer>;
} & {
  subscribe: DesktopClient['subscribe'];
};

/** The DesktopClient over the preload's bridge, made in the page so its errors are its own. */
export function clientOverBridge(bridge: DesktopBridge): DesktopClient {
  const operations = Object.keys(DESKTOP_INPUTS) as DesktopOperation[];
  const api = Object.fromEntries(
    operations.map((operation) => [
      operation,
      async (input: unknown) => answeredValue(await bridge[operation](input)),
    ]),
  ) as unknown as Omit<DesktopClient, 'subscribe'>;
  return { ...api, subscribe: (listener, onError) => bridge.subscribe(listener, onError) };
}
