import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../contract/settings-registry.ts';
import type { ConnectionRegistry } from '../connections/connection-registry.ts';
import type { Engine } from '../engine/engine.ts';
import type { UpstreamManager } from '../upstream/upstream-manager.ts';
import { followSettings } from './follow-settings.ts';
import { ServerState } from './server-state.ts';

/** An engine, connections and upstream servers that note what they were given. */
function targets() {
  const calls: string[] = [];
  const engine = {
    setLimits: (limits: { timeoutMs: number }) => calls.push(`limits ${limits.timeoutMs}`),
    setNetPolicy: (net: { allowNet: string[] }) => calls.push(`net ${net.allowNet.join()}`),
    setPackagePolicy: (policy: { enabled: boolean; token?: string }) =>
      calls.push(`packages ${policy.enabled} ${policy.token ?? 'no token'}`),
    setUpstreamPolicy: (policy: { servers: Record<string, { allowTools: string[] }> }) =>
      calls.push(
        `policy ${Object.entries(policy.servers)
          .map(([name, { allowTools }]) => `${name}:${allowTools.join('|')}`)
          .join()}`,
      ),
    setUnnamedRetention: (ms: number) => calls.push(`retention ${ms}`),
  } as unknown as Engine;
  const connections = {
    configure: (options: { maxConnections: number }) =>
      calls.push(`connections ${options.maxConnections}`),
  } as unknown as ConnectionRegistry;
  const upstreams = {
    setMaxResultBytes: (bytes: number) => calls.push(`result bytes ${bytes}`),
    configure: async (servers: object) => {
      calls.push(`servers ${Object.keys(servers).join()}`);
    },
  } as unknown as UpstreamManager;
  return { calls, engine, connections, upstreams, log: (line: string) => calls.push(line) };
}

test('the settings apply at start and again when they change, by the same function', () => {
  const state = new ServerState(DEFAULT_SETTINGS);
  const { calls, ...to } = targets();
  const unfollow = followSettings(state, to);
  assert.deepEqual(calls, [
    'limits 30000',
    'net ',
    'packages true no token',
    'policy ',
    'retention 604800000',
    'connections 256',
    'result bytes 10485760',
    'servers ',
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
    mcpServers: { github: { command: 'gh-mcp', allowTools: ['search_*'] } },
    mcpResultBytes: 4096,
  });
  assert.deepEqual(calls, [
    'limits 500',
    'net a.test',
    'packages false npm_abc',
    'policy github:search_*',
    'retention 0',
    'connections 3',
    'result bytes 4096',
    'servers github',
  ]);
  unfollow();
  state.setSettings(DEFAULT_SETTINGS);
  assert.equal(calls.length, 8);
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

test('a failure to apply mcpServers in the background is logged, never thrown', async () => {
  const state = new ServerState(DEFAULT_SETTINGS);
  const { calls, ...to } = targets();
  to.upstreams.configure = async () => {
    throw new Error('a server would not stop');
  };
  followSettings(state, to);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(calls.at(-1), 'applying mcpServers failed: a server would not stop');
});
