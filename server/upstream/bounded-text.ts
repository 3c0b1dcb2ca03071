// What an upstream server says in its own words (a JSON-RPC error's message, a transport's error)
// as the server passes it on to code, the journal, the window and the log: at most a KiB, since a
// hostile server could otherwise send megabytes past mcpResultBytes and mcpTotalBytes.

/** The most of an upstream's own text that is kept, in UTF-8 bytes. */
export const UPSTREAM_TEXT_BYTES = 1024;

/** `text` cut to `maxBytes` bytes (never inside a character), saying how long it was. */
export function boundedText(text: string, maxBytes = UPSTREAM_TEXT_BYTES): string {
  // A string of n characters is at most 3n bytes: most texts need no encoding to know.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text);
  if (bytes.byteLength <= maxBytes) return text;
  // A character cut in two decodes as U+FFFD at the end: dropped.
  const kept = bytes
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return `${kept}… (${bytes.byteLength} bytes)`;
}
