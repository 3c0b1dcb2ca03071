import type ivm from 'isolated-vm';
import type { CancelledTimer, ConsoleLine, RunFailureKind, RunLimits } from './protocol.ts';
import {
  beginStep,
  nextStep,
  type ReplayEntry,
  replaySteps,
  runKey,
  type StepEntry,
  scriptStep,
} from './run-steps.ts';
import type { GuestScript } from './runtime-source.ts';

/** What `__mcpi.finish()` reports. */
export interface GuestOutcome {
  console: ConsoleLine[];
  overflow: boolean;
  cancelledTimers: CancelledTimer[];
  ticks: number;
  /** Fingerprint of the outcome, which a snapshot's replay must reproduce. */
  check: number;
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
  const key = runKey();
  await step(beginStep(entry, key));
  await step(scriptStep(entry));
  // Each step fires one timer; its microtasks drain before the next one. The host counts the
  // timers itself: nothing the guest answers decides what replay will do.
  let ticks = 0;
  let answer = await step(nextStep(key));
  for (; answer === 1; ticks++) answer = await step(nextStep(key));
  return { ...parseOutcome(answer), ticks };
}

/** The guest's answer, checked: `FINGERPRINT JSON` in the expected shape, or a failure. */
function parseOutcome(answer: unknown): GuestOutcome {
  const [, check, json] = (typeof answer === 'string' && /^(\d+) (.*)$/s.exec(answer)) || [];
  let outcome: GuestOutcome | undefined;
  try {
    outcome = json === undefined ? undefined : { ...JSON.parse(json), check: Number(check) };
  } catch {
    outcome = undefined;
  }
  const valid =
    outcome !== undefined &&
    Array.isArray(outcome.console) &&
    outcome.console.every(
      (line) => typeof line?.level === 'string' && typeof line.text === 'string',
    ) &&
    Array.isArray(outcome.cancelledTimers) &&
    (outcome.value === undefined || typeof outcome.value === 'string');
  if (!valid) throw new SandboxFailure('thrown', 'the run ended with a malformed outcome');
  return outcome as GuestOutcome;
}

/**
 * Replays a committed entry into a live context; it must take exactly its recorded steps. Its
 * outcome is not checked: a live isolate has the live run's limits (unless a setting changed
 * since, and then a session that still restores beats one that no longer does).
 */
export async function replayEntry(
  context: ivm.Context,
  entry: ReplayEntry,
  limits: RunLimits,
): Promise<void> {
  const deadline = performance.now() + limits.timeoutMs;
  const steps = replaySteps(entry, false);
  for (const [index, script] of steps.entries()) {
    const answer = await evalStep(context, script, deadline, limits);
    const isTimerStep = index >= 2 && index < steps.length - 1;
    const isLast = index === steps.length - 1;
    if ((isTimerStep && answer !== 1) || (isLast && typeof answer !== 'string')) {
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
