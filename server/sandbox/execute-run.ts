import type ivm from 'isolated-vm';
import {
  beginStep,
  type GuestScript,
  nextStep,
  type ReplayEntry,
  replaySteps,
  runKey,
  type StepEntry,
  scriptStep,
} from './guest-calls.ts';
import type { CancelledTimer, ConsoleLine, RunLimits } from './protocol.ts';
import {
  limitBroken,
  RUN_ERRORS,
  RunError,
  type RunErrorCode,
  type RunErrorInfo,
} from './run-errors.ts';

/** What `__mcpi.finish()` reports. */
export interface GuestOutcome {
  console: ConsoleLine[];
  overflow: boolean;
  cancelledTimers: CancelledTimer[];
  moreCancelledTimers: number;
  ticks: number;
  /** Fingerprint of the outcome, which a snapshot's replay must reproduce. */
  check: number;
  value?: string;
  error?: RunErrorInfo;
}

/** Runs one entry live: begin, the script, then a step per timer until the run is over. */
export async function executeRun(
  sandbox: Sandbox,
  entry: StepEntry,
  limits: RunLimits,
): Promise<GuestOutcome> {
  const deadline = performance.now() + limits.timeoutMs;
  const step = (script: GuestScript) => evalStep(sandbox, script, deadline, limits);
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

/** The failures the guest runtime reports itself, by their run error code (`kind` in runtime.js). */
const GUEST_FAILURES: unknown[] = [
  'thrown',
  'never_settles',
  'render_failed',
] satisfies RunErrorCode[];

/** The guest's answer, checked: `FINGERPRINT JSON` in the expected shape, or a failure. */
function parseOutcome(answer: unknown): GuestOutcome {
  const [, check, json] = (typeof answer === 'string' && /^(\d+) (.*)$/s.exec(answer)) || [];
  let parsed: (Omit<GuestOutcome, 'error' | 'check'> & { error?: GuestError }) | undefined;
  try {
    parsed = json === undefined ? undefined : JSON.parse(json);
  } catch {
    parsed = undefined;
  }
  const valid =
    parsed !== undefined &&
    Array.isArray(parsed.console) &&
    parsed.console.every(
      (line) => typeof line?.level === 'string' && typeof line.text === 'string',
    ) &&
    Array.isArray(parsed.cancelledTimers) &&
    typeof parsed.moreCancelledTimers === 'number' &&
    (parsed.error === undefined || GUEST_FAILURES.includes(parsed.error.kind)) &&
    (parsed.value === undefined || typeof parsed.value === 'string');
  if (!valid || !parsed) throw new RunError('thrown', 'the run ended with a malformed outcome');
  const { error, ...rest } = parsed;
  return { ...rest, check: Number(check), ...(error && { error: runErrorOf(error) }) };
}

/** A failure as runtime.js reports it: its run error code is `kind`. */
interface GuestError {
  kind: RunErrorCode;
  name: string;
  message: string;
  stack?: string;
  where?: string;
}

function runErrorOf({ kind, ...error }: GuestError): RunErrorInfo {
  return { code: kind, ...error, message: error.message || (RUN_ERRORS[kind].message ?? '') };
}

/**
 * Replays a committed entry into a live context; it must take exactly its recorded steps. Its
 * outcome is not checked: a live isolate has the live run's limits (unless a setting changed
 * since, and then a session that still restores beats one that no longer does).
 */
export async function replayEntry(
  sandbox: Sandbox,
  entry: ReplayEntry,
  limits: RunLimits,
): Promise<void> {
  const deadline = performance.now() + limits.timeoutMs;
  const steps = replaySteps(entry, false);
  for (const [index, script] of steps.entries()) {
    const answer = await evalStep(sandbox, script, deadline, limits);
    const isTimerStep = index >= 2 && index < steps.length - 1;
    const isLast = index === steps.length - 1;
    if ((isTimerStep && answer !== 1) || (isLast && typeof answer !== 'string')) {
      throw new RunError('restore_failed', 'replaying the journal diverged from the live run');
    }
  }
}

/** An isolate and the context the host calls into. */
export interface Sandbox {
  isolate: ivm.Isolate;
  context: ivm.Context;
}

/**
 * How long past its deadline a host call may go on before its isolate is disposed. isolated-vm's
 * timeout covers running the script, but not what follows: an error leaving the isolate has its
 * stack formatted through the guest's Error.prepareStackTrace outside it (the runtime throws
 * nothing out, but a compile error of the script still can).
 */
const OVERRUN_GRACE_MS = 500;

/**
 * One host call into the isolate, with every part of it under `deadline`: the isolate is disposed
 * when the call outlives it. A runtime call that failed inside answers "!message" (see runtime.js).
 */
export async function callIsolate(
  { isolate, context }: Sandbox,
  script: GuestScript,
  deadline: number,
): Promise<unknown> {
  const timeout = Math.ceil(deadline - performance.now());
  // Many quick steps (an endless interval) can outlast the deadline without one timing out.
  if (timeout <= 0) throw new OverrunError();
  let overran = false;
  const watchdog = setTimeout(() => {
    overran = true;
    if (!isolate.isDisposed) isolate.dispose();
  }, timeout + OVERRUN_GRACE_MS);
  try {
    const answer = await context.eval(script.code, {
      filename: script.filename,
      timeout,
      copy: true,
    });
    if (typeof answer === 'string' && answer.startsWith('!')) {
      throw new RunError('thrown', `the sandbox runtime failed: ${answer.slice(1)}`);
    }
    return answer;
  } catch (error) {
    throw overran ? new OverrunError() : error;
  } finally {
    clearTimeout(watchdog);
  }
}

/** A host call that did not end by its deadline (timed out, or disposed for overrunning it). */
export class OverrunError extends Error {
  constructor() {
    super('timed out');
  }
}

async function evalStep(
  sandbox: Sandbox,
  script: GuestScript,
  deadline: number,
  limits: RunLimits,
): Promise<unknown> {
  try {
    return await callIsolate(sandbox, script, deadline);
  } catch (error) {
    throw classify(error, limits);
  }
}

function classify(error: unknown, limits: RunLimits): Error {
  if (error instanceof RunError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof OverrunError || /timed out/i.test(message))
    return limitBroken.timeout(limits);
  // isolated-vm disposes an isolate that hits its heap limit mid-run.
  if (/memory limit|disposed/i.test(message)) return limitBroken.memory(limits);
  if ((error as Error)?.name === 'SyntaxError') return new RunError('syntax_error', message);
  return error instanceof Error ? error : new Error(message);
}
