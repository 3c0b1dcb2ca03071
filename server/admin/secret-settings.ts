// Secrets (the values of secret headers, the npm token) never leave the server through the admin
// API: the GUI gets them masked, and sends the mask back for one it keeps.
import { MASKED_SECRET } from '../../contract/net-policy.ts';
import type { Settings } from '../../contract/setting-definitions.ts';
import type { SettingProblem } from '../settings/resolve-settings.ts';

/** The settings as the admin API shows them: each secret header's value and the npm token masked. */
export const maskSecrets = (settings: Settings): Settings => ({
  ...settings,
  netHeaders: settings.netHeaders.map((header) => ({ ...header, value: MASKED_SECRET })),
  ...(settings.npmToken !== undefined && { npmToken: MASKED_SECRET }),
});

/**
 * Changes from the GUI with each masked value put back from the current settings (the header
 * with the same pattern and name); a masked value with none to keep is a problem.
 */
export function unmaskSecrets(
  changes: Partial<Settings>,
  current: Settings,
): { changes: Partial<Settings>; problems: SettingProblem[] } {
  // The mask keeps the token; an empty one removes it (JSON cannot carry undefined).
  const npmToken =
    changes.npmToken === MASKED_SECRET ? current.npmToken : changes.npmToken || undefined;
  const kept = 'npmToken' in changes ? { ...changes, npmToken } : changes;
  if (!kept.netHeaders) return { changes: kept, problems: [] };
  const problems: SettingProblem[] = [];
  const netHeaders = kept.netHeaders.map((header) => {
    if (header.value !== MASKED_SECRET) return header;
    const kept = current.netHeaders.find(
      (old) =>
        old.pattern === header.pattern && old.name.toLowerCase() === header.name.toLowerCase(),
    );
    if (!kept) {
      problems.push({
        key: 'netHeaders',
        message: `netHeaders: header ${header.name} for ${header.pattern} has no value to keep: type one`,
      });
    }
    return { ...header, value: kept?.value ?? '' };
  });
  return { changes: { ...kept, netHeaders }, problems };
}
