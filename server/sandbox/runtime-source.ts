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
  guestFile('fetch.js'),
  guestFile('packages.js'),
  guestFile('console.js'),
  guestFile('outcome.js'),
  guestFile('inspect-globals.js'),
  guestFile('runtime.js'),
];

const ivmVersion = (
  createRequire(import.meta.url)('isolated-vm/package.json') as { version: string }
).version;
const preludeHash = createHash('sha256')
  .update([...PRELUDE, BEFORE_SNAPSHOT, AFTER_RESTORE].map((script) => script.code).join('\0'))
  .digest('hex')
  .slice(0, 16);

/**
 * What a heap snapshot depends on besides the journal. A snapshot made under another runtime is
 * stale and gets rebuilt from the journal.
 */
export const RUNTIME_ID = `v8 ${process.versions.v8}; isolated-vm ${ivmVersion}; prelude ${preludeHash}`;
