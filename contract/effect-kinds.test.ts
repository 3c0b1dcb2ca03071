import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { type EffectSummary, effectFields, effectFieldsShape, effectsOf } from './effect-kinds.ts';

const effects: EffectSummary[] = [
  { kind: 'import', specifier: 'lodash', name: 'lodash', version: '4.17.21', from: 'built', ms: 9 },
  { kind: 'fetch', method: 'GET', url: 'https://a.test/', status: 200, bytes: 5, ms: 3 },
  { kind: 'fetch', method: 'POST', url: 'https://b.test/', error: 'refused', refused: true, ms: 1 },
];

test("a run's effects of one kind keep their order and lose their kind", () => {
  assert.deepEqual(
    effectsOf(effects, 'fetch').map(({ url }) => url),
    ['https://a.test/', 'https://b.test/'],
  );
  assert.equal('kind' in (effectsOf(effects, 'import')[0] ?? {}), false);
});

test("a result lists each kind's effects under its field, and no field for a kind it did not ask for", () => {
  const fields = effectFields(effects);
  assert.deepEqual(Object.keys(fields).sort(), ['packages', 'requests']);
  assert.equal(fields.requests?.length, 2);
  assert.equal(fields.packages?.[0]?.specifier, 'lodash');
  assert.deepEqual(effectFields(effects.slice(1)), { requests: effectsOf(effects, 'fetch') });
  assert.deepEqual(effectFields([]), {});
});

test('a projection passes the effect fields on as they are, and nothing else', () => {
  const result = { ok: true, ...effectFields(effects.slice(0, 1)) };
  // The fields' schema (in the MCP output and the history record) takes them and nothing else.
  const { ok: _ok, ...fields } = result;
  assert.deepEqual(z.strictObject(effectFieldsShape).parse(fields), {
    packages: effectsOf(effects, 'import'),
  });
  assert.throws(() => z.strictObject(effectFieldsShape).parse(result));
});
