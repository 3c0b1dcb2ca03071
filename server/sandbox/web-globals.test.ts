import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { failure, startEngine, value } from '../test-support/engine.ts';
import { tempDir } from '../test-support/temp-dir.ts';

// The web platform's common minimum in the sandbox, checked against what the specifications say,
// through a real engine: the vendored URL, URLSearchParams, structuredClone, atob and btoa, and
// the runtime's own TextEncoder, TextDecoder, events, AbortController and crypto.
const engine = await startEngine({ workers: 1 });

/**
 * What `body`, the body of an async function run in the sandbox, returns, through JSON (the
 * console carries it as it is).
 */
async function evaluate(body: string, session = 'web'): Promise<unknown> {
  const result = await engine.run({
    session,
    code: `console.log(JSON.stringify(await (async () => {\n${body}\n})()))`,
  });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  return JSON.parse(result.console.at(-1)?.text ?? 'undefined');
}

/** Guest code: the name of what `fn` throws, or 'none'. */
const THROWN =
  'const thrown = (fn) => { try { fn(); return "none" } catch (e) { return e.name } };';
/** Guest code: an ArrayBuffer or view as lower-case hex. */
const HEX =
  'const hex = (bytes) => Array.from(new Uint8Array(bytes.buffer ?? bytes, bytes.byteOffset, bytes.byteLength), (b) => b.toString(16).padStart(2, "0")).join("");';

test('URL parses and resolves relative references as the URL Standard says', async () => {
  assert.deepEqual(
    await evaluate(`${THROWN}
      const base = 'https://user:pw@a.example:8080/b/c/d?q#f';
      return [
        new URL('../e?x=1#h', base).href,
        new URL('//other.example/p', base).href,
        new URL('?y', base).href,
        new URL('HTTP://EXAMPLE.com:80/a/./b/../c%7e').href,
        new URL('https://bücher.example/').hostname,
        new URL(base).origin,
        thrown(() => new URL('no base')),
        URL.canParse('/p', 'https://a.example'),
        URL.canParse('https://[::1'),
      ];`),
    [
      'https://user:pw@a.example:8080/b/e?x=1#h',
      'https://other.example/p',
      'https://user:pw@a.example:8080/b/c/d?y',
      'http://example.com/a/c%7e',
      'xn--bcher-kva.example',
      'https://a.example:8080',
      'TypeError',
      true,
      false,
    ],
  );
});

test('searchParams and the URL stay in sync both ways; URLSearchParams sorts and encodes as the spec says', async () => {
  assert.deepEqual(
    await evaluate(`
      const url = new URL('https://a.example/?b=2&a=1');
      const params = url.searchParams;
      params.append('c', 'x y');
      const afterAppend = url.href;
      url.search = '?q=%C3%A9';
      const sorted = new URLSearchParams('z=1&a=2&z=0&b');
      sorted.sort();
      return [
        afterAppend,
        params.get('q'),
        url.searchParams === params,
        sorted.toString(),
        new URLSearchParams({ q: 'a b~*é&=' }).toString(),
        [...new URLSearchParams([['k', '1'], ['k', '2']]).getAll('k')],
        new URLSearchParams('?a=1&a=2&b=3').size,
      ];`),
    [
      'https://a.example/?b=2&a=1&c=x+y',
      'é',
      true,
      'a=2&b=&z=1&z=0',
      'q=a+b%7E*%C3%A9%26%3D',
      ['1', '2'],
      3,
    ],
  );
});

test('TextEncoder and TextDecoder round-trip UTF-8, with U+FFFD for lone surrogates and invalid bytes', async () => {
  assert.deepEqual(
    await evaluate(`${THROWN}
      const encoder = new TextEncoder();
      const decode = (bytes, options) => new TextDecoder('utf-8', options).decode(new Uint8Array(bytes));
      const into = new Uint8Array(5);
      const streaming = new TextDecoder();
      const pieces = [streaming.decode(new Uint8Array([0xf0, 0x9f]), { stream: true }),
        streaming.decode(new Uint8Array([0x98, 0x80]), { stream: true }), streaming.decode()];
      return [
        encoder.encoding,
        Array.from(encoder.encode('a\\ud800é😀')),
        decode([0x61, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9]),
        // Maximal subparts: an overlong, a surrogate, a truncated sequence, a stray byte.
        decode([0xf0, 0x80, 0x80, 0x41, 0xed, 0xa0, 0x80, 0x42, 0xe2, 0x82]).split(''),
        decode([0xef, 0xbb, 0xbf, 0x61]),
        decode([0xef, 0xbb, 0xbf, 0x61], { ignoreBOM: true }).length,
        thrown(() => decode([0xff], { fatal: true })),
        pieces,
        encoder.encodeInto('aé😀', into),
        Array.from(into),
        new TextDecoder(' UTF8\\n').encoding,
        thrown(() => new TextDecoder('utf-16le')),
        new TextDecoder().decode(new DataView(new Uint8Array([0x68, 0x69]).buffer)),
      ];`),
    [
      'utf-8',
      [97, 0xef, 0xbf, 0xbd, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80],
      'a😀é',
      ['\ufffd', '\ufffd', '\ufffd', 'A', '\ufffd', '\ufffd', '\ufffd', 'B', '\ufffd'],
      'a',
      2,
      'TypeError',
      ['', '😀', ''],
      { read: 2, written: 3 },
      [0x61, 0xc3, 0xa9, 0, 0],
      'utf-8',
      'RangeError',
      'hi',
    ],
  );
});

test('TextDecoder decodes windows-1252, which latin1 and ascii name, a character a byte as Node does', async () => {
  const bytes = [0x68, 0xe9, 0x80, 0x81, 0x9f, 0xa0, 0xff, 0xef, 0xbb, 0xbf];
  const labels = ['latin1', ' ISO-8859-1 ', 'ascii', 'windows-1252'];
  const decoded = (label: string) => new TextDecoder(label).decode(new Uint8Array(bytes));
  assert.deepEqual(
    await evaluate(`
      const bytes = new Uint8Array(${JSON.stringify(bytes)});
      return ${JSON.stringify(labels)}.map((label) => {
        const decoder = new TextDecoder(label, { fatal: true });
        return [decoder.encoding, decoder.decode(bytes), decoder.decode(new Uint8Array(20000).fill(0xe9)).length];
      });`),
    labels.map((label) => ['windows-1252', decoded(label), 20000]),
  );
});

test('atob and btoa are forgiving base64 and refuse anything else with InvalidCharacterError', async () => {
  assert.deepEqual(
    await evaluate(`${THROWN}
      const error = (() => { try { atob('YQ=a') } catch (e) { return e } })();
      return [
        btoa('abc'),
        btoa('\\xff\\x00'),
        atob(' YW\\nJj '),
        atob('YQ'),
        thrown(() => atob('a')),
        thrown(() => btoa('\\u0100')),
        [error.name, error.code, error instanceof DOMException, error instanceof Error],
      ];`),
    [
      'YWJj',
      '/wA=',
      'abc',
      'a',
      'InvalidCharacterError',
      'InvalidCharacterError',
      ['InvalidCharacterError', 5, true, true],
    ],
  );
});

test('structuredClone copies maps, sets, dates, regular expressions, typed arrays and cycles, and refuses a function', async () => {
  assert.deepEqual(
    await evaluate(`
      const original = { map: new Map([[1, new Set(['s'])]]), date: new Date(5), re: /x+/gi,
        bytes: new Uint16Array([1, 2]), nested: { list: [1, { deep: true }] } };
      original.self = original;
      const copy = structuredClone(original);
      const error = (() => { try { structuredClone({ f() {} }) } catch (e) { return e } })();
      return [
        copy !== original && copy.self === copy,
        copy.map.get(1).has('s') && copy.map !== original.map,
        copy.date instanceof Date && copy.date.getTime(),
        [copy.re.source, copy.re.flags],
        copy.bytes instanceof Uint16Array && Array.from(copy.bytes),
        copy.nested.list[1].deep,
        [error.name, error instanceof DOMException],
      ];`),
    [true, true, 5, ['x+', 'gi'], [1, 2], true, ['DataCloneError', true]],
  );
});

test('an EventTarget runs its listeners in order, with the once and signal options and handleEvent objects', async () => {
  assert.deepEqual(
    await evaluate(`
      const target = new EventTarget();
      const log = [];
      const listener = (event) => log.push('plain:' + event.eventPhase);
      const controller = new AbortController();
      target.addEventListener('ping', listener);
      target.addEventListener('ping', listener);
      target.addEventListener('ping', () => log.push('once'), { once: true });
      target.addEventListener('ping', () => log.push('signal'), { signal: controller.signal });
      target.addEventListener('ping', { handleEvent(event) { log.push('object:' + (event.currentTarget === target)) } });
      target.addEventListener('ping', (event) => event.preventDefault(), { passive: true });
      const first = new Event('ping', { cancelable: true });
      const firstResult = target.dispatchEvent(first);
      controller.abort();
      target.removeEventListener('ping', listener, true);
      target.addEventListener('ping', (event) => { event.preventDefault(); event.stopImmediatePropagation() });
      target.addEventListener('ping', () => log.push('never'));
      const second = new Event('ping', { cancelable: true });
      const secondResult = target.dispatchEvent(second);
      target.removeEventListener('ping', listener);
      const early = new Event('ping');
      early.stopPropagation();
      const logged = log.length;
      target.dispatchEvent(early);
      return [log, log.length === logged, firstResult, secondResult, second.defaultPrevented, second.target === target,
        second.currentTarget, second.eventPhase, second.isTrusted, first.timeStamp === performance.now(),
        String(second), thrownName(() => target.dispatchEvent({ type: 'ping' }))];
      function thrownName(fn) { try { fn() } catch (e) { return e.name } }`),
    [
      ['plain:2', 'once', 'signal', 'object:true', 'plain:2', 'object:true'],
      true,
      true,
      false,
      true,
      true,
      null,
      0,
      false,
      true,
      '[object Event]',
      'TypeError',
    ],
  );
});

test("a listener's exception fails the run as a timer's does, after the other listeners ran", async () => {
  const result = await failure(engine, {
    session: 'listener-throws',
    code: `const target = new EventTarget();
      target.addEventListener('go', () => { throw new Error('from a listener') });
      target.addEventListener('go', () => console.log('still ran'));
      target.dispatchEvent(new Event('go'));
      'done'`,
  });
  assert.equal(result.error?.code, 'thrown');
  assert.equal(result.error?.message, 'from a listener');
  assert.deepEqual(result.console, [{ level: 'log', text: 'still ran' }]);
});

test('AbortController aborts once, with an AbortError or the reason given', async () => {
  assert.deepEqual(
    await evaluate(`
      const controller = new AbortController();
      const { signal } = controller;
      const log = [];
      signal.onabort = (event) => log.push('onabort:' + event.type);
      signal.addEventListener('abort', () => log.push('listener:' + signal.aborted));
      const before = [signal.aborted, signal.reason];
      controller.abort();
      controller.abort('again');
      const thrown = (() => { try { signal.throwIfAborted() } catch (e) { return e } })();
      return [before, log, signal.reason.name, signal.reason.message, thrown === signal.reason,
        AbortSignal.abort('why').reason, AbortSignal.abort().reason.name,
        (() => { try { new AbortSignal() } catch (e) { return e.name } })()];`),
    [
      [false, null],
      ['onabort:abort', 'listener:true'],
      'AbortError',
      'This operation was aborted',
      true,
      'why',
      'AbortError',
      'TypeError',
    ],
  );
});

test('AbortSignal.timeout aborts on virtual time, after exactly its delay', async () => {
  const result = await engine.run({
    session: 'timeout',
    code: `const t0 = Date.now();
      const signal = AbortSignal.timeout(250);
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      // One still pending when the run ends is cancelled with the run's timers.
      AbortSignal.timeout(1000);
      [Date.now() - t0, signal.reason.name, signal.reason.message]`,
  });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.equal(result.value, "[ 250, 'TimeoutError', 'The operation was aborted due to timeout' ]");
  assert.deepEqual(
    result.cancelledTimers.map(({ kind, delay }) => [kind, delay]),
    [['AbortSignal.timeout', 1000]],
  );
});

test('AbortSignal.any follows the first of its signals to abort', async () => {
  assert.deepEqual(
    await evaluate(`
      const one = new AbortController();
      const two = new AbortController();
      const any = AbortSignal.any([one.signal, two.signal]);
      const nested = AbortSignal.any([any]);
      const order = [];
      two.signal.addEventListener('abort', () => order.push('source, dependent aborted: ' + any.aborted));
      any.addEventListener('abort', () => order.push('dependent'));
      two.abort('second');
      one.abort('first');
      return [any.aborted, any.reason, nested.reason, order,
        AbortSignal.any([new AbortController().signal, AbortSignal.abort('already')]).reason];`),
    [true, 'second', 'second', ['source, dependent aborted: true', 'dependent'], 'already'],
  );
});

test('crypto.getRandomValues fills integer typed arrays of up to 65536 bytes, and refuses others', async () => {
  assert.deepEqual(
    await evaluate(`${THROWN}
      const bytes = new Uint8Array(8);
      return [
        crypto.getRandomValues(bytes) === bytes && bytes.some((b) => b !== 0),
        crypto.getRandomValues(new BigUint64Array(2))[0] > 0n,
        crypto.getRandomValues(new Uint32Array(16384)).length,
        thrown(() => crypto.getRandomValues(new Uint32Array(16385))),
        thrown(() => crypto.getRandomValues(new Float32Array(1))),
        thrown(() => crypto.getRandomValues(new DataView(new ArrayBuffer(1)))),
        thrown(() => crypto.getRandomValues([1, 2])),
        String(crypto),
      ];`),
    [
      true,
      true,
      16384,
      'QuotaExceededError',
      'TypeMismatchError',
      'TypeMismatchError',
      'TypeError',
      '[object Crypto]',
    ],
  );
});

test('crypto.randomUUID makes version 4 UUIDs', async () => {
  const [one, two] = (await evaluate('return [crypto.randomUUID(), crypto.randomUUID()]')) as [
    string,
    string,
  ];
  const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(one, v4);
  assert.match(two, v4);
  assert.notEqual(one, two);
});

test('crypto.subtle.digest gives the known SHA-1 and SHA-2 digests, and refuses other algorithms', async () => {
  assert.deepEqual(
    await evaluate(`${HEX}
      const abc = new TextEncoder().encode('abc');
      const rejected = await crypto.subtle.digest('MD5', abc).catch((e) => e.name);
      const badData = await crypto.subtle.digest('SHA-256', 'abc').catch((e) => e.name);
      const result = await crypto.subtle.digest({ name: 'sha-256' }, new ArrayBuffer(0));
      return [
        hex(await crypto.subtle.digest('SHA-1', abc)),
        hex(await crypto.subtle.digest('SHA-256', abc)),
        hex(await crypto.subtle.digest('SHA-384', abc.buffer)),
        hex(await crypto.subtle.digest('SHA-512', new DataView(abc.buffer))),
        result instanceof ArrayBuffer && hex(result),
        rejected,
        badData,
        typeof crypto.subtle.encrypt,
      ];`),
    [
      'a9993e364706816aba3e25717850c26c9cd0d89d',
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'NotSupportedError',
      'TypeError',
      'undefined',
    ],
  );
});

test("the web globals are the prelude's: not enumerable, hidden from the heap view, with no temporaries left", async () => {
  const made = await engine.run({
    session: 'globals',
    code: `var own = 1;
      var seen = [Object.keys(globalThis), '__mcpiHashes' in globalThis,
        '__core-js_shared__' in globalThis, Function.prototype.toString.toString(),
        'prototype' in Function.prototype.toString,
        ['URL', 'TextEncoder', 'EventTarget', 'crypto', 'structuredClone', 'atob', 'DOMException']
          .every((name) => name in globalThis && !Object.getOwnPropertyDescriptor(globalThis, name).enumerable)];
      JSON.stringify(seen)`,
  });
  assert.equal(made.ok, true, JSON.stringify(made.error));
  assert.equal(
    made.value,
    `'[["own","seen"],false,false,"function toString() { [native code] }",false,true]'`,
  );
  const { entries } = await engine.inspectHeap({ heap: made.heap });
  assert.deepEqual(entries.map((entry) => entry.name).sort(), ['own', 'seen']);
});

test('random values from crypto, and URLs, read the same from a snapshot, from the journal alone, and in a fork', async () => {
  const dataDir = await tempDir();
  const code = `var values = values ?? [];
    var url = new URL('https://a.example/?n=' + values.length);
    values.push(crypto.randomUUID(), Array.from(crypto.getRandomValues(new Uint8Array(6))).join());
    JSON.stringify(values)`;
  const read = "JSON.stringify(values) + ' ' + url.searchParams.get('n')";
  const first = await startEngine({ dataDir, workers: 1 });
  await value(first, { session: 'random', code });
  const made = await first.run({ session: 'random', code });
  const expected = await value(first, { session: 'random', code: read });
  await first.snapshot('random');
  await first.close();

  const second = await startEngine({ dataDir, workers: 1 });
  const fromSnapshot = await second.run({ session: 'random', code: read });
  assert.deepEqual([fromSnapshot.value, fromSnapshot.restoredFrom], [expected, 'snapshot']);
  await second.close();
  await rm(join(dataDir, 'snapshots'), { recursive: true });

  const third = await startEngine({ dataDir, workers: 1 });
  const replayed = await third.run({ session: 'random', code: read });
  assert.deepEqual([replayed.value, replayed.restoredFrom], [expected, 'replay']);
  await third.fork({ heap: made.heap, session: 'random-fork' });
  assert.equal(await value(third, { session: 'random-fork', code: read }), expected);
});

test('a guest that replaces or poisons the web globals breaks neither its next run nor the runtime', async () => {
  const session = 'hostile-web';
  await value(engine, {
    session,
    code: `var Bytes = Uint8Array; var keptSignal = AbortSignal; var keptCrypto = crypto;
      var keptDecoder = new TextDecoder();`,
  });
  await value(engine, {
    session,
    code: `delete globalThis.TextEncoder; globalThis.Uint8Array = null; globalThis.setTimeout = null;
      const boom = () => { throw new Error('poisoned') };
      const names = ['text', 'rest', 'read', 'written', 'callback', 'removed', 'capture', '0'];
      for (let i = 0; i < names.length; i++) {
        Object.defineProperty(Object.prototype, names[i], { set: boom, configurable: true });
      }
      Object.defineProperty(Object.getPrototypeOf(Bytes.prototype), 'length', { get: boom });
      String.fromCharCode = boom;
      Array.prototype.push = boom;
      Array.prototype[Symbol.iterator] = boom;
      'poisoned'`,
  });
  const after = await engine.run({
    session,
    code: `console.log('still logs');
      const signal = keptSignal.timeout(20);
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      const uuid = keptCrypto.randomUUID();
      [typeof TextEncoder, keptDecoder.decode(keptCrypto.getRandomValues(new Bytes(4))).length > 0,
        /^[0-9a-f-]{36}$/.test(uuid), signal.reason.name]`,
  });
  assert.equal(after.ok, true, JSON.stringify(after.error));
  assert.deepEqual(after.console, [{ level: 'log', text: 'still logs' }]);
  assert.equal(after.value, "[ 'undefined', true, true, 'TimeoutError' ]");
  assert.equal(await value(engine, { session, code: '1 + 1' }), '2');
});
