import { createHash } from 'node:crypto';
import ivm from 'isolated-vm';
import type { ReplayFiles } from '../sandbox/files/replay-files.ts';
import {
  AFTER_RESTORE,
  beginStep,
  CONNECT_FILES,
  nextStep,
  replaySteps,
  replCalls,
  runKey,
  scriptStep,
} from '../sandbox/guest-calls.ts';
import type { FileLimits, TreeNode } from '../store/file-tree.ts';
import { runtimeIsolate } from './runtime-isolate.ts';

// The guest runtime's files on their own: a real isolate restored from the runtime's snapshot,
// connected to a worker stand-in through a real ivm.Reference, driven by the calls the worker makes.

export const LIMITS: FileLimits = {
  fileBytes: 64 * 1024,
  sessionFileBytes: 256 * 1024,
  sessionFiles: 50,
  displayBytes: 32 * 1024,
};

export const sha256 = (bytes: Uint8Array | string) =>
  createHash('sha256').update(bytes).digest('hex');

/** A base tree: each path's text (a file) or null (a folder), sorted by path as the worker sends it. */
export function baseTree(files: Record<string, string | null>, mtime = 1000) {
  const nodes: TreeNode[] = [];
  const contents: Record<string, string> = {};
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (text === null) {
      nodes.push({ path, dir: true, size: 0, mtime });
      continue;
    }
    const hash = sha256(text);
    contents[hash] = Buffer.from(text).toString('base64');
    nodes.push({ path, size: Buffer.byteLength(text), mtime, hash });
  }
  return { nodes, contents };
}

/** A node of the tree after a run, in `done`: a file's base hash, or the index of its bytes. */
type GuestTreeNode = TreeNode & { content?: number };

/** `done`'s JSON: the tree after the run, and what it showed. */
interface FilesDone {
  nodes: GuestTreeNode[];
  shown: { path: string; mimeType: string }[];
}

/** What the worker stand-in saw of one run. */
export interface WorkerLog {
  /** Each call's op, with the hash for `read`. */
  calls: string[];
  done: { tree: FilesDone; buffers: Buffer[] } | undefined;
}

/** The worker's side of the file protocol, serving `base` under `limits`. */
export class FilesWorker {
  log: WorkerLog = { calls: [], done: undefined };
  failing = new Set<string>();
  readonly base: { nodes: TreeNode[]; contents: Record<string, string> };
  readonly limits: FileLimits;
  constructor(base = baseTree({}), limits: FileLimits = LIMITS) {
    this.base = base;
    this.limits = limits;
  }

  answer(op: string, args: unknown[]): unknown {
    this.log.calls.push(op === 'read' ? `read ${args[0]}` : op);
    if (this.failing.has(op)) throw new Error(`the worker failed at ${op} (/secret/host/path)`);
    if (op === 'tree') return JSON.stringify({ limits: this.limits, nodes: this.base.nodes });
    if (op === 'read') {
      const bytes = Buffer.from(this.base.contents[args[0] as string] ?? '', 'base64');
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    }
    if (op === 'done') {
      const [json, ...buffers] = args as [string, ...ArrayBuffer[]];
      this.log.done = { tree: JSON.parse(json), buffers: buffers.map((b) => Buffer.from(b)) };
      return undefined;
    }
    throw new Error(`no op ${op}`);
  }

  /** The tree after the run as `done` sent it, with each written file's text. */
  doneTree(): (GuestTreeNode & { text?: string })[] | undefined {
    const done = this.log.done;
    return done?.tree.nodes.map((node) =>
      node.content === undefined
        ? node
        : { ...node, text: done.buffers[node.content]?.toString('utf8') },
    );
  }
}

export interface RunResult {
  /** What the body returned, through JSON. */
  value: unknown;
  /** The run's error message, if it failed. */
  error: string | undefined;
  check: number;
}

/** Guest code that gives each run's body `fs`, `fsp` and `caught(fn)`: what fn threw, as data. */
const PROLOGUE = `const fs = await __mcpi.import('node:fs');
const fsp = await __mcpi.import('node:fs/promises');
const caught = async (fn) => {
  try { await fn(); return 'none'; }
  catch (e) { return e.code ?? e.name; }
};
const failure = async (fn) => {
  try { await fn(); return 'none'; }
  catch (e) { return { name: e.name, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path, dest: e.dest, message: e.message }; }
};`;

/** The run's body: `body` inside an async function whose value is logged as JSON. */
const runBody = (body: string) =>
  replCalls.body(`${PROLOGUE}\nconsole.log(JSON.stringify(await (async () => {\n${body}\n})()));`);

function resultOf(answer: unknown): RunResult {
  if (typeof answer !== 'string' || !/^\d+ /.test(answer)) {
    throw new Error(`the run did not end: ${String(answer)}`);
  }
  const [check, ...rest] = answer.split(' ');
  const outcome = JSON.parse(rest.join(' ')) as {
    console: { text: string }[];
    error?: { message: string };
  };
  const last = outcome.console.at(-1)?.text;
  return {
    value: last === undefined || last === 'undefined' ? undefined : JSON.parse(last),
    error: outcome.error?.message,
    check: Number(check),
  };
}

/** A live heap connected to a FilesWorker (swap `worker` between runs). */
export async function liveFiles() {
  const runtime = runtimeIsolate(10_000);
  const heap = { worker: new FilesWorker(), ...runtime };
  const reference = new ivm.Reference((op: string, ...args: unknown[]) =>
    heap.worker.answer(op, args),
  );
  await runtime.context.evalClosure(CONNECT_FILES.code, [reference], {
    filename: CONNECT_FILES.filename,
  });
  /** One live run of `body` at virtual time `time`, as the worker drives it. */
  const run = async (body: string, time = 5000): Promise<RunResult> => {
    const entry = { seed: 1, time, output: 1 << 20, script: runBody(body) };
    const key = runKey();
    await runtime.call(beginStep(entry, key));
    await runtime.call(scriptStep(entry));
    let answer = await runtime.call(nextStep(key));
    while (answer === 1 || answer === 2) answer = await runtime.call(nextStep(key));
    return resultOf(answer);
  };
  return { heap, run };
}

/**
 * One replayed run of `body` (which sets no timer) in a fresh heap of the runtime's `snapshot`,
 * given `files`, with the steps replaySteps makes, the last checking `expected` when given: the
 * result, or what the replay failed with.
 */
export async function replayFiles(
  snapshot: ivm.ExternalCopy<ArrayBuffer>,
  body: string,
  files: ReplayFiles | undefined,
  expected?: number,
): Promise<RunResult | { failed: string }> {
  const isolate = new ivm.Isolate({ memoryLimit: 64, snapshot });
  const context = isolate.createContextSync();
  try {
    await context.eval(AFTER_RESTORE.code, { filename: AFTER_RESTORE.filename });
    const entry = { ...replayEntry(body), check: expected ?? 0 };
    let answer: unknown;
    for (const script of replaySteps(entry, [], expected !== undefined, files)) {
      answer = await context.eval(script.code, {
        filename: script.filename,
        timeout: 5000,
        copy: true,
      });
    }
    if (typeof answer === 'string' && answer.startsWith('!')) return { failed: answer.slice(1) };
    return resultOf(answer);
  } catch (error) {
    return { failed: (error as Error).message };
  } finally {
    isolate.dispose();
  }
}

/** A run of `body` as a journal entry without timers, to replay. */
export const replayEntry = (body: string) => ({
  seed: 1,
  time: 5000,
  output: 1 << 20,
  script: runBody(body),
  ticks: 0,
  check: 0,
});
