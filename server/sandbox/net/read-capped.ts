/**
 * A response's body, at most `limit` bytes: one that announces more, or brings one byte more,
 * throws `tooLarge()` and cancels the stream. Each chunk is told to `received` as it arrives, so
 * a caller can bound what several bodies hold together (it may throw too).
 */
export async function readCapped(
  response: Response,
  limit: number,
  tooLarge: () => Error,
  received?: (bytes: number) => void,
): Promise<Buffer> {
  if (Number(response.headers.get('content-length')) > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop cancels the stream.
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    if (total > limit) throw tooLarge();
    received?.(chunk.byteLength);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
