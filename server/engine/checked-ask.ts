// A sandbox worker's ask as the pool passes it to the host. The worker is untrusted (one whose
// guest escaped its isolate can send anything): an ask of any other shape is refused, and its
// bounds are held to the run's own limits, so a forged ask gets no more than the run's code could.
import type { HostAsk, RunLimits } from '../sandbox/protocol.ts';

const MALFORMED = { refused: 'the ask is malformed' };

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** `request` as a HostAsk within the run's `limits`, or a refusal. */
export function checkedAsk(request: unknown, limits: RunLimits): HostAsk | { refused: string } {
  if (typeof request !== 'object' || request === null) return MALFORMED;
  const {
    type,
    server,
    tool,
    arguments: args,
    maxBytes,
    timeoutMs,
  } = request as Record<string, unknown>;
  if (!isCount(maxBytes) || !isCount(timeoutMs)) return MALFORMED;
  const bounds = {
    maxBytes: Math.min(maxBytes, limits.mcpResultBytes),
    timeoutMs: Math.min(timeoutMs, limits.timeoutMs),
  };
  if (type === 'tool-list') return { type, ...bounds };
  const named = typeof server === 'string' && typeof tool === 'string';
  if (type !== 'tool-call' || !named || typeof args !== 'string') return MALFORMED;
  return { type, server, tool, arguments: args, ...bounds };
}
