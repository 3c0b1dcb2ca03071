import {
  DESKTOP_INPUTS,
  type DesktopEvent,
  type DesktopOperation,
  type DesktopOutputs,
  type OperationInput,
} from './desktop-api.ts';
import type { DesktopClient } from './desktop-client.ts';

/**
 * Why nothing the window asks can succeed: it has no admin token, the server refused the one it
 * has (wrong, or replaced by a new one), or nothing answers at the server's address.
 */
export type ConnectionFailure = 'token-missing' | 'token-refused' | 'unreachable';

/** An admin API error, with the server's own message. */
export class DesktopError extends Error {
  override name = 'DesktopError';
  readonly code: string;
  /** Set when the server cannot be used at all, whatever is asked. */
  readonly failure?: ConnectionFailure;
  constructor(code: string, message: string, failure?: ConnectionFailure) {
    super(message);
    this.code = code;
    if (failure) this.failure = failure;
  }
}

/** The DesktopApi over the server's `/admin` HTTP routes (browser mode). */
export function httpDesktopClient(baseUrl: string, token: string): DesktopClient {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async <K extends DesktopOperation>(operation: K, input: OperationInput<K>) => {
    const response = await reach(baseUrl, `/admin/api/${operation}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
    });
    const body = await bodyOf(response);
    if (!response.ok) throw refusal(response.status, body);
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
      void readEvents(baseUrl, headers, aborter.signal, listener).catch((error: Error) => {
        if (!aborter.signal.aborted) onError(error);
      });
      return () => aborter.abort();
    },
  };
}

/** Server-sent events read with fetch, which, unlike EventSource, can send the token. */
async function readEvents(
  baseUrl: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  listener: (event: DesktopEvent) => void,
): Promise<void> {
  const response = await reach(baseUrl, '/admin/events', { headers, signal });
  if (!response.ok || !response.body) {
    const { code, message, failure } = refusal(response.status, await bodyOf(response));
    throw new DesktopError(
      code,
      `events: the server answered ${response.status}: ${message}`,
      failure,
    );
  }
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

/** A request to the server; nothing answering at all is the `unreachable` failure. */
async function reach(baseUrl: string, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${baseUrl}${path}`, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    const cause = error instanceof Error ? error.message : String(error);
    throw new DesktopError(
      'unreachable',
      `nothing answers at ${baseUrl} (${cause})`,
      'unreachable',
    );
  }
}

/** An answer's JSON body, or an empty object when it has none. */
const bodyOf = (response: Response): Promise<unknown> => response.json().catch(() => ({}));

/** The server's refusal, with its code and message; a refused token is the whole client's failure. */
function refusal(status: number, body: unknown): DesktopError {
  const error = (body as { error?: { code: string; message: string } } | null)?.error;
  return new DesktopError(
    error?.code ?? String(status),
    error?.message ?? `the server answered ${status}`,
    status === 401 ? 'token-refused' : undefined,
  );
}
