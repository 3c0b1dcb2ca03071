// A worker's asks of the server process, which alone holds the user's other MCP servers: each ask
// is numbered, sent with the run asking, and settled by the server's reply. Withdrawing one (the
// run's cancel, its deadline) tells the server, which aborts the call upstream.
import type { HostAnswers, HostAsk, HostAskType, HostReply, WorkerAsk } from './protocol.ts';

interface Waiting {
  resolve: (answer: HostAnswers[HostAskType]) => void;
  reject: (error: Error) => void;
}

export class HostAsks {
  private readonly send: (message: WorkerAsk) => void;
  private readonly waiting = new Map<number, Waiting>();
  private next = 1;

  constructor(send: (message: WorkerAsk) => void) {
    this.send = send;
  }

  /** Asks on behalf of run request `run`; aborting `signal` withdraws the ask. */
  ask<T extends HostAskType>(
    run: number,
    request: Extract<HostAsk, { type: T }>,
    signal: AbortSignal,
  ): Promise<HostAnswers[T]> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const ask = this.next++;
    return new Promise<HostAnswers[T]>((resolve, reject) => {
      const withdraw = () => {
        if (!this.waiting.delete(ask)) return;
        this.send({ type: 'ask-cancel', ask });
        reject(signal.reason);
      };
      this.waiting.set(ask, {
        // The server answers an ask of each type with that type's answer (HostAnswers).
        resolve: (answer) => {
          signal.removeEventListener('abort', withdraw);
          resolve(answer as HostAnswers[T]);
        },
        reject: (error) => {
          signal.removeEventListener('abort', withdraw);
          reject(error);
        },
      });
      signal.addEventListener('abort', withdraw, { once: true });
      this.send({ type: 'ask', ask, run, request });
    });
  }

  /** Settles the ask a reply answers; a reply to an ask withdrawn or unknown is dropped. */
  settle(reply: HostReply): void {
    const waiting = this.waiting.get(reply.ask);
    if (!waiting) return;
    this.waiting.delete(reply.ask);
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
  }
}
