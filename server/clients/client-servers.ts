// The MCP servers each installed client's own config file names, as mcpServers would take them:
// read as plain JSON, each entry's transport normalised, MCP Isolate's own entry left out, and an
// entry that MCP Isolate cannot start as the client would marked with why (it is imported
// disabled). Secrets stay in what this gives the server: the window sees only their names.
import { MCP_CLIENT_IDS, MCP_ENTRY_NAME, type McpClientId } from '../../contract/mcp-clients.ts';
import {
  isOwnCommand,
  type McpServerConfig,
  type McpServers,
  type McpTransport,
  nameProblem,
  transportOf,
} from '../../contract/mcp-servers.ts';
import { NotJson, notJsonProblem } from '../../contract/setting-usage.ts';
import { CLIENT_KINDS } from './client-kinds.ts';
import { firstInstalled } from './client-links.ts';
import { type ClientHost, clientPlaces } from './client-places.ts';
import { readConfigFile } from './config-file.ts';

/** A server of a client's file: its config for mcpServers (secrets included), and why it is not ready. */
export interface ClientServer {
  name: string;
  config: McpServerConfig;
  transport: McpTransport;
  /** The command and its arguments, or the URL. */
  target: string;
  secretKeys: string[];
  problem?: string;
}

export interface ClientServers {
  client: McpClientId;
  name: string;
  configPath: string;
  servers: ClientServer[];
  /** Entries of the file past the first MAX_LISTED, not listed. */
  more?: number;
  /** Why the file cannot be read. */
  problem?: string;
}

type JsonObject = Record<string, unknown>;

/** Servers listed from one file at most: as many as mcpServers holds. */
const MAX_LISTED = 100;
/** A target is shown, not run: its first characters say what it is. */
const MAX_TARGET = 1000;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The types a client's entry may give, as mcpServers says them (none: stdio). */
const TYPES: Record<string, 'stdio' | 'streamable-http' | 'sse'> = {
  stdio: 'stdio',
  http: 'streamable-http',
  'streamable-http': 'streamable-http',
  streamableHttp: 'streamable-http',
  sse: 'sse',
};

/**
 * The servers of each installed client's file (a client without the file names none), leaving
 * out MCP Isolate's own: by its name, or a command that starts it as `ownCommand` does.
 */
export async function readClientServers(
  host: ClientHost,
  ownCommand: readonly string[],
): Promise<ClientServers[]> {
  const places = clientPlaces(host);
  const found = await Promise.all(
    MCP_CLIENT_IDS.map(async (client) => {
      const place = await firstInstalled(places[client]);
      return place && (await readServers(client, place.configPath, ownCommand));
    }),
  );
  return found.filter((servers) => servers !== undefined);
}

async function readServers(
  client: McpClientId,
  configPath: string,
  ownCommand: readonly string[],
): Promise<ClientServers> {
  const { name, key } = CLIENT_KINDS[client];
  const file = { client, name, configPath, servers: [] };
  const read = await readConfigFile(configPath);
  if (read.kind === 'missing') return file;
  if (read.kind === 'problem') return { ...file, problem: read.problem };
  const config = parseJson(read.text.replace(/^\uFEFF/, ''));
  if (config instanceof NotJson) return { ...file, problem: `${configPath} ${config.problem}` };
  if (!isObject(config)) return { ...file, problem: `${configPath} does not hold a JSON object` };
  const entries = isObject(config[key]) ? config[key] : {};
  const servers: ClientServer[] = [];
  // The first as many as mcpServers holds: a file naming thousands makes no longer answer.
  let more = 0;
  for (const server in entries) {
    if (server === MCP_ENTRY_NAME || !Object.hasOwn(entries, server)) continue;
    if (servers.length >= MAX_LISTED) {
      more++;
      continue;
    }
    const taken = serverOf(server, entries[server]);
    if (!taken) continue;
    const { config } = taken;
    if ('command' in config && isOwnCommand([config.command, ...(config.args ?? [])], ownCommand)) {
      continue;
    }
    servers.push(taken);
  }
  return { ...file, servers, ...(more > 0 && { more }) };
}

/** A client's entry as mcpServers takes it, or none when it names neither a command nor a URL. */
function serverOf(name: string, entry: unknown): ClientServer | undefined {
  if (!isObject(entry)) return undefined;
  const problems: string[] = [];
  const type = typeof entry.type === 'string' ? TYPES[entry.type] : undefined;
  if (entry.type !== undefined && type === undefined) {
    problems.push(`its type ${JSON.stringify(entry.type)} is not one MCP Isolate knows`);
  }
  // Windsurf names an HTTP server's address serverUrl.
  const url = typeof entry.url === 'string' ? entry.url : entry.serverUrl;
  let config: McpServerConfig;
  if (typeof entry.command === 'string') {
    config = {
      command: entry.command,
      ...(Array.isArray(entry.args) && { args: entry.args.map(String) }),
      ...(isObject(entry.env) && { env: texts(entry.env, 'env', problems) }),
      ...(typeof entry.cwd === 'string' && { cwd: entry.cwd }),
    };
  } else if (typeof url === 'string') {
    config = {
      url: withoutUserinfo(url, problems),
      ...(isObject(entry.headers) && { headers: texts(entry.headers, 'headers', problems) }),
      ...(type !== undefined && type !== 'stdio' && { type }),
    };
  } else return undefined;
  if (entry.envFile !== undefined) {
    problems.push('its envFile is not read: copy the values into env');
  }
  // VS Code's ${input:…} and ${env:…}, Claude Code's ${VAR}: filled in by the client, not here.
  if (/\$\{[^}]*\}/.test(JSON.stringify(config))) {
    problems.push(`it uses \${…} variables its client fills in: type their values`);
  }
  if (entry.disabled === true) config.disabled = true;
  const secrets = 'command' in config ? config.env : config.headers;
  return {
    name,
    config,
    transport: transportOf(config),
    target: clipName(
      'command' in config
        ? [config.command, ...(config.args ?? [])].join(' ')
        : shownUrl(config.url),
      MAX_TARGET,
    ),
    secretKeys: Object.keys(secrets ?? {}),
    ...(problems.length > 0 && { problem: problems.join('; ') }),
  };
}

/** `url` as the window shows it: a query may carry a key (`?api_key=…`), so it shows as `?…`. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.search === '') return url;
    parsed.search = '';
    return `${parsed.href}?…`;
  } catch {
    return url;
  }
}

/** `url` without a user name or password, which would be shown as the server's address; the
 *  client sent them as Basic authentication, which a header can say instead. */
function withoutUserinfo(url: string, problems: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '';
  parsed.password = '';
  problems.push(
    'its URL held a user name and password, left out: give them as an Authorization header',
  );
  return parsed.href;
}

/**
 * The file's JSON, or JSON with comments (an empty file is an empty config), or why not: never
 * JSON.parse's message, which quotes the text and so perhaps a secret.
 */
function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    const stripped = withoutComments(text);
    try {
      return JSON.parse(stripped);
    } catch (error) {
      return new NotJson(notJsonProblem(stripped, error));
    }
  }
}

/**
 * JSON with comments (VS Code's mcp.json allows them) as JSON: read only, nothing is written
 * back, so unlike a connect (config-json.ts) nothing is lost by leaving them out.
 */
function withoutComments(text: string): string {
  // Slices of the text between comments, joined once: adding a character at a time to a string
  // of tens of megabytes took seconds.
  const kept: string[] = [];
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') i = stringEnd(text, i);
    else if (char === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      kept.push(text.slice(from, i));
      const line = text[i + 1] === '/';
      const end = line ? text.indexOf('\n', i + 2) : text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : line ? end : end + 2;
      // A line comment's line break is kept (from `end`); a block comment becomes a space.
      if (!line) kept.push(' ');
      from = i;
    } else i++;
  }
  kept.push(text.slice(from));
  return kept.join('');
}

/** Where the JSON string starting at `start` ends (past its closing quote). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** The text values of `values` (a number or a flag as its text); any other is left out, saying so. */
function texts(values: JsonObject, field: string, problems: string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    // Defined, not assigned: a key `__proto__` would set the prototype instead.
    if (['string', 'number', 'boolean'].includes(typeof value)) {
      Object.defineProperty(kept, key, {
        value: String(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else problems.push(`its ${field} ${clipName(key)} is not text`);
  }
  return kept;
}

const clipName = (name: string, max = 100): string =>
  name.length > max ? `${name.slice(0, max)}…` : name;

/** `name` as near as mcpServers takes one: without control characters, at most 100 long. */
function nameBase(name: string): string {
  const base = name
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 100)
    .trim();
  return base === '' ? 'server' : base;
}

/**
 * `servers` named in `names` added to `current` (each with a problem disabled, a name taken or
 * one mcpServers refuses, such as `call`, given a suffix within its length: `NAME-2`), with what
 * each became and what the user should know of it.
 */
export function withImported(
  current: McpServers,
  servers: readonly ClientServer[],
  names: readonly string[],
  file: string,
): { mcpServers: McpServers; imported: { from: string; as: string }[]; notices: string[] } {
  const mcpServers: McpServers = { ...current };
  const imported: { from: string; as: string }[] = [];
  const notices: string[] = [];
  for (const name of new Set(names)) {
    const server = servers.find((s) => s.name === name);
    if (!server) {
      notices.push(`"${name}" is not in ${file}: it was not imported`);
      continue;
    }
    const base = nameBase(name);
    const free = (as: string) => !Object.hasOwn(mcpServers, as) && nameProblem(as) === undefined;
    let as = base;
    for (let n = 2; !free(as); n++) as = `${base.slice(0, 100 - `-${n}`.length)}-${n}`;
    if (as !== name) {
      const why = Object.hasOwn(mcpServers, name) ? 'the name was taken' : nameProblem(name);
      notices.push(`"${clipName(name)}" is imported as "${as}": ${why}`);
    }
    // Defined, not assigned, as a key `__proto__` in `current` would be (the settings refuse it).
    Object.defineProperty(mcpServers, as, {
      value: server.problem ? { ...server.config, disabled: true } : server.config,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    if (server.problem) notices.push(`"${as}" is imported disabled: ${server.problem}`);
    imported.push({ from: name, as });
  }
  return { mcpServers, imported, notices };
}
