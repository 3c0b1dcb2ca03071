import type { Readable, Writable } from 'node:stream';
import { RPC_ERROR } from '../http/json-rpc-error.ts';

/**
 * Answers every JSON-RPC request read from `input` with an error carrying its id and `message`,
 * until `until` settles; notifications need no answer. What was read of an unfinished line is
 * put back on `input`, for whoever reads it next.
 */
export async function refuseRequests(
  input: Readable,
  output: Writable,
  message: string,
  until: Promise<void>,
): Promise<void> {
  let unfinished = '';
  const onData = (chunk: Buffer | string) => {
    const lines = (unfinished + chunk.toString()).split('\n');
    unfinished = lines.pop() ?? '';
    for (const line of lines) {
      const id = requestId(line);
      if (id === undefined) continue;
      const error = { code: RPC_ERROR.refused, message };
      output.write(`${JSON.stringify({ jsonrpc: '2.0', id, error })}\n`);
    }
  };
  input.on('data', onData);
  input.resume();
  await until;
  input.off('data', onData);
  input.pause();
  if (unfinished) input.unshift(Buffer.from(unfinished));
}

/** The id of the request on `line`; undefined for a notification, a response or no JSON. */
function requestId(line: string): string | number | undefined {
  try {
    const message = JSON.parse(line) as { id?: unknown; method?: unknown };
    const { id, method } = message;
    if (typeof method !== 'string') return undefined;
    return typeof id === 'string' || typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}
