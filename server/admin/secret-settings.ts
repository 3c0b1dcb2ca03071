// Secrets (the values of secret headers, the npm token, the MCP servers' env and headers) never
// leave the server through the admin API: the GUI gets them masked, and sends the mask back for
// one it keeps.
import type { SettingProblem } from '../../contract/desktop-api.ts';
import type { McpServers } from '../../contract/mcp-servers.ts';
import { MASKED_SECRET, type NetHeader } from '../../contract/net-policy.ts';
import { sameRegistryOrigin } from '../../contract/package-policy.ts';
import { SETTINGS, type SettingKind, type Settings } from '../../contract/settings-registry.ts';
import { maskMcpServers, unmaskMcpServers } from './mcp-server-secrets.ts';

/** A secret's value as the admin API shows it: headers and servers keep all but their values. */
function masked(kind: SettingKind, value: unknown): unknown {
  if (kind === 'netHeaders') {
    return (value as NetHeader[]).map((header) => ({ ...header, value: MASKED_SECRET }));
  }
  return kind === 'mcpServers' ? maskMcpServers(value as McpServers) : MASKED_SECRET;
}

/** The settings as the admin API shows them: every setting the registry calls secret masked. */
export function maskSecrets(settings: Settings): Settings {
  const shown: Record<string, unknown> = { ...settings };
  for (const { key, kind, secret } of SETTINGS) {
    if (secret && settings[key] !== undefined) shown[key] = masked(kind, settings[key]);
  }
  return shown as Settings;
}

/**
 * Changes from the GUI with each masked value put back from the current settings (the header
 * with the same pattern and name); a masked value with none to keep is a problem. A kept secret
 * never follows its host: a registry that moves to another origin drops the kept token unless a
 * new one comes with it (a notice says so), a header kept by the mask must keep its pattern, and
 * an MCP server's secret its name and command or origin (mcp-server-secrets.ts).
 */
export function unmaskSecrets(
  changes: Partial<Settings>,
  current: Settings,
): { changes: Partial<Settings>; problems: SettingProblem[]; notices: string[] } {
  const notices: string[] = [];
  const registry = changes.npmRegistry ?? current.npmRegistry;
  const moved = !sameRegistryOrigin(registry, current.npmRegistry);
  const keeps = !('npmToken' in changes) || changes.npmToken === MASKED_SECRET;
  let kept = changes;
  if (keeps && moved && current.npmToken !== undefined) {
    notices.push(
      `npmToken: the saved token was removed, because npmRegistry moved from ${current.npmRegistry} to ${registry} and a token goes only to the registry it was given for: type the new registry's token if it needs one`,
    );
    kept = { ...changes, npmToken: undefined };
  } else if ('npmToken' in changes) {
    // The mask keeps the token; an empty one removes it (JSON cannot carry undefined).
    kept = { ...changes, npmToken: keeps ? current.npmToken : changes.npmToken || undefined };
  }
  const problems: SettingProblem[] = [];
  if (kept.mcpServers) {
    const servers = unmaskMcpServers(kept.mcpServers, current.mcpServers);
    problems.push(...servers.problems.map((message) => ({ key: 'mcpServers' as const, message })));
    kept = { ...kept, mcpServers: servers.servers };
  }
  if (!kept.netHeaders) return { changes: kept, problems, notices };
  const netHeaders = kept.netHeaders.map((header) => {
    if (header.value !== MASKED_SECRET) return header;
    const kept = current.netHeaders.find(
      (old) =>
        old.pattern === header.pattern && old.name.toLowerCase() === header.name.toLowerCase(),
    );
    if (!kept) {
      problems.push({
        key: 'netHeaders',
        message: `netHeaders: header ${header.name} for ${header.pattern} has no value to keep (a saved value stays with the host pattern it was given for): type one`,
      });
    }
    return { ...header, value: kept?.value ?? '' };
  });
  return { changes: { ...kept, netHeaders }, problems, notices };
}
