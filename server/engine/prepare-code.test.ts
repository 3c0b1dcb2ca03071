import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { CodeSyntaxError, prepareCode } from './prepare-code.ts';

const body = (code: string) => {
  const { script } = prepareCode(code);
  return script.replace(/^__mcpi\.body\(async \(\) => \{/, '').replace(/\n\}\);$/, '');
};

test('the last expression is returned', () => {
  assert.equal(body('1 + 1'), ' return (1 + 1);');
  assert.equal(body('x = 2; x * 3 // times three'), ' x = 2; return (x * 3); // times three');
});

test("a snippet that ends in a statement gives that statement's completion value", () => {
  assert.equal(
    body('if (a) b();'),
    'let __mcpiValue; __mcpiValue = undefined; if (a) __mcpiValue = (b());\n;return __mcpiValue;',
  );
  assert.equal(
    body("try { 1; 'a' } catch (e) { 'b' }"),
    "let __mcpiValue; __mcpiValue = undefined; try { __mcpiValue = (1); __mcpiValue = ('a') } " +
      "catch (e) {__mcpiValue = undefined;  __mcpiValue = ('b') }\n;return __mcpiValue;",
  );
  // A finally block that ends normally keeps the try block's value.
  assert.equal(
    body('try { x } finally { y }'),
    'let __mcpiValue; __mcpiValue = undefined; try { __mcpiValue = (x) } finally {' +
      'const __mcpiValueF0 = __mcpiValue;  __mcpiValue = (y) ;__mcpiValue = __mcpiValueF0; }' +
      '\n;return __mcpiValue;',
  );
  // A loop inside a loop starts again from undefined each time round; its label stays on it.
  assert.equal(
    body('while (a) l: for (;;) { 1; continue l }'),
    'let __mcpiValue; __mcpiValue = undefined; while (a) { __mcpiValue = undefined; l: for (;;) ' +
      '{ __mcpiValue = (1); continue l } }\n;return __mcpiValue;',
  );
  // Declarations give no value: the one before them stands.
  assert.equal(
    body('1; const c = 2'),
    'let __mcpiValue;__mcpi.declare(["c"]); __mcpiValue = (1); void ((c = 2));\n;return __mcpiValue;',
  );
  // Statements before one that always gives a value need nothing, nor do ones without any.
  assert.equal(body('a(); for (;;) { break }'), ' a(); for (;;) { break }');
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
    '__mcpi.define({ f }); function f() {}\n;return __mcpi.end(undefined, { f });',
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
    '__mcpi.define({ g }); function g() { var local = 1 }\n;return __mcpi.end(undefined, { g });',
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
    'h = __mcpi.read("h"); if (a) { function h() {} }\n;return __mcpi.end(undefined, { h });',
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
    "let __mcpiValue;__mcpi.declare([\"m\"]); void ((m = await __mcpi.import('x'))); __mcpiValue = undefined; if (a) __mcpiValue = (__mcpi.import('y'))\n;return __mcpiValue;",
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

/** Runs a prepared script in a fresh context, with just enough of the guest runtime for it. */
async function preparedValue(code: string): Promise<unknown> {
  const runtime = {
    body: (fn: () => Promise<unknown>) => fn(),
    declare: () => {},
    define: () => {},
    end: (value: unknown) => value,
  };
  return runInNewContext(prepareCode(code).script, { __mcpi: runtime });
}

test("every kind of statement gives the completion value a script's eval gives", async () => {
  const cases = [
    "try { 1; 'a' } catch (e) { 'b' }",
    "try { throw 1 } catch { 'b' } finally { 'f' }",
    "try { 'a'; throw 1 } catch (e) { }",
    'l: try { 1 } finally { 2; break l }',
    "if (true) { 'y' }",
    "'x'; if (false) { 'y' }",
    "if (false) 'y'; else if (true) 'z'",
    '1; { 2; {} }',
    '1; var v = 2; let w = 3; function f() {} class C {}',
    'for (var i = 0; i < 3; i++) i',
    'for (var j = 0; j < 3; j++) { if (j === 1) break; j }',
    'var n = 0; while (n < 3) n++',
    'var m = 0; do { m++; if (m > 1) continue; "first" } while (m < 3)',
    'for (var k in { a: 1, b: 2 }) k',
    'for (var q of [1, 2]) { q; if (q === 2) { } }',
    "switch (2) { case 1: 'one'; case 2: 'two'; case 3: 'three'; break; default: 'd' }",
    'switch (9) { case 1: 1 }',
    "outer: { 'in'; break outer; 'never' }",
    'a: for (;;) { 5; for (;;) { break a } }',
    'b: for (var r = 0; r < 2; r++) { r; continue b }',
    'var t = 0; while (t < 2) for (var u = 0; u < (t++ === 0 ? 1 : 0); u++) u',
    'with ({ z: 7 }) z',
    '1;;',
  ];
  for (const code of cases) {
    assert.deepEqual(await preparedValue(code), runInNewContext(code, {}), code);
  }
});
