import { randomBytes } from 'node:crypto';
import type { GuestScript } from './runtime-source.ts';

/** Filenames of the host's calls into the runtime, hidden from user stack traces. */
const STEP = {
  begin: 'mcp-isolate:begin',
  step: 'mcp-isolate:step',
};

/** The filename user code runs under: stack traces read `at run_js:LINE:COL`. */
export const RUN_FILENAME = 'run_js';

export interface StepEntry {
  seed: number;
  time: number;
  script: string;
  /** The output limit in bytes, the same live and in replay. */
  output: number;
}

export const beginStep = (entry: StepEntry, key: string): GuestScript => ({
  code: `__mcpi.begin(${entry.seed >>> 0}, ${Math.trunc(entry.time)}, ${Math.trunc(entry.output)}, '${key}')`,
  filename: STEP.begin,
});
export const scriptStep = (entry: StepEntry): GuestScript => ({
  code: entry.script,
  filename: RUN_FILENAME,
});
/**
 * Fires the next timer (answers 1) or ends the run (answers its outcome's fingerprint and the
 * outcome as JSON). With `expected`, an outcome with another fingerprint throws instead.
 */
export const nextStep = (key: string, expected?: number): GuestScript => ({
  code:
    expected === undefined
      ? `__mcpi.step('${key}')`
      : `__mcpi.step('${key}', ${Math.trunc(expected) >>> 0})`,
  filename: STEP.step,
});

/** A fresh secret for one run: the guest only lets calls that carry it drive the run. */
export const runKey = () => randomBytes(16).toString('hex');

export interface ReplayEntry extends StepEntry {
  ticks: number;
  check: number;
}

/**
 * Every step of a committed entry, in the order the live run took them. `verify` makes the last
 * one throw unless the outcome is the live run's.
 */
export function replaySteps(entry: ReplayEntry, verify: boolean): GuestScript[] {
  const key = runKey();
  return [
    beginStep(entry, key),
    scriptStep(entry),
    ...Array.from({ length: entry.ticks }, () => nextStep(key)),
    nextStep(key, verify ? entry.check : undefined),
  ];
}
