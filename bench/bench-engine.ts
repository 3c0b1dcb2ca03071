import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../server/engine/engine.ts';
import type { EngineOptions } from '../server/engine/engine-types.ts';

/** An engine on a throw-away data directory, removed by `close`. */
export async function benchEngine(options: EngineOptions = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'mcp-isolate-bench-'));
  const engine = await Engine.start({ log: () => {}, ...options, dataDir });
  return {
    engine,
    dataDir,
    close: async () => {
      await engine.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Commits `count` small runs that each change the heap a little. */
export async function fillSession(engine: Engine, session: string, count: number): Promise<string> {
  let heap = '';
  for (let i = 0; i < count; i++) {
    const result = await engine.run({
      session,
      code: `var items = globalThis.items ?? []; items.push({ i: ${i}, r: Math.random(), at: Date.now() }); items.length`,
    });
    if (!result.ok) throw new Error(`fill run failed: ${result.error?.message}`);
    heap = result.heap;
  }
  return heap;
}
