import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AFTER_RESTORE, BEFORE_SNAPSHOT, type GuestScript } from './guest-calls.ts';

const guestFile = (name: string): GuestScript => ({
  code: readFileSync(new URL(`./guest/${name}`, import.meta.url), 'utf8'),
  filename: `mcp-isolate:${name}`,
});

/** The scripts every session's heap starts from, in order. */
export const PRELUDE: GuestScript[] = [
  guestFile('primordials.js'),
  // Generated (npm run vendor): URL, URLSearchParams, structuredClone, atob, btoa, DOMException.
  guestFile('vendor/web-polyfills.js'),
  guestFile('inspect.js'),
  guestFile('run-state.js'),
  guestFile('snapshot-builtins.js'),
  guestFile('clock-and-random.js'),
  guestFile('timers.js'),
  guestFile('text-encoding.js'),
  guestFile('web-crypto.js'),
  guestFile('events.js'),
  // The effect channel, then its kinds in their fixed order (store/effect-record.ts).
  guestFile('effects.js'),
  guestFile('fetch.js'),
  guestFile('packages.js'),
  guestFile('mcp.js'),
  // A run's files (after packages.js, whose built-in modules node-fs.js adds to), then what
  // reaches them.
  guestFile('file-rules.js'),
  guestFile('files.js'),
  guestFile('node-fs.js'),
  guestFile('display.js'),
  guestFile('progress.js'),
  guestFile('console.js'),
  guestFile('outcome.js'),
  guestFile('inspect-globals.js'),
  guestFile('runtime.js'),
];

const ivmVersion = (
  createRequire(import.meta.url)('isolated-vm/package.json') as { version: string }
).version;

/** The sandbox runtime a process runs: its prelude, and its identity. */
export interface SandboxRuntime {
  prelude: GuestScript[];
  /**
   * What a heap depends on besides the journal: a snapshot made under another runtime is stale,
   * and a journal entry records the runtime that ran it, so a replay that differs can say why.
   */
  id: string;
}

/** V8 and isolated-vm: what a snapshot's bytes need to load (the prelude is in the heap). */
const SNAPSHOT_ENGINE = `v8 ${process.versions.v8}; isolated-vm ${ivmVersion}`;

/**
 * Whether a snapshot made under `runtime` loads here: the same V8 and isolated-vm, whatever its
 * prelude (which the snapshot's heap holds). A V8 that cannot read a snapshot may abort.
 */
export const snapshotLoadsHere = (runtime: string) => runtime.startsWith(`${SNAPSHOT_ENGINE}; `);

/**
 * This build's runtime, or one with `appendix` run after its prelude: a different runtime, as an
 * update that changes the prelude brings (EngineOptions.preludeAppendix; tests use it).
 */
export function sandboxRuntime(appendix?: string): SandboxRuntime {
  const prelude =
    appendix === undefined
      ? PRELUDE
      : [...PRELUDE, { code: appendix, filename: 'mcp-isolate:prelude-appendix' }];
  const preludeHash = createHash('sha256')
    .update([...prelude, BEFORE_SNAPSHOT, AFTER_RESTORE].map((script) => script.code).join('\0'))
    .digest('hex')
    .slice(0, 16);
  return {
    prelude,
    id: `${SNAPSHOT_ENGINE}; prelude ${preludeHash}`,
  };
}
