// What build/bundle-web-polyfills.ts bundles into web-polyfills.js (`npm run vendor`): the web
// globals a well-kept library implements better than the runtime would, evaluated right after
// primordials.js. The hashes go to web-crypto.js through a temporary global it deletes.
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

// core-js draws a Math.random() as it loads (ids it never shows) and replaces
// Function.prototype.toString so that its functions print as native code. The first is pinned so
// that every process builds the same prelude; the second is put back: the prelude changes no
// built-in a guest already had.
const random = Math.random;
const functionToString = Object.getOwnPropertyDescriptor(Function.prototype, 'toString');
Math.random = () => 0.5;
require('core-js/actual/url');
require('core-js/actual/url-search-params');
require('core-js/actual/structured-clone');
require('core-js/actual/atob');
require('core-js/actual/btoa');
Math.random = random;
Object.defineProperty(Function.prototype, 'toString', functionToString);
// core-js keeps its internal state in a global: its modules already hold it, and no guest should.
delete globalThis['__core-js_shared__'];
// core-js makes these three enumerable; like the runtime's other globals, they are not.
for (const name of ['structuredClone', 'atob', 'btoa']) {
  Object.defineProperty(globalThis, name, { enumerable: false });
}

Object.defineProperty(globalThis, '__mcpiHashes', {
  value: { __proto__: null, sha1, sha256, sha384, sha512 },
  configurable: true,
});
