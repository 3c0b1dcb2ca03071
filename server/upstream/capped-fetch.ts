// The fetch of HTTP upstreams: never to this server's own port on this machine (a server calling
// itself would wait on its own session's queue), and never more than `maxBytes` in one response
// or, on an event stream, in one event, so a hostile server cannot fill the server's memory.
import type { FetchLike } from '@modelcontextprotocol/client';
import { outboundFetch } from '../sandbox/net/outbound-fetch.ts';

/** Why a response was cut. */
export class MessageTooLarge extends Error {
  override name = 'MessageTooLarge';
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Counts an event stream's bytes since its last event ended: an event ends at a blank line, its
 * lines ending in CRLF, CR or LF as the SSE standard allows (mixed too, and split across chunks).
 */
export class EventBytes {
  /** Bytes since the last event ended. */
  private since = 0;
  /** The last byte ended a line, so a line end now is a blank line. */
  private lineStart = true;
  /** The last byte was a CR, whose LF (if next) belongs to the same line end. */
  private afterCR = false;

  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Takes the next chunk: false once an event ran over the bound. */
  take(chunk: Uint8Array): boolean {
    for (const byte of chunk) {
      if (byte === LF && this.afterCR) {
        this.afterCR = false;
        continue;
      }
      if (byte === LF || byte === CR) {
        if (this.lineStart) this.since = 0;
        this.lineStart = true;
        this.afterCR = byte === CR;
        continue;
      }
      this.lineStart = false;
      this.afterCR = false;
      if (++this.since > this.maxBytes) return false;
    }
    return true;
  }
}

/** `tooLarge` hears of a cut response, which the SDK's EventSource would only retry. */
export function cappedFetch(
  ownPort: number | undefined,
  maxBytes: number,
  tooLarge: () => void = () => undefined,
): FetchLike {
  const fetch = outboundFetch(ownPort);
  return async (url, init) => {
    const response = await fetch(url, init);
    if (!response.body) return response;
    const events = response.headers.get('content-type')?.includes('text/event-stream') ?? false;
    const eventBytes = new EventBytes(maxBytes);
    let counted = 0;
    const capped = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          counted += chunk.byteLength;
          if (events ? !eventBytes.take(chunk) : counted > maxBytes) {
            tooLarge();
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
