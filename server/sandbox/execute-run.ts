import type ivm from 'isolated-vm';
import type { CancelledTimer, ConsoleLine, RunFailureKind, RunLimits } from './protocol.ts';
import { beginStep, NEXT_STEP, replaySteps, type StepEntry, scriptStep } from './run-steps.ts';
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

/** Runs one entry live: begin, the script, then a step per timer until the run is over. */
export async function executeRun(
  context: ivm.Context,
  entry: StepEntry,
  limits: RunLimits,
): Promise<GuestOutcome> {
  const deadline = performance.now() + limits.timeoutMs;
  const step = (script: GuestScript) => evalStep(context, script, deadline, limits);
  await step(beginStep(entry, limits.outputBytes));
  await step(scriptStep(entry));
  let answer = await step(NEXT_STEP);
  // Each step fires one timer; its microtasks drain before the next one.
  while (answer === 1) answer = await step(NEXT_STEP);
  return JSON.parse(answer as string) as GuestOutcome;
}

/** Replays a committed entry into a live context; it must take exactly its recorded steps. */
export async function replayEntry(
  context: ivm.Context,
  entry: StepEntry & { ticks: number },
  limits: RunLimits,
): Promise<void> {
  const deadline = performance.now() + limits.timeoutMs;
  const steps = replaySteps(entry);
  for (const [index, script] of steps.entries()) {
    const answer = await evalStep(context, script, deadline, limits);
    const isTimerStep = script === NEXT_STEP && index < steps.length - 1;
    if (isTimerStep && answer !== 1) {
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
