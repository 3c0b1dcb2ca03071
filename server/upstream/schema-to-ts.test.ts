import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { SCHEMA_LIMITS, schemaToTs } from './schema-to-ts.ts';

const ts = (schema: unknown) => schemaToTs(schema);
const object = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
});
const bytes = (text: string) => Buffer.byteLength(text);
/** Hostile cases must end fast, not merely end. */
const timed = (make: () => string) => {
  const start = performance.now();
  const text = make();
  assert.ok(performance.now() - start < 1000, 'took over a second');
  return text;
};

test('the primitive types are their TypeScript names, an integer a number', () => {
  assert.equal(ts({ type: 'string' }), 'string');
  assert.equal(ts({ type: 'number' }), 'number');
  assert.equal(ts({ type: 'integer' }), 'number');
  assert.equal(ts({ type: 'boolean' }), 'boolean');
  assert.equal(ts({ type: 'null' }), 'null');
});

test('a type array is a union without repeats, and nullable adds null', () => {
  assert.equal(ts({ type: ['string', 'integer', 'number', 'null'] }), 'string | number | null');
  assert.equal(ts({ type: 'string', nullable: true }), 'string | null');
});

test('properties are members, optional unless required, with non-identifier keys quoted', () => {
  assert.equal(
    ts(object({ id: { type: 'string' }, 'max-count': { type: 'integer' }, $x: {} }, ['id'])),
    '{\n  id: string;\n  "max-count"?: number;\n  $x?: unknown;\n}',
  );
});

test('nested objects are indented from the column the type starts at', () => {
  const nested = object({ inner: object({ a: { type: 'boolean' } }, ['a']) }, ['inner']);
  assert.equal(
    schemaToTs(nested, { indent: 4 }),
    '{\n      inner: {\n        a: boolean;\n      };\n    }',
  );
});

test('empty properties are {}, an object without them is any object', () => {
  assert.equal(ts({ type: 'object', properties: {} }), '{}');
  assert.equal(ts({ type: 'object' }), '{ [key: string]: unknown }');
  assert.equal(ts({ type: 'object', additionalProperties: false }), '{}');
});

test('additionalProperties is an index signature, beside properties one of unknown saying what other keys hold', () => {
  assert.equal(
    ts({ type: 'object', additionalProperties: { type: 'number' } }),
    '{ [key: string]: number }',
  );
  assert.equal(ts({ additionalProperties: true }), '{ [key: string]: unknown }');
  assert.equal(
    ts({ ...object({ a: { type: 'string' } }, ['a']), additionalProperties: { type: 'number' } }),
    '{\n  a: string;\n  /** Any other key: number */\n  [key: string]: unknown;\n}',
  );
  assert.equal(
    ts({ ...object({ a: { type: 'string' } }), additionalProperties: true }),
    '{\n  a?: string;\n  [key: string]: unknown;\n}',
  );
});

test('items make an array, and prefixItems or an items array a tuple with its rest', () => {
  assert.equal(ts({ type: 'array', items: { type: 'string' } }), 'string[]');
  assert.equal(ts({ type: 'array' }), 'unknown[]');
  assert.equal(ts({ items: { type: ['string', 'null'] } }), '(string | null)[]');
  const pair = [{ type: 'string' }, { type: 'integer' }];
  assert.equal(ts({ type: 'array', prefixItems: pair, items: false }), '[string, number]');
  assert.equal(
    ts({ type: 'array', prefixItems: pair, items: { type: 'boolean' } }),
    '[string, number, ...boolean[]]',
  );
  assert.equal(ts({ type: 'array', items: pair }), '[string, number, ...unknown[]]');
  assert.equal(ts({ type: 'array', items: pair, additionalItems: false }), '[string, number]');
});

test('enum and const are literal types', () => {
  assert.equal(ts({ type: 'string', enum: ['a', 'b c', 'd"e'] }), '"a" | "b c" | "d\\"e"');
  assert.equal(ts({ enum: [1, -2.5, true, null] }), '1 | -2.5 | true | null');
  assert.equal(ts({ const: 'fixed' }), '"fixed"');
  assert.equal(ts({ enum: [{ a: 1 }, 'x'] }), 'unknown', 'an object member is no literal');
  assert.equal(ts({ enum: [] }), 'never');
});

test('anyOf and oneOf are unions, allOf an intersection, parenthesised where needed', () => {
  assert.equal(ts({ anyOf: [{ type: 'string' }, { type: 'number' }] }), 'string | number');
  assert.equal(ts({ oneOf: [{ const: 'a' }, { const: 'b' }] }), '"a" | "b"');
  assert.equal(
    ts({
      allOf: [
        { type: 'object', additionalProperties: { type: 'string' } },
        { anyOf: [{ type: 'object', properties: {} }, { type: 'null' }] },
      ],
    }),
    '{ [key: string]: string } & ({} | null)',
  );
  assert.equal(
    ts({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } }),
    '(string | number)[]',
  );
  // Members that say nothing, such as `required` alone, drop out of an intersection.
  assert.equal(
    ts({ ...object({ a: { type: 'string' } }), anyOf: [{ required: ['a'] }, { required: ['b'] }] }),
    '{\n  a?: string;\n}',
  );
});

test('a local $ref to $defs or definitions is inlined, its description kept on the member', () => {
  const schema = {
    ...object({ where: { $ref: '#/$defs/Place' }, when: { $ref: '#/definitions/When' } }),
    $defs: { Place: { type: 'string', description: 'A city' } },
    definitions: { When: { type: 'integer', minimum: 0 } },
  };
  assert.equal(
    ts(schema),
    '{\n  /** A city */\n  where?: string;\n  /** @minimum 0 */\n  when?: number;\n}',
  );
  assert.equal(ts({ $ref: '#/$defs/a~1b', $defs: { 'a/b': { type: 'null' } } }), 'null');
});

test('a recursive $ref ends in unknown naming what recurs', () => {
  const tree = {
    $ref: '#/$defs/Node',
    $defs: {
      Node: object({ value: { type: 'number' }, children: { items: { $ref: '#/$defs/Node' } } }),
    },
  };
  assert.equal(ts(tree), '{\n  value?: number;\n  children?: unknown /* recursive Node */[];\n}');
  assert.equal(
    ts(object({ self: { $ref: '#' } })),
    '{\n  self?: unknown /* recursive schema */;\n}',
  );
  const mutual = {
    $ref: '#/$defs/A',
    $defs: { A: { $ref: '#/$defs/B' }, B: { $ref: '#/$defs/A' } },
  };
  assert.equal(ts(mutual), 'unknown /* recursive A */');
});

test('description, format, default, minimum and maximum are JSDoc', () => {
  const count = {
    type: 'integer',
    description: 'How many\nat most',
    format: 'int32',
    default: 3,
    minimum: 1,
    maximum: 10,
  };
  assert.equal(
    ts(object({ count })),
    '{\n  /**\n   * How many\n   * at most\n   * @format int32\n   * @default 3\n   * @minimum 1\n   * @maximum 10\n   */\n  count?: number;\n}',
  );
});

test('anything else is unknown, and false is never', () => {
  for (const schema of [
    {},
    true,
    { not: { type: 'string' } },
    { type: 'date' },
    { $ref: '#anchor' },
    { $ref: '#/$defs/missing' },
    { if: {}, else: {} },
  ]) {
    assert.equal(ts(schema), 'unknown', JSON.stringify(schema));
  }
  assert.equal(ts(false), 'never');
});

test('a value that is no schema at all is unknown', () => {
  for (const schema of [null, undefined, 42, 'string', [], [{ type: 'string' }]]) {
    assert.equal(ts(schema), 'unknown');
  }
});

test('server-everything tools give the types a model would write', async () => {
  const { tools } = JSON.parse(
    await readFile(new URL('fixtures/everything-tools.json', import.meta.url), 'utf8'),
  );
  const byName = new Map(tools.map((tool: { name: string }) => [tool.name, tool]));
  const tool = (name: string) =>
    byName.get(name) as { inputSchema: unknown; outputSchema: unknown };
  assert.equal(
    ts(tool('get-sum').inputSchema),
    '{\n  /** First number */\n  a: number;\n  /** Second number */\n  b: number;\n}',
  );
  assert.equal(
    ts(tool('get-structured-content').outputSchema),
    '{\n  /** Temperature in celsius */\n  temperature: number;\n  /** Weather conditions description */\n  conditions: string;\n  /** Humidity percentage */\n  humidity: number;\n}',
  );
  assert.match(ts(tool('gzip-file-as-resource').inputSchema), /@format uri\n/);
  assert.match(ts(tool('get-resource-reference').inputSchema), /resourceType\?: "Text" \| "Blob";/);
  assert.equal(ts(tool('get-env').inputSchema), '{}');
});

test('a schema nested 10,000 deep stops at depth 12 and ends fast', () => {
  const open = '{"type": "object", "properties": {"a": ';
  const deep = JSON.parse(`${open.repeat(10_000)}{"type": "string"}${'}}'.repeat(10_000)}`);
  const text = timed(() => ts(deep));
  assert.equal(text.match(/a\?:/g)?.length, SCHEMA_LIMITS.depth);
  assert.match(text, /a\?: unknown;/);
  let items: unknown = {};
  for (let i = 0; i < 10_000; i++) items = { anyOf: [{ items }, { type: 'null' }] };
  assert.ok(timed(() => ts(items)).length < 1000);
});

test('a cyclic object, which JSON cannot make, ends at the depth limit', () => {
  const cyclic: Record<string, unknown> = { type: 'object' };
  cyclic.properties = { self: cyclic };
  assert.equal(timed(() => ts(cyclic)).match(/self\?:/g)?.length, SCHEMA_LIMITS.depth);
});

test('a $ref outside the schema is never followed, and the converter imports no file or network access', async () => {
  for (const ref of [
    'file:///etc/passwd',
    '/etc/passwd',
    'https://example.com/schema.json#/$defs/A',
    'other.json#/definitions/A',
    '//example.com/a',
  ]) {
    assert.equal(ts(object({ a: { $ref: ref } })), '{\n  a?: unknown;\n}');
  }
  for (const file of ['schema-to-ts.ts', 'ts-text.ts']) {
    const source = await readFile(new URL(file, import.meta.url), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    assert.deepEqual(
      imports.filter((path) => path !== './ts-text.ts'),
      [],
      file,
    );
    assert.doesNotMatch(source, /\b(fetch|require|import)\(/, file);
  }
});

test('a 100,000-member enum shows 50 literals and the kinds of the rest', () => {
  const values = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? `v${i}` : i));
  const text = timed(() => ts({ enum: values }));
  assert.equal(text.match(/"v\d+"/g)?.length, 25);
  assert.match(
    text,
    /^0 \| "v1" \| 2 \| .* \| "v49" \| number \| string \/\* 99950 more values \*\/$/,
  );
});

test('no text of the schema can close a comment or break its line', () => {
  const hostile = 'a */ b\u2028c\u2029d\re';
  const text = ts({
    ...object({ [hostile]: { description: hostile, format: hostile, default: hostile } }),
    properties: {
      [hostile]: { description: hostile, format: hostile, default: hostile },
      r: { $ref: '#/$defs/x*~1y' },
    },
    $defs: { 'x*/y': { items: { $ref: '#/$defs/x*~1y' } } },
  });
  const comments = text.match(/\/\*[\s\S]*?\*\//g) ?? [];
  for (const comment of comments) assert.doesNotMatch(comment.slice(2, -2), /\*\//);
  assert.doesNotMatch(text, /\u2028|\u2029|\r/);
  assert.match(text, /"a \*\/ b\\u2028c\\u2029d\\re"\?: unknown;/, 'a key is one string');
  assert.match(text, /recursive x\*\\\/y/);
});

test('__proto__ and constructor are names like any other, and nothing is read from a prototype', () => {
  const schema = JSON.parse(`{
    "type": "object",
    "properties": { "__proto__": { "type": "string" }, "constructor": { "$ref": "#/$defs/constructor" },
      "toString": { "$ref": "#/$defs/toString" }, "valueOf": { "type": "constructor" } },
    "required": ["__proto__", "constructor"],
    "$defs": { "constructor": { "type": "number" } }
  }`);
  assert.equal(
    ts(schema),
    '{\n  __proto__: string;\n  constructor: number;\n  toString?: unknown;\n  valueOf?: unknown;\n}',
  );
  assert.equal(ts(JSON.parse('{"properties": {}, "required": ["__proto__"]}')), '{}');
});

test('a wide schema is cut at 64 KiB, an index signature saying how many properties are left out', () => {
  const properties = Object.fromEntries(
    Array.from({ length: 100_000 }, (_, i) => [`p${i}`, { type: 'string', description: 'x' }]),
  );
  const text = timed(() => ts({ type: 'object', properties }));
  assert.ok(bytes(text) <= SCHEMA_LIMITS.bytes);
  assert.ok(bytes(text) > SCHEMA_LIMITS.bytes - 3072);
  assert.match(text, /\/\* \d+ more properties cut \*\/ \[key: string\]: unknown;\n\}$/);
  const union = timed(() =>
    ts({ anyOf: Array.from({ length: 100_000 }, (_, i) => ({ const: i })) }),
  );
  assert.equal(union, 'unknown', 'a union cut short is only known to be unknown');
});

test('references that fan out exponentially stay within the budget and end fast', () => {
  const $defs: Record<string, unknown> = {};
  for (let level = 0; level < 30; level++) {
    const next = { $ref: `#/$defs/L${level + 1}` };
    $defs[`L${level}`] = object(Object.fromEntries('abcdefghij'.split('').map((k) => [k, next])));
  }
  $defs.L30 = { type: 'string' };
  const text = timed(() => ts({ $ref: '#/$defs/L0', $defs }));
  assert.ok(bytes(text) <= SCHEMA_LIMITS.bytes, `${bytes(text)} bytes`);
});

test('a huge description takes a quarter of the budget, and a huge key ends the members', () => {
  const huge = 'é'.repeat(5_000_000);
  const text = timed(() =>
    ts(object({ a: { type: 'string', description: huge }, b: { type: 'number' } })),
  );
  assert.ok(bytes(text) <= SCHEMA_LIMITS.bytes / 4 + 100);
  assert.ok(text.endsWith('é… */\n  a?: string;\n  b?: number;\n}'));
  const long = timed(() => ts(object({ a: { type: 'string' }, [huge]: {}, c: {} })));
  assert.equal(long, '{\n  a?: string;\n  /* 2 more properties cut */ [key: string]: unknown;\n}');
});

test('a budget shared by several schemas is spent by each', () => {
  const budget = { bytes: 100 };
  const wide = object(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, {}])));
  schemaToTs(wide, { budget });
  assert.equal(budget.bytes, 0);
  assert.equal(schemaToTs({ type: 'string' }, { budget }), 'unknown');
});

test('a $ref over 1024 characters is unknown, and a pointer named by many properties is followed once', () => {
  let follows = 0;
  const long = { $ref: `#/$defs/d${'/a'.repeat(1500)}` };
  const root = {
    type: 'object',
    properties: {
      ...Object.fromEntries(
        Array.from({ length: 4000 }, (_, i) => [`p${i}`, { $ref: '#/$defs/d/a/a' }]),
      ),
      long,
    },
  };
  // Each pointer followed reads $defs once.
  Object.defineProperty(root, '$defs', {
    enumerable: true,
    get: () => {
      follows++;
      return { d: { a: { a: { type: 'string', description: 'an a' } } } };
    },
  });
  const text = schemaToTs(root);
  assert.match(text, /\/\*\* an a \*\/\n {2}p0\?: string;/);
  assert.equal(follows, 1);
  assert.match(schemaToTs({ ...root, properties: { long } }), /long\?: unknown;/);
});
