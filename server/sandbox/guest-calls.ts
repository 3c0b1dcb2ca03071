// Every call the host makes into the guest runtime (`__mcpi` in guest/runtime.js), built here
// and nowhere else: a run's steps, a replay's, the snapshot hooks, inspection, and the calls a
// prepared script makes (the REPL contract).
import { randomBytes } from 'node:crypto';

/** A script to evaluate in an isolate, with the filename its stack frames carry. */
export interface GuestScript {
  code: string;
  filename: string;
}

/** Filenames of the host's calls into the runtime, hidden from user stack traces. */
const STEP = {
  begin: 'mcp-isolate:begin',
  step: 'mcp-isolate:step',
  reply: 'mcp-isolate:reply',
  provide: 'mcp-isolate:provide',
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

/** A request as the guest's fetch sends it to the host (after "?" in a step's answer). */
export interface GuestRequest {
  method: string;
  url: string;
  headers: [string, string][];
  /** The body's bytes in base64. */
  body: string | null;
  redirect: 'follow' | 'manual' | 'error';
}

/** The host's answer to one request, as the guest's fetch receives it. */
export interface GuestExchange {
  /** The request it answers: a replay's request must equal it. */
  request: GuestRequest;
  response: {
    url: string;
    status: number;
    statusText: string;
    headers: [string, string][];
    redirected: boolean;
    /** base64 */
    body: string;
  } | null;
  error: { message: string } | null;
}

/**
 * Hands the run the answers to its requests, one batch per step that asked: live, the batch just
 * fetched; in replay, every recorded batch before the script runs.
 */
export const replyStep = (key: string, batches: GuestExchange[][]): GuestScript => ({
  code: `__mcpi.reply('${key}', ${JSON.stringify(batches)})`,
  filename: STEP.reply,
});

/** The host's answer to one import, as the guest's packages.js receives it. */
export interface GuestImport {
  /** The import it answers: a replay's must equal it. */
  specifier: string;
  /** The bundle's hash ('' with an error). */
  bundle: string;
  /** `name@version` or `name@version/subpath`. */
  label: string;
  /** The bundle's script ('' with an error). */
  source: string;
  error: string | null;
}

/**
 * Hands the run the answers to its imports, one batch per step that asked: live, the batch just
 * resolved; in replay, every recorded batch before the script runs.
 */
export const provideStep = (key: string, batches: GuestImport[][]): GuestScript => ({
  code: `__mcpi.provide('${key}', ${JSON.stringify(batches)})`,
  filename: STEP.provide,
});

/** What a replayed run received from the host: its fetches' answers and its imports'. */
export interface RecordedAnswers {
  replies: GuestExchange[][];
  packages: GuestImport[][];
}

/** The steps that delivered a replayed entry's answers, one per batch. */
export const answerSteps = ({ replies, packages }: RecordedAnswers) =>
  replies.length + packages.length;

/** A fresh secret for one run: the guest only lets calls that carry it drive the run. */
export const runKey = () => randomBytes(16).toString('hex');

export interface ReplayEntry extends StepEntry {
  ticks: number;
  check: number;
}

/**
 * Every step of a committed entry, in the order the live run took them: a step per timer and one
 * per batch of answers (what its fetches received and its imports loaded, handed over first).
 * `verify` makes the last one throw unless the outcome is the live run's.
 */
export function replaySteps(
  entry: ReplayEntry,
  answers: RecordedAnswers,
  verify: boolean,
): GuestScript[] {
  const key = runKey();
  return [
    beginStep(entry, key),
    ...(answers.replies.length > 0 ? [replyStep(key, answers.replies)] : []),
    ...(answers.packages.length > 0 ? [provideStep(key, answers.packages)] : []),
    scriptStep(entry),
    ...Array.from({ length: entry.ticks + answerSteps(answers) }, () => nextStep(key)),
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
