import type { ServerResponse } from 'node:http';

/** A comment line every so often keeps proxies and clients from closing a quiet stream. */
const SSE_KEEP_ALIVE_MS = 15_000;

/** Writes a keep-alive comment on an event stream every SSE_KEEP_ALIVE_MS; returns the stop. */
export function keepStreamAlive(res: ServerResponse): () => void {
  const timer = setInterval(() => res.write(': keep-alive\n\n'), SSE_KEEP_ALIVE_MS);
  return () => clearInterval(timer);
}
