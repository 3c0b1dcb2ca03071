import type { Settings } from '../../contract/settings-registry.ts';
import type { ConnectionRegistry } from '../connections/connection-registry.ts';
import type { Engine } from '../engine/engine.ts';
import type { PackagePolicy } from '../sandbox/protocol.ts';
import { upstreamPolicy } from '../upstream/upstream-config.ts';
import type { UpstreamManager } from '../upstream/upstream-manager.ts';
import type { ServerState } from './server-state.ts';

/**
 * What takes the settings: the engine (limits, network, packages, other MCP servers, unnamed
 * sessions' retention), the connections and the upstream servers.
 */
export interface SettingTargets {
  engine: Engine;
  connections: ConnectionRegistry;
  upstreams: UpstreamManager;
  /** A line for the server's log: what went wrong applying them in the background. */
  log: (line: string) => void;
}

/**
 * Applies the state's settings now and after each change of them: the one way settings take
 * effect, at start and when the window changes them. Returns the unsubscribe.
 */
export function followSettings(state: ServerState, targets: SettingTargets): () => void {
  let applied: Settings | undefined;
  const apply = () => {
    // The state also changes for other reasons (the MCP switch, a problem).
    if (state.settings === applied) return;
    applied = state.settings;
    applySettings(applied, targets);
  };
  apply();
  return state.subscribe(apply);
}

function applySettings(settings: Settings, targets: SettingTargets): void {
  const { engine, connections, upstreams } = targets;
  engine.setLimits(settings);
  engine.setNetPolicy(settings);
  engine.setPackagePolicy(packagePolicyOf(settings));
  // The policy a run carries and the manager's servers: a worker's ask is checked by both.
  engine.setUpstreamPolicy(upstreamPolicy(settings.mcpServers));
  engine.setUnnamedRetention(settings.unnamedRetentionMs);
  connections.configure(settings);
  // Before configure, so a server started anew is bounded by the new limit.
  upstreams.setMaxResultBytes(settings.mcpResultBytes);
  // The servers it stops finish in the background; their calls fail saying the settings changed.
  upstreams
    .configure(settings.mcpServers)
    .catch((error: Error) => targets.log(`applying mcpServers failed: ${error.message}`));
}

/** The engine's package policy from the settings. */
const packagePolicyOf = (settings: Settings): PackagePolicy => ({
  enabled: settings.packages,
  registry: settings.npmRegistry,
  ...(settings.npmToken !== undefined && { token: settings.npmToken }),
  allow: settings.allowPackages,
});
