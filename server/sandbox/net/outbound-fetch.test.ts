import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import { isOwnAddress } from './outbound-fetch.ts';

test("every form of this machine's addresses is its own, and no other address is", () => {
  const own = [
    '127.0.0.1',
    '127.1.2.3',
    '0.0.0.0',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:0:0',
    '0:0:0:0:0:ffff:127.0.0.1',
    '::127.0.0.1',
    ...Object.values(networkInterfaces())
      .flat()
      .map((info) => info?.address ?? '127.0.0.1'),
  ];
  for (const address of own) assert.equal(isOwnAddress(address), true, address);
  for (const address of ['8.8.8.8', '::ffff:8.8.8.8', '2001:db8::1', '192.0.2.1', 'localhost']) {
    assert.equal(isOwnAddress(address), false, address);
  }
});
