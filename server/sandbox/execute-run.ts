import type ivm from 'isolated-vm';
import type { CancelledTimer, ConsoleLine, RunFailureKind, RunLimits } from './protocol.ts';
import {
  beginStep,
  FINISH_STEP,
  replaySteps,
  type StepEntry,
  scriptStep,
  TICK_STEP,
} from './run-steps.ts';
import type { GuestScript } from './runtime-source.ts';

/** What `__mcpi.finish()` reports. */
export interface GuestOutcome {
  console: ConsoleLine[];
  overflow: boolean;
  cancelledTimers: CancelledTimer[];
  ticks: number;
  value?: string;
  error?: { name: string; message: string; stack?: string; where?: string };
}

export class SandboxFailure extends Error {
  readonly kind: RunFailureKind;
  constructor(kind: RunFailureKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** Runs one entry live: begin, the script, timer ticks until the run settles, finish. */
export async function executeRun(
  context: ivm.Context,
  entry: StepEntry,
  limits: RunLimits,
): Promise<GuestOutcome> {
  const deadline = performance.now() + limits.timeoutMs;
  const step = (script: GuestScript) => evalStep(context, script, deadline, limits);
  await step(beginStep(entry, limits.outputBytes));
  await step(scriptStep(entry));
  while ((await step(TICK_STEP)) === 1) {
    // Each tick fires one timer; its microtasks drain before the next one.
  }
  return JSON.parse((await step(FINISH_STEP)) as string) as GuestOutcome;
}

/** Replays a committed entry into a live context; it must take exactly its recorded steps. */
export async function replayEntry(
  context: ivm.Context,
  entry: StepEntry & { ticks: number },
  limits: RunLimits,
): Promise<void> {
  const deadline = performance.now() + limits.timeoutMs;
  for (const script of replaySteps(entry)) {
    const result = await evalStep(context, script, deadline, limits);
    if (script.filename.endsWith('tick') && result !== 1) {
      throw new SandboxFailure(
        'restore_failed',
        'replaying the journal diverged from the live run',
      );
    }
  }
}

async function evalStep(
  context: ivm.Context,
  script: GuestScript,
  deadline: number,
  limits: RunLimits,
): Promise<unknown> {
  const timeout = Math.ceil(deadline - performance.now());
  try {
    // Many quick steps (an endless interval) can outlast the deadline without one timing out.
    if (timeout <= 0) throw new Error('timed out');
    return await context.eval(script.code, { filename: script.filename, timeout, copy: true });
  } catch (error) {
    throw classify(error, limits);
  }
}

function classify(error: unknown, limits: RunLimits): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/timed out/i.test(message)) {
    return new SandboxFailure(
      'timeout',
      `Timeout: the run took longer than the limit timeoutMs=${limits.timeoutMs}`,
    );
  }
  // isolated-vm disposes an isolate that hits its heap limit mid-run.
  if (/memory limit|disposed/i.test(message)) {
    return new SandboxFailure(
      'memory_limit',
      `Memory limit: the isolate ran out of its memoryMb=${limits.memoryMb} MiB`,
    );
  }
  if ((error as Error)?.name === 'SyntaxError') return new SandboxFailure('syntax_error', message);
  return error instanceof Error ? error : new Error(message);
}
