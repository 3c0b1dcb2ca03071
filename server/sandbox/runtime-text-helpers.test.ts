import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import ivm from 'isolated-vm';
import { PRELUDE } from './runtime-source.ts';

// The runtime's UTF-8 and base64 helpers (text-encoding.js), which fetch.js uses on the host's
// path, in a bare isolate: the prelude up to runtime.js, so that the shared object is still
// there to call, and then every built-in they could meet is poisoned.
const isolate = new ivm.Isolate({ memoryLimit: 64 });
const context = isolate.createContextSync();
for (const script of PRELUDE) {
  if (script.filename === 'mcp-isolate:runtime.js') break;
  context.evalSync(script.code, { filename: script.filename });
}
context.evalSync(`globalThis.S = __mcpiShared;
  (() => {
    const boom = () => { throw new Error('poisoned') };
    const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
    for (const key of ['length', 'buffer', 'byteLength', 'byteOffset', Symbol.toStringTag]) {
      Object.defineProperty(typedArray, key, { get: boom });
    }
    for (const key of ['read', 'written', 'text', 'rest', 'length', '0', '1']) {
      Object.defineProperty(Object.prototype, key, { get: boom, set: boom });
    }
    Object.defineProperty(Array.prototype, '0', { get: boom, set: boom });
    typedArray.subarray = typedArray.slice = typedArray.set = boom;
    String.prototype.charCodeAt = String.prototype.slice = String.fromCharCode = boom;
    Function.prototype.apply = Function.prototype.call = Reflect.apply = boom;
    globalThis.Uint8Array = globalThis.String = globalThis.Array = null;
  })();`);
after(() => isolate.dispose());

const call = (code: string) => context.evalSync(code, { copy: true }) as unknown;

test("the runtime's UTF-8 helpers agree with Node's, whatever the guest did to the built-ins", () => {
  const text = `a\u00e9\u20ac\u{1f600}\ud800z${'x'.repeat(20000)}`;
  const encoded = call(`S.utf8Encode(${JSON.stringify(text)})`) as Uint8Array;
  assert.deepEqual(Buffer.from(encoded), Buffer.from(text, 'utf8'));
  const bytes = [0xef, 0xbb, 0xbf, 0x61, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xe2, 0x82, 0x62];
  assert.equal(
    call(`S.utf8Decode(S.base64ToBytes('${Buffer.from(bytes).toString('base64')}'))`),
    'a\u{1f600}\ufffd\ufffdb',
  );
  assert.equal(
    call(`S.utf8Decode(S.utf8Encode(${JSON.stringify(text)}))`),
    text.replace('\ud800', '\ufffd'),
  );
});

test("the runtime's base64 helpers agree with Node's, and refuse what is not base64", () => {
  const all = Buffer.from(Array.from({ length: 256 * 40 }, (_, i) => (i * 7) % 256));
  for (const length of [0, 1, 2, 3, all.length]) {
    const bytes = all.subarray(0, length);
    const base64 = call(
      `S.bytesToBase64(S.base64ToBytes('${bytes.toString('base64')}'))`,
    ) as string;
    assert.equal(base64, bytes.toString('base64'));
  }
  assert.deepEqual(
    Buffer.from(call("S.base64ToBytes(' YW\\nJj ')") as Uint8Array),
    Buffer.from('abc'),
  );
  assert.deepEqual(Buffer.from(call("S.base64ToBytes('YQ')") as Uint8Array), Buffer.from('a'));
  for (const bad of ['a', 'YQ=a', 'YQ===', '*abc', 'YW\u00e9=']) {
    assert.throws(() => call(`S.base64ToBytes(${JSON.stringify(bad)})`), /invalid base64/, bad);
  }
});
