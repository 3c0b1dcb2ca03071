import type { LoggedMessage } from '../../../contract/logged-message.ts';

/** Where a call stands: a request takes its response's status, or waits for one. */
export const MESSAGE_STATUSES = [
  'pending',
  'ok',
  'tool error',
  'protocol error',
  'no answer',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** What a row of the log says of a message. */
export interface MessageSummary {
  /** The method and the tool, prompt or resource it names: `tools/call run_js`. */
  call: string;
  /** The session a run went to, when the request or its response names one. */
  session?: string;
  /** None for a notification. */
  status?: MessageStatus;
  latencyMs?: number;
}

/** The parts of a JSON-RPC message the log reads; anything may be missing or of another type. */
export interface RpcBody {
  method?: unknown;
  params?: { name?: unknown; uri?: unknown; arguments?: Record<string, unknown> };
  result?: {
    isError?: unknown;
    content?: unknown;
    structuredContent?: Record<string, unknown>;
  };
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

/** A message's body as an object to read; a body cut for its size (a string) reads as empty. */
export function rpcOf(message: LoggedMessage | undefined): RpcBody {
  const body = message?.body;
  return !message?.truncated && typeof body === 'object' && body !== null ? (body as RpcBody) : {};
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The session a request names in its arguments, or a response says its run went to. */
export function sessionOf(message: LoggedMessage | undefined): string | undefined {
  const rpc = rpcOf(message);
  return text(rpc.params?.arguments?.session) ?? text(rpc.result?.structuredContent?.session);
}

/**
 * A row's summary of `message`, given its counterpart (the response to a request, or the request
 * a response answers) and whether its connection is still open (a request on a closed one will
 * get no answer).
 */
export function summarize(
  message: LoggedMessage,
  pair: LoggedMessage | undefined,
  open: boolean,
): MessageSummary {
  const request = message.kind === 'response' ? pair : message;
  const response = message.kind === 'response' ? message : pair;
  const params = rpcOf(request).params;
  const named = text(params?.name) ?? text(params?.uri);
  const method = message.method ?? '';
  const session = sessionOf(request) ?? sessionOf(response);
  const status =
    message.kind === 'notification'
      ? undefined
      : response
        ? responseStatus(response)
        : open
          ? 'pending'
          : 'no answer';
  const latencyMs = message.kind === 'notification' ? undefined : response?.latencyMs;
  return {
    call: named ? `${method} ${named}` : method,
    ...(session !== undefined && { session }),
    ...(status && { status }),
    ...(latencyMs !== undefined && { latencyMs }),
  };
}

/** A JSON-RPC error is the protocol's; a result with `isError` is the tool's. */
function responseStatus(response: LoggedMessage): MessageStatus {
  if (!response.isError) return 'ok';
  if (response.truncated) {
    // Only its first bytes are kept: an `error` key before any nested object is the message's own.
    return /^\{[^{]*"error":/.test(String(response.body)) ? 'protocol error' : 'tool error';
  }
  return rpcOf(response).error !== undefined ? 'protocol error' : 'tool error';
}
