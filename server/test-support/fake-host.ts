// A stand-in for the server's upstream layer in engine tests: a HostServices that answers each
// ask as a script says and keeps every ask, so a test can count them and see their signals.
import type { HostServices } from '../engine/engine-types.ts';
import type { HostAnswers, HostAsk, HostAskType } from '../sandbox/protocol.ts';

type Answer = HostAnswers[HostAskType];

export interface ScriptedHost extends HostServices {
  /** Every ask, in the order made, with the session and the signal it came with. */
  readonly asks: { request: HostAsk; session: string; signal: AbortSignal }[];
}

/** A host answering each ask with what `script` gives for it (awaited). */
export function scriptedHost(
  script: (request: HostAsk, signal: AbortSignal) => Answer | Promise<Answer>,
): ScriptedHost {
  const asks: ScriptedHost['asks'] = [];
  return {
    asks,
    async ask<T extends HostAskType>(
      request: Extract<HostAsk, { type: T }>,
      { session, signal }: { session: string; signal: AbortSignal },
    ): Promise<HostAnswers[T]> {
      asks.push({ request, session, signal });
      // The script answers an ask of each type with that type's answer.
      return (await script(request, signal)) as HostAnswers[T];
    },
  };
}

/** A tool's CallToolResult as the upstream layer answers it. */
export function toolResult(result: object): { result: string; bytes: number } {
  const text = JSON.stringify(result);
  return { result: text, bytes: Buffer.byteLength(text) };
}

/** A result of text items. */
export const textResult = (...texts: string[]) =>
  toolResult({ content: texts.map((text) => ({ type: 'text', text })) });

/** Never answers: rejects with the signal's reason once the ask is withdrawn. */
export const untilAborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
