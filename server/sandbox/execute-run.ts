import { RUN_ERRORS, type RunErrorCode, type RunErrorInfo } from '../../contract/run-errors.ts';
import type { CancelledTimer, ConsoleLine } from '../../contract/run-report.ts';
import { callInOrder, OverrunError, type Sandbox } from './call-isolate.ts';
import type { RunEffects } from './effects/run-effects.ts';
import type { ReplayFiles } from './files/replay-files.ts';
import {
  answerStep,
  answerSteps,
  beginStep,
  type EffectAnswers,
  type GuestScript,
  nextStep,
  type ReplayEntry,
  replaySteps,
  runKey,
  type StepEntry,
  scriptStep,
} from './guest-calls.ts';
import type { RunLimits } from './protocol.ts';
import { limitBroken, RunError } from './run-errors.ts';

/** What `__mcpi.finish()` reports. */
export interface GuestOutcome {
  console: ConsoleLine[];
  overflow: boolean;
  cancelledTimers: CancelledTimer[];
  moreCancelledTimers: number;
  ticks: number;
  /** The run's start on the virtual clock, in ms since the epoch (what begin answered). */
  startTime: number;
  /** Fingerprint of the outcome, which a snapshot's replay must reproduce. */
  check: number;
  value?: string;
  error?: RunErrorInfo;
}

/**
 * Runs one entry live: begin, the script and the first step sent at once (see callInOrder), then
 * a step per timer until the run is over. A step that hands the host effects ("?") has them
 * performed by `effects` (the run's deadline covering the wait), and the answers go back with
 * the next step, which delivers them.
 */
export async function executeRun(
  sandbox: Sandbox,
  entry: StepEntry,
  limits: RunLimits,
  effects: RunEffects,
): Promise<GuestOutcome> {
  const deadline = performance.now() + limits.timeoutMs;
  const fail = (error: unknown) => Promise.reject(classify(error, limits));
  const key = runKey();
  const first = [beginStep(entry, key), scriptStep(entry), nextStep(key)];
  let [startTime, , answer] = await steps(sandbox, first, deadline, limits);
  // Each step fires one timer or delivers one batch of answers; its microtasks drain before the
  // next one. The host counts the timers itself (the batches are the network's record): nothing
  // the guest answers decides what replay will do.
  let ticks = 0;
  for (;;) {
    if (typeof answer === 'string' && answer.startsWith('?')) {
      const answers = await effects.perform(answer.slice(1), deadline).catch(fail);
      // The step after the answers always delivers them (2): the one after that goes with it.
      const sent = [answerStep(key, [answers]), nextStep(key), nextStep(key)];
      const [, delivered, next] = await steps(sandbox, sent, deadline, limits);
      if (delivered !== 2) throw new RunError('thrown', 'the run did not take its answers');
      answer = next;
      continue;
    }
    if (answer !== 1) break;
    ticks++;
    answer = (await steps(sandbox, [nextStep(key)], deadline, limits))[0];
  }
  return { ...parseOutcome(answer), ticks, startTime: Number(startTime) };
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
 * Replays a committed entry into a live context: it must take exactly its recorded steps, all sent
 * at once, and end with the outcome the live run had (its fingerprint). Anything else is a
 * `replay_diverged` error saying how it differed, except a broken limit, which says which.
 */
export async function replayEntry(
  sandbox: Sandbox,
  entry: ReplayEntry,
  recorded: EffectAnswers[],
  limits: RunLimits,
  files?: ReplayFiles,
): Promise<void> {
  const scripts = replaySteps(entry, recorded, true, files);
  const { answers, error } = await callInOrder(
    sandbox,
    scripts,
    performance.now() + limits.timeoutMs,
  );
  // A replay that ends early answers an outcome where a step was due (and the steps after it
  // then fail), and one that asks for an effect it has no answer for asks the host ("?"): that is
  // the divergence to report, not their failure.
  const firstStep = scripts.length - entry.ticks - answerSteps(recorded) - 1;
  for (const [index, answer] of answers.entries()) {
    const isLast = index === scripts.length - 1;
    const stepped = isLast
      ? typeof answer === 'string' && !answer.startsWith('?')
      : answer === 1 || answer === 2;
    if (index >= firstStep && !stepped) {
      const at = index - firstStep + 1;
      throw new RunError(
        'replay_diverged',
        `it ended or asked the host for more at step ${at} of ${scripts.length - firstStep}`,
      );
    }
  }
  if (error === undefined) return;
  const classified = classify(error, limits);
  if (
    classified instanceof RunError &&
    (classified.code === 'timeout' || classified.code === 'memory_limit')
  ) {
    throw classified;
  }
  throw new RunError('replay_diverged', classified.message);
}

/** The answers of `scripts` sent at once; a failure is thrown as the run error it means. */
async function steps(
  sandbox: Sandbox,
  scripts: GuestScript[],
  deadline: number,
  limits: RunLimits,
): Promise<unknown[]> {
  const { answers, error } = await callInOrder(sandbox, scripts, deadline);
  if (error === undefined) return answers;
  const classified = classify(error, limits);
  // What else leaves the isolate during a run is the guest's own: a promise that rejected with
  // no handler (isolated-vm throws it out of the step).
  if (classified instanceof RunError) throw classified;
  const uncaught = new RunError('thrown', `${classified.message} (uncaught in a promise)`);
  uncaught.name = classified.name;
  throw uncaught;
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
