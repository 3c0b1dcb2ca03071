// The fetch of HTTP upstreams: never to this server's own port on this machine (a server calling
// itself would wait on its own session's queue), and never more than `maxBytes` in one response
// or, on an event stream, in one event, so a hostile server cannot fill the server's memory.
import type { FetchLike } from '@modelcontextprotocol/client';
import { outboundFetch } from '../sandbox/net/outbound-fetch.ts';

/** Why a response was cut. */
export class MessageTooLarge extends Error {
  override name = 'MessageTooLarge';
}

const BLANK_LINE = Buffer.from('\n\n');

export function cappedFetch(ownPort: number | undefined, maxBytes: number): FetchLike {
  const fetch = outboundFetch(ownPort);
  return async (url, init) => {
    const response = await fetch(url, init);
    if (!response.body) return response;
    const events = response.headers.get('content-type')?.includes('text/event-stream') ?? false;
    let counted = 0;
    let last = 0;
    const capped = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          counted += chunk.byteLength;
          if (events) {
            // Counted since the last event ended; the byte before the chunk may start the blank line.
            const joined = Buffer.concat([Buffer.of(last), chunk]);
            const end = joined.lastIndexOf(BLANK_LINE);
            if (end >= 0) counted = joined.length - end - BLANK_LINE.length;
            last = chunk[chunk.byteLength - 1] ?? last;
          }
          if (counted > maxBytes) {
            controller.error(new MessageTooLarge(`sent a message over ${maxBytes} bytes`));
            return;
          }
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(capped, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
