import assert from 'node:assert/strict';
import { test } from 'node:test';
import { beginStep, nextStep, runKey, scriptStep } from '../sandbox/guest-calls.ts';
import { FilesWorker, liveFiles } from '../test-support/guest-files.ts';
import { prepareCode } from './prepare-code.ts';

// A snippet's imports of Node's fs, as prepare-code rewrites them, run in the guest runtime
// (guest/packages.js, node-fs.js) with a stand-in for the worker's files.
const { heap } = await liveFiles();

test("a snippet's imports of node:fs, fs, node:fs/promises and fs/promises resolve in the guest, without asking the host", async () => {
  heap.worker = new FilesWorker();
  const { script } = prepareCode(`
    import fs from 'node:fs';
    import { readFileSync, promises } from 'fs';
    import * as fsp from 'node:fs/promises';
    import { readFile } from 'fs/promises';
    fs.writeFileSync('a', 'x');
    [readFileSync('a', 'utf8'), await fsp.readFile('a', 'utf8'), await readFile('a', 'utf8'),
      (await import('node:fs')).default === fs, promises === fsp.default, fsp.default === (await import('fs/promises')).default]
  `);
  const key = runKey();
  const entry = { seed: 1, time: 5000, output: 65536, script };
  await heap.call(beginStep(entry, key));
  await heap.call(scriptStep(entry));
  const answer = (await heap.call(nextStep(key))) as string;
  assert.match(answer, /^\d+ /);
  assert.equal(
    JSON.parse(answer.replace(/^\d+ /, '')).value,
    "[ 'x', 'x', 'x', true, true, true ]",
  );
});
