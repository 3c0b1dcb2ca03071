import assert from 'node:assert/strict';
import { after } from 'node:test';
import type { RunReport } from '../../contract/run-report.ts';
import { Engine } from '../engine/engine.ts';
import type { EngineOptions, RunInput } from '../engine/engine-types.ts';
import { newTempDir, removeDir } from './temp-dir.ts';

/** A real engine (real worker processes) on a fresh data directory, closed after the file. */
export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  const dataDir = options.dataDir ?? (await newTempDir());
  const engine = await Engine.start({ workers: 2, log: () => undefined, ...options, dataDir });
  // Closed before its folder goes: a snapshot still being written would make folders again.
  after(async () => {
    await engine.close();
    if (!options.dataDir) await removeDir(dataDir);
  });
  return engine;
}

/** Runs code that must commit and returns its rendered value. */
export async function value(engine: Engine, input: RunInput): Promise<string | undefined> {
  const result = await engine.run(input);
  assert.equal(result.ok, true, `run failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Runs code that must fail and returns the result. */
export async function failure(engine: Engine, input: RunInput): Promise<RunReport> {
  const result = await engine.run(input);
  assert.equal(result.ok, false, `run should have failed, gave ${result.value?.slice(0, 200)}`);
  return result;
}
