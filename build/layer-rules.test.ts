import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

// The server's layer order is enforced by biome.json and explained in docs/ARCHITECTURE.md: the
// two must name the same order, or the doc tells a newcomer rules the linter does not keep.
const read = (path: string) => readFile(new URL(`../${path}`, import.meta.url), 'utf8');

interface Override {
  includes: string[];
  linter?: {
    rules?: {
      style?: { noRestrictedImports?: { options?: { patterns?: { group: string[] }[] } } };
    };
  };
}

test('the layer order ARCHITECTURE.md gives is the one the lint rules keep', async () => {
  const biome = JSON.parse(await read('biome.json')) as { overrides: Override[] };
  const banned = new Map<string, number>();
  for (const override of biome.overrides) {
    const folder = /^server\/([a-z]+)\/\*\*$/.exec(override.includes[0] ?? '')?.[1];
    if (!folder) continue;
    const patterns = override.linter?.rules?.style?.noRestrictedImports?.options?.patterns ?? [];
    const layers = patterns
      .flatMap((pattern) => pattern.group)
      .filter((g) => /^\*\*\/[a-z]+\/\*\*$/.test(g));
    banned.set(folder, layers.length);
  }
  // A lower layer bans more folders. admin and transports ban each other and tie: the sort is
  // stable, so they keep the order biome.json lists them in.
  const byRules = [...banned.keys()].sort((a, b) => (banned.get(b) ?? 0) - (banned.get(a) ?? 0));
  const doc = await read('docs/ARCHITECTURE.md');
  const sentence = /layers, lowest first: ([^.]+)\./s.exec(doc)?.[1] ?? '';
  const byDoc = [...sentence.matchAll(/`([a-z]+)`/g)].map((match) => match[1]);
  assert.deepEqual(byDoc, byRules);
});

test('no file of the contract is exempt from its import rule', async () => {
  const biome = JSON.parse(await read('biome.json')) as { overrides: Override[] };
  const exempt = biome.overrides.filter(
    (override) =>
      override.includes.some((path) => path.startsWith('contract/')) &&
      (override.linter?.rules?.style?.noRestrictedImports as unknown) === 'off',
  );
  assert.deepEqual(exempt, []);
});
