import type { Settings } from '../../contract/settings-registry.ts';
import type { PackagePolicy } from '../sandbox/protocol.ts';

/** The engine's package policy from the settings. */
export const packagePolicyOf = (settings: Settings): PackagePolicy => ({
  enabled: settings.packages,
  registry: settings.npmRegistry,
  ...(settings.npmToken !== undefined && { token: settings.npmToken }),
  allow: settings.allowPackages,
});
