import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { rpcOf } from './message-summary.ts';

/** A piece of a message as a person reads it: code as code, console as lines, not JSON. */
export type DetailPart =
  | { kind: 'fields'; fields: [string, string][] }
  | { kind: 'code'; text: string }
  | { kind: 'console'; lines: { level: string; text: string }[] }
  | { kind: 'value'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'json'; value: unknown };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

const isEmpty = (value: unknown) =>
  value === undefined || (Array.isArray(value) && value.length === 0);

/** Fields worth a line each, in their order; the ones named in `skip` are shown otherwise. */
function fieldsOf(record: Record<string, unknown>, skip: string[]): DetailPart[] {
  const fields = Object.entries(record)
    .filter(([key, value]) => !skip.includes(key) && !isEmpty(value))
    .map(([key, value]): [string, string] => [key, shown(value)]);
  return fields.length > 0 ? [{ kind: 'fields', fields }] : [];
}

const isConsole = (value: unknown): value is { level: string; text: string }[] =>
  Array.isArray(value) && value.every((line) => isRecord(line) && typeof line.text === 'string');

/**
 * A message in readable parts: a tool call's arguments with its code as code; a run's result
 * as its console lines, value or error; an error as its message; other results as their text;
 * anything else as JSON. A body cut for its size is its text as kept.
 */
export function readableParts(message: LoggedMessage): DetailPart[] {
  if (message.truncated) return [{ kind: 'text', text: String(message.body) }];
  const rpc = rpcOf(message);
  const args = rpc.params?.arguments;
  if (message.kind === 'request' && isRecord(args)) {
    const code = args.code;
    return [
      ...fieldsOf({ tool: rpc.params?.name, ...args }, ['code']),
      ...(typeof code === 'string' ? [{ kind: 'code' as const, text: code }] : []),
    ];
  }
  if (rpc.error !== undefined) {
    const { code, message: text, data } = rpc.error;
    return [
      {
        kind: 'error',
        text: `${shown(text)}${code !== undefined ? ` (code ${shown(code)})` : ''}`,
      },
      ...(data !== undefined ? [{ kind: 'json' as const, value: data }] : []),
    ];
  }
  const result = rpc.result;
  const run = result?.structuredContent;
  if (isRecord(run) && isConsole(run.console)) return runParts(run, run.console);
  if (isRecord(result) && Array.isArray(result.content)) {
    const texts = result.content.filter(
      (item): item is { text: string } => isRecord(item) && typeof item.text === 'string',
    );
    if (texts.length > 0) {
      return texts.map((item) => ({ kind: result.isError ? 'error' : 'text', text: item.text }));
    }
  }
  return [{ kind: 'json', value: message.body }];
}

/** A run's result: where it ran, its console, and its value or error. */
function runParts(
  run: Record<string, unknown>,
  lines: { level: string; text: string }[],
): DetailPart[] {
  const error = isRecord(run.error) ? run.error : undefined;
  return [
    ...fieldsOf(run, ['console', 'value', 'error']),
    ...(lines.length > 0 ? [{ kind: 'console' as const, lines }] : []),
    error
      ? {
          kind: 'error',
          text: typeof error.stack === 'string' ? error.stack : `${error.name}: ${error.message}`,
        }
      : { kind: 'value', text: typeof run.value === 'string' ? run.value : 'undefined' },
  ];
}
