import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodeSyntaxError, prepareCode } from './prepare-code.ts';

const body = (code: string) => {
  const { script } = prepareCode(code);
  return script.replace(/^__mcpi\.body\(async \(\) => \{/, '').replace(/\n\}\);$/, '');
};

test('the last expression is returned', () => {
  assert.equal(body('1 + 1'), ' return (1 + 1);');
  assert.equal(body('x = 2; x * 3 // times three'), ' x = 2; return (x * 3); // times three');
  assert.equal(body('if (a) b();'), ' if (a) b();');
});

test('top-level declarations become globals that can be declared again', () => {
  assert.equal(body('const a = 1, b = 2'), '__mcpi.declare(["a","b"]); void ((a = 1), (b = 2));');
  assert.equal(
    body('let {c, d: [e]} = o;'),
    '__mcpi.declare(["c","e"]); void (({c, d: [e]} = o));',
  );
  assert.equal(body('let u;'), '__mcpi.declare(["u"]); void ((u = undefined));');
  assert.equal(body('var v;'), '__mcpi.declare(["v"]); void 0;');
  assert.equal(body('class K {}'), '__mcpi.declare(["K"]); K = class K {};');
  assert.equal(
    body('function f() {}'),
    '__mcpi.define({ f }); function f() {}\n;__mcpi.end(undefined, { f });',
  );
});

test('var inside top-level blocks and loops is top-level too; let stays in its block', () => {
  assert.equal(
    body('for (var i = 0; i < 2; i++) { var j = i; let k = i }'),
    '__mcpi.declare(["i","j"]); for (void ((i = 0)); i < 2; i++) { void ((j = i)); let k = i }',
  );
  assert.equal(body('for (var key in o) {}'), '__mcpi.declare(["key"]); for (key in o) {}');
  assert.equal(
    body('function g() { var local = 1 }'),
    '__mcpi.define({ g }); function g() { var local = 1 }\n;__mcpi.end(undefined, { g });',
  );
  assert.equal(body('for (var y = 1 in o) {}'), '__mcpi.declare(["y"]); for (y in (y = 1, o)) {}');
});

test('functions are written back at the end, after the last expression ran', () => {
  assert.equal(
    body('function f() {} f = 1'),
    '__mcpi.define({ f }); function f() {} return __mcpi.end((f = 1), { f });',
  );
  assert.equal(
    body('if (a) { function h() {} }'),
    'h = __mcpi.read("h"); if (a) { function h() {} }\n;__mcpi.end(undefined, { h });',
  );
});

test('top-level await parses', () => {
  assert.equal(body('await 1'), ' return (await 1);');
});

test('TypeScript types are stripped, JavaScript is left alone', () => {
  const ts = prepareCode('const n: number = 1;\ninterface A { a: string }\nn as number');
  assert.doesNotMatch(ts.script, /number|interface/);
  assert.match(prepareCode('a < b').script, /return \(a < b\);/);
});

test('a syntax error names its line and column', () => {
  assert.throws(
    () => prepareCode('let ok = 1;\nlet = = 2'),
    (error: unknown) =>
      error instanceof CodeSyntaxError &&
      error.line === 2 &&
      /line 2, column \d+/.test(error.message),
  );
});

test('static imports are asked for at once before any code, their bindings made globals', () => {
  assert.equal(
    body(
      "import _, { map as m } from 'lodash';\nimport * as ns from 'npm:x@^2';\nimport 'side';\nm",
    ),
    '__mcpi.declare(["_","m","ns"]);const __mcpiImports = await __mcpi.importAll(["lodash","npm:x@^2","side"]);' +
      '_ = __mcpi.binding(__mcpiImports[0], "default", "lodash"); m = __mcpi.binding(__mcpiImports[0], "map", "lodash"); ns = __mcpiImports[1]; \n\n\nreturn (m);',
  );
});

test("import() anywhere becomes the runtime's import, inside declarations too", () => {
  assert.equal(
    body("const m = await import('x'); if (a) import('y')"),
    "__mcpi.declare([\"m\"]); void ((m = await __mcpi.import('x'))); if (a) __mcpi.import('y')",
  );
});

test('export, import.meta and an import below the top level are refused, saying why', () => {
  assert.throws(
    () => prepareCode('export const a = 1'),
    /'export' has nothing to export to.* at line 1, column 1/,
  );
  assert.throws(() => prepareCode('import.meta.url'), /'import.meta' has no module/);
  assert.throws(
    () => prepareCode('{\n import x from "x" }'),
    /belong at the top level.* at line 2, column 2/,
  );
});

test('TypeScript type-only imports are stripped; the rest import', () => {
  assert.match(
    prepareCode("import type { A } from 'a';\nimport b from 'b';\nconst y: number = b(1); y")
      .script,
    /__mcpi.importAll\(\["b"\]\)/,
  );
});

test('using declarations are refused: they crash V8 snapshot creation', () => {
  assert.throws(
    () => prepareCode('{ using r = null; } 1'),
    /'using' declarations are not supported/,
  );
});
