// Every call the host makes into the guest runtime (`__mcpi` in guest/runtime.js), built here
// and nowhere else: a run's steps, a replay's, the snapshot hooks, inspection, and the calls a
// prepared script makes (the REPL contract).
import { randomBytes } from 'node:crypto';
import type { EffectKind } from '../../contract/effect-kinds.ts';
import type { ReplayFiles } from './files/replay-files.ts';

/** A script to evaluate in an isolate, with the filename its stack frames carry. */
export interface GuestScript {
  code: string;
  filename: string;
}

/** Filenames of the host's calls into the runtime, hidden from user stack traces. */
const STEP = {
  begin: 'mcp-isolate:begin',
  step: 'mcp-isolate:step',
  answer: 'mcp-isolate:answer',
};

/** The filename user code runs under: stack traces read `at run_js:LINE:COL`. */
const RUN_FILENAME = 'run_js';

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

/**
 * The host's answers to one kind of effect, one batch per step that asked for it, each answer
 * as the kind's guest API file receives it (the kind's performer makes them).
 */
export interface EffectAnswers {
  kind: EffectKind;
  answers: unknown[][];
}

/**
 * Hands the run the answers to its effects: live, the batch just performed; in replay, every
 * recorded batch of every kind before the script runs.
 */
export const answerStep = (key: string, groups: EffectAnswers[]): GuestScript => ({
  code: `__mcpi.answer('${key}', ${JSON.stringify(groups)})`,
  filename: STEP.answer,
});

/** The steps that delivered a replayed entry's answers, one per batch. */
export const answerSteps = (recorded: readonly EffectAnswers[]) =>
  recorded.reduce((steps, { answers }) => steps + answers.length, 0);

/** A fresh secret for one run: the guest only lets calls that carry it drive the run. */
export const runKey = () => randomBytes(16).toString('hex');

export interface ReplayEntry extends StepEntry {
  ticks: number;
  check: number;
}

/**
 * Every step of a committed entry, in the order the live run took them: a step per timer and one
 * per batch of answers (what its effects received, handed over first). `verify` makes the last
 * one throw unless the outcome is the live run's.
 */
export function replaySteps(
  entry: ReplayEntry,
  recorded: EffectAnswers[],
  verify: boolean,
  files?: ReplayFiles,
): GuestScript[] {
  const key = runKey();
  return [
    beginStep(entry, key),
    ...(files ? [replayFilesStep(key, files)] : []),
    ...(recorded.length > 0 ? [answerStep(key, recorded)] : []),
    scriptStep(entry),
    ...Array.from({ length: entry.ticks + answerSteps(recorded) }, () => nextStep(key)),
    nextStep(key, verify ? entry.check : undefined),
  ];
}

/** Ends every snapshot: takes out the built-ins V8 adds again on restore (see runtime.js). */
export const BEFORE_SNAPSHOT: GuestScript = {
  code: '__mcpi.beforeSnapshot()',
  filename: 'mcp-isolate:before-snapshot',
};

/** Runs in every context restored from a snapshot, before anything else. */
export const AFTER_RESTORE: GuestScript = {
  code: '__mcpi.afterRestore()',
  filename: 'mcp-isolate:after-restore',
};

/**
 * Gives a live heap the memory its runs report progress into (run-progress.ts), passed as `$0`
 * (evalClosure); a heap being replayed is never given one, so its progress() calls do nothing.
 */
export const CONNECT_PROGRESS: GuestScript = {
  code: '__mcpi.connectProgress($0)',
  filename: 'mcp-isolate:connect-progress',
};

/**
 * Gives a live heap the synchronous way to its run's files (worker.ts's connectFiles), an
 * isolated-vm Reference passed as `$0`; a heap being replayed is handed its files as data.
 */
export const CONNECT_FILES: GuestScript = {
  code: '__mcpi.connectFiles($0)',
  filename: 'mcp-isolate:connect-files',
};

/**
 * Hands a replayed run the files its live run started from and read, before its script: as JSON
 * text, which the guest parses into objects without prototypes (a literal's objects would meet
 * whatever an earlier run of the heap put on Object.prototype).
 */
export const replayFilesStep = (key: string, files: ReplayFiles): GuestScript => ({
  code: `__mcpi.replayFiles('${key}', ${JSON.stringify(JSON.stringify(files))})`,
  filename: 'mcp-isolate:replay-files',
});

/** Lists the heap's globals (or the properties at `path` below them) for the GUI, as JSON. */
export const inspectGlobals = (path: string[]): GuestScript => ({
  code: `__mcpi.inspectGlobals(${JSON.stringify(path)})`,
  filename: 'mcp-isolate:inspect',
});

/**
 * The calls a prepared script makes (engine/prepare-code.ts): the snippet runs as the body of an
 * async function, and its top-level declarations become session globals through these.
 */
export const replCalls = {
  body: (inner: string) => `__mcpi.body(async () => {${inner}\n});`,
  /** Makes `names` globals (undefined until assigned) unless they exist. */
  declare: (names: string[]) => `__mcpi.declare(${JSON.stringify(names)});`,
  /** Publishes the snippet's top-level functions as globals. */
  define: (functions: string[]) => `__mcpi.define({ ${functions.join(', ')} });`,
  /** Starts a block-level function's local from its global. */
  read: (name: string) => `${name} = __mcpi.read(${JSON.stringify(name)});`,
  /** Wraps the last expression: `returnEnd[0] EXPRESSION returnEnd[1](locals)`. */
  returnEnd: ['return __mcpi.end((', (locals: string) => `), ${locals});`] as const,
  /**
   * Returns `value` after the last statement, writing back `locals` (an object literal of the
   * snippet's functions) first when there are any.
   */
  end: (value: string, locals: string) =>
    locals ? `\n;return __mcpi.end(${value}, ${locals});` : `\n;return ${value};`,
  /** The hidden local that holds the snippet's completion value (engine/completion-value.ts). */
  completion: '__mcpiValue',
  declareCompletion: 'let __mcpiValue;',
  /** What `import(` becomes: the guest runtime's import, which asks the host at a step. */
  dynamicImport: '__mcpi.import',
  /** The snippet's static imports, all asked for at once before any of its code runs. */
  importAll: (specifiers: string[]) =>
    `const __mcpiImports = await __mcpi.importAll(${JSON.stringify(specifiers)});`,
  /** The namespace of static import `index`. */
  imported: (index: number) => `__mcpiImports[${index}]`,
  /** Export `name` of static import `index`: a SyntaxError when the package has none. */
  binding: (index: number, name: string, specifier: string) =>
    `__mcpi.binding(__mcpiImports[${index}], ${JSON.stringify(name)}, ${JSON.stringify(specifier)})`,
};
