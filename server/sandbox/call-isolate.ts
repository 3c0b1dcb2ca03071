// How the host calls into an isolate: scripts sent at once and run in order, every part of the
// call bounded by a deadline.
import type ivm from 'isolated-vm';
import type { GuestScript } from './guest-calls.ts';
import { RunError } from './run-errors.ts';

/** An isolate and the context the host calls into. */
export interface Sandbox {
  isolate: ivm.Isolate;
  context: ivm.Context;
}

/** What a series of host calls answered, in order, up to the first that failed (`error`). */
export interface Answers {
  answers: unknown[];
  error?: unknown;
}

/**
 * How long past its deadline a host call may go on before its isolate is disposed. isolated-vm's
 * timeout covers running the script, but not what follows: an error leaving the isolate has its
 * stack formatted through the guest's Error.prepareStackTrace outside it (the runtime throws
 * nothing out, but a compile error of the script still can).
 */
const OVERRUN_GRACE_MS = 500;

/**
 * Sends `scripts` into the isolate at once. isolated-vm runs them one after another in the order
 * sent, draining microtasks after each, exactly as calls made one at a time (or a snapshot's
 * replay) would, but without a round trip between them: a warm run's three calls cost one.
 *
 * Everything is bounded by `deadline`. A script queued behind another starts late, so its own
 * timeout would end past the deadline: once the first has answered, the deadline itself disposes
 * the isolate. After a failure, the isolate is disposed if scripts are still queued (they would
 * run on a state nobody keeps). A runtime call that failed inside answers "!message" (see
 * runtime.js): that is a failure too.
 */
export async function callInOrder(
  { isolate, context }: Sandbox,
  scripts: GuestScript[],
  deadline: number,
): Promise<Answers> {
  const timeout = Math.ceil(deadline - performance.now());
  // Many quick steps (an endless interval) can outlast the deadline without one timing out.
  if (timeout <= 0) return { answers: [], error: new OverrunError() };
  let overran = false;
  const overrun = () => {
    overran = true;
    if (!isolate.isDisposed) isolate.dispose();
  };
  let watchdog = setTimeout(overrun, timeout + OVERRUN_GRACE_MS);
  const calls = scripts.map((script) =>
    context.eval(script.code, { filename: script.filename, timeout, copy: true }),
  );
  const answers: unknown[] = [];
  try {
    for (const call of calls) {
      let error: unknown;
      try {
        const answer = await call;
        if (typeof answer === 'string' && answer.startsWith('!')) {
          error = new RunError('thrown', `the sandbox runtime failed: ${answer.slice(1)}`);
        } else if (!overran) {
          answers.push(answer);
        }
      } catch (thrown) {
        error = thrown;
      }
      if (overran) error = new OverrunError();
      if (error !== undefined) {
        if (answers.length + 1 < calls.length && !isolate.isDisposed) isolate.dispose();
        await Promise.allSettled(calls);
        return { answers, error };
      }
      if (answers.length === 1 && calls.length > 1) {
        clearTimeout(watchdog);
        watchdog = setTimeout(overrun, Math.max(0, deadline - performance.now()));
      }
    }
    return { answers };
  } finally {
    clearTimeout(watchdog);
  }
}

/** One host call into the isolate (see callInOrder): its answer, or what it failed with. */
export async function callIsolate(
  sandbox: Sandbox,
  script: GuestScript,
  deadline: number,
): Promise<unknown> {
  const { answers, error } = await callInOrder(sandbox, [script], deadline);
  if (error !== undefined) throw error;
  return answers[0];
}

/** A host call that did not end by its deadline (timed out, or disposed for overrunning it). */
export class OverrunError extends Error {
  constructor() {
    super('timed out');
  }
}
