import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../contract/settings-registry.ts';
import type { ConnectionRegistry } from '../connections/connection-registry.ts';
import type { Engine } from '../engine/engine.ts';
import { followSettings } from './follow-settings.ts';
import { ServerState } from './server-state.ts';

/** An engine and connections that note what they were given. */
function targets() {
  const calls: string[] = [];
  const engine = {
    setLimits: (limits: { timeoutMs: number }) => calls.push(`limits ${limits.timeoutMs}`),
    setNetPolicy: (net: { allowNet: string[] }) => calls.push(`net ${net.allowNet.join()}`),
    setPackagePolicy: (policy: { enabled: boolean; token?: string }) =>
      calls.push(`packages ${policy.enabled} ${policy.token ?? 'no token'}`),
    setUnnamedRetention: (ms: number) => calls.push(`retention ${ms}`),
  } as unknown as Engine;
  const connections = {
    configure: (options: { maxConnections: number }) =>
      calls.push(`connections ${options.maxConnections}`),
  } as unknown as ConnectionRegistry;
  return { calls, engine, connections };
}

test('the settings apply at start and again when they change, by the same function', () => {
  const state = new ServerState(DEFAULT_SETTINGS);
  const { calls, ...to } = targets();
  const unfollow = followSettings(state, to);
  assert.deepEqual(calls, [
    'limits 30000',
    'net ',
    'packages true no token',
    'retention 604800000',
    'connections 256',
  ]);
  calls.length = 0;
  state.setSettings({
    ...DEFAULT_SETTINGS,
    timeoutMs: 500,
    allowNet: ['a.test'],
    packages: false,
    npmToken: 'npm_abc',
    maxConnections: 3,
    unnamedRetentionMs: 0,
  });
  assert.deepEqual(calls, [
    'limits 500',
    'net a.test',
    'packages false npm_abc',
    'retention 0',
    'connections 3',
  ]);
  unfollow();
  state.setSettings(DEFAULT_SETTINGS);
  assert.equal(calls.length, 5);
});

test('a change of the state that leaves the settings as they are applies nothing', () => {
  const state = new ServerState(DEFAULT_SETTINGS);
  const { calls, ...to } = targets();
  followSettings(state, to);
  calls.length = 0;
  state.setMcpRunning(false);
  state.reportProblem('a snapshot failed');
  assert.deepEqual(calls, []);
});
