import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusedLaunch } from './debug-switches.ts';

const switches =
  (...given: string[]) =>
  (name: string) =>
    given.includes(name);

test('a packaged app refuses remote debugging by port or pipe, and says which', () => {
  assert.match(
    refusedLaunch({ packaged: true, hasSwitch: switches('remote-debugging-port'), env: {} }) ?? '',
    /^MCP Isolate does not start with --remote-debugging-port:/,
  );
  assert.match(
    refusedLaunch({
      packaged: true,
      hasSwitch: switches('remote-debugging-port', 'remote-debugging-pipe'),
      env: {},
    }) ?? '',
    /--remote-debugging-port or --remote-debugging-pipe/,
  );
});

test('the release specs (MCP_ISOLATE_TEST_SPECS=1) and development runs may debug', () => {
  const hasSwitch = switches('remote-debugging-pipe');
  assert.equal(
    refusedLaunch({ packaged: true, hasSwitch, env: { MCP_ISOLATE_TEST_SPECS: '1' } }),
    undefined,
  );
  assert.notEqual(
    refusedLaunch({ packaged: true, hasSwitch, env: { MCP_ISOLATE_TEST_SPECS: 'yes' } }),
    undefined,
  );
  assert.equal(refusedLaunch({ packaged: false, hasSwitch, env: {} }), undefined);
});

test('a packaged app started normally goes on', () => {
  assert.equal(refusedLaunch({ packaged: true, hasSwitch: switches(), env: {} }), undefined);
});
