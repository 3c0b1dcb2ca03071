import type { Settings } from '../../contract/settings-registry.ts';
import type { ConnectionRegistry } from '../connections/connection-registry.ts';
import type { Engine } from '../engine/engine.ts';
import type { PackagePolicy } from '../sandbox/protocol.ts';
import type { ServerState } from './server-state.ts';

/**
 * What takes the settings: the engine (limits, network, packages, unnamed sessions' retention)
 * and the connections.
 */
export interface SettingTargets {
  engine: Engine;
  connections: ConnectionRegistry;
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

function applySettings(settings: Settings, { engine, connections }: SettingTargets): void {
  engine.setLimits(settings);
  engine.setNetPolicy(settings);
  engine.setPackagePolicy(packagePolicyOf(settings));
  engine.setUnnamedRetention(settings.unnamedRetentionMs);
  connections.configure(settings);
}

/** The engine's package policy from the settings. */
const packagePolicyOf = (settings: Settings): PackagePolicy => ({
  enabled: settings.packages,
  registry: settings.npmRegistry,
  ...(settings.npmToken !== undefined && { token: settings.npmToken }),
  allow: settings.allowPackages,
});
