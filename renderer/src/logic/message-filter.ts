import type { LoggedMessage } from '../../../contract/server-types.ts';

export interface MessageFilter {
  connection: string;
  direction: '' | 'in' | 'out';
  method: string;
  errorsOnly: boolean;
  text: string;
}

export const NO_FILTER: MessageFilter = {
  connection: '',
  direction: '',
  method: '',
  errorsOnly: false,
  text: '',
};

/** The messages a filter lets through, in order; text search looks inside the bodies too. */
export function filterMessages(messages: LoggedMessage[], filter: MessageFilter): LoggedMessage[] {
  const method = filter.method.trim().toLowerCase();
  const text = filter.text.trim().toLowerCase();
  if (!filter.connection && !filter.direction && !method && !filter.errorsOnly && !text) {
    return messages;
  }
  return messages.filter(
    (message) =>
      (!filter.connection || message.connection === filter.connection) &&
      (!filter.direction || message.direction === filter.direction) &&
      (!method || (message.method ?? '').toLowerCase().includes(method)) &&
      (!filter.errorsOnly || message.isError === true) &&
      (!text || searchText(message).includes(text)),
  );
}

const searchCache = new WeakMap<LoggedMessage, string>();

function searchText(message: LoggedMessage): string {
  let text = searchCache.get(message);
  if (text === undefined) {
    text =
      `${message.method ?? ''} ${String(message.id ?? '')} ${JSON.stringify(message.body)}`.toLowerCase();
    searchCache.set(message, text);
  }
  return text;
}

/** The request a response answers, or the response to a request, on the same connection. */
export function counterpart(
  messages: LoggedMessage[],
  message: LoggedMessage,
): LoggedMessage | undefined {
  if (message.id === undefined || message.kind === 'notification') return undefined;
  const wanted = message.kind === 'request' ? 'response' : 'request';
  return messages.find(
    (other) =>
      other.connection === message.connection &&
      other.id === message.id &&
      other.kind === wanted &&
      other.direction !== message.direction,
  );
}

/** The messages as JSON lines, for export. */
export function toJsonLines(messages: LoggedMessage[]): string {
  return messages.map((message) => `${JSON.stringify(message)}\n`).join('');
}
