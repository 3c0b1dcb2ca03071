import {
  DESKTOP_INPUTS,
  type DesktopEvent,
  type DesktopOperation,
  type DesktopOutputs,
  type OperationInput,
} from './desktop-api.ts';
import type { DesktopClient } from './desktop-client.ts';

/** An admin API error, with the server's own message. */
export class DesktopError extends Error {
  override name = 'DesktopError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** The DesktopApi over the server's `/admin` HTTP routes (browser mode). */
export function httpDesktopClient(baseUrl: string, token: string): DesktopClient {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async <K extends DesktopOperation>(operation: K, input: OperationInput<K>) => {
    const response = await fetch(`${baseUrl}/admin/api/${operation}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
    });
    const body = (await response.json().catch(() => ({}))) as {
      error?: { code: string; message: string };
    };
    if (!response.ok) {
      throw new DesktopError(
        body.error?.code ?? String(response.status),
        body.error?.message ?? `the server answered ${response.status}`,
      );
    }
    return body as DesktopOutputs[K];
  };
  const operations = Object.keys(DESKTOP_INPUTS) as DesktopOperation[];
  const api = Object.fromEntries(
    operations.map((operation) => [operation, (input: never) => call(operation, input)]),
  ) as unknown as Omit<DesktopClient, 'subscribe'>;
  return {
    ...api,
    subscribe(listener, onError) {
      const aborter = new AbortController();
      void readEvents(`${baseUrl}/admin/events`, headers, aborter.signal, listener).catch(
        (error: Error) => {
          if (!aborter.signal.aborted) onError(error);
        },
      );
      return () => aborter.abort();
    },
  };
}

/** Server-sent events read with fetch, which, unlike EventSource, can send the token. */
async function readEvents(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  listener: (event: DesktopEvent) => void,
): Promise<void> {
  const response = await fetch(url, { headers, signal });
  if (!response.ok || !response.body)
    throw new Error(`events: the server answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the server closed the event stream');
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (frame.startsWith('data: ')) listener(JSON.parse(frame.slice(6)) as DesktopEvent);
    }
  }
}
