import { MCP_ENTRY_NAME } from '../../contract/mcp-clients.ts';
import { notJsonProblem } from '../../contract/setting-usage.ts';
import { whatRewritingLoses } from './json-loss.ts';

// A client's config file as JSON: read strictly, changed in one entry, written back with every
// other key and server as it was (values and order), in 2-space JSON.

type JsonObject = Record<string, unknown>;

/** What of the file's layout is kept on writing: a byte order mark and its line ends. */
export interface ConfigLayout {
  bom: boolean;
  eol: '\n' | '\r\n';
}

export type ParsedConfig =
  | { config: JsonObject; layout: ConfigLayout; problem?: undefined }
  | { problem: string; config?: undefined };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The file's text as a config object, or why it is refused: comments (JSON with comments, which
 * VS Code allows), invalid JSON, a key twice and a number a double cannot hold would be lost or
 * guessed at by a rewrite, so they are never rewritten. An empty file is an empty config: it
 * holds nothing to lose.
 */
export function parseConfig(text: string, file: string, key: string): ParsedConfig {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const layout: ConfigLayout = { bom, eol: body.includes('\r\n') ? '\r\n' : '\n' };
  if (body.trim() === '') return { config: {}, layout };
  const yourself = `add the entry under "${key}" yourself (its text is below, under "Copy a configuration")`;
  let config: unknown;
  try {
    config = JSON.parse(body);
  } catch (error) {
    if (hasComments(body)) {
      return {
        problem: `${file} has comments, which rewriting it would lose: MCP Isolate leaves it as it is. Remove the comments, or ${yourself}.`,
      };
    }
    return {
      problem: `${file} ${notJsonProblem(body, error)}: MCP Isolate leaves it as it is. Fix it, or ${yourself}.`,
    };
  }
  const lost = whatRewritingLoses(body);
  if (lost !== undefined) {
    return {
      problem: `${file} ${lost}: MCP Isolate leaves it as it is. Fix it, or ${yourself}.`,
    };
  }
  if (!isObject(config)) {
    return {
      problem: `${file} does not hold a JSON object: MCP Isolate leaves it as it is. Fix it, or ${yourself}.`,
    };
  }
  if (config[key] !== undefined && !isObject(config[key])) {
    return {
      problem: `"${key}" in ${file} is not an object: MCP Isolate leaves the file as it is. Fix it, or ${yourself}.`,
    };
  }
  return { config, layout };
}

/** Whether `//` or `/*` starts somewhere outside a string: the text is JSON with comments. */
function hasComments(text: string): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return true;
  }
  return false;
}

/**
 * An entry's fields that say how a client reaches the server: an HTTP entry's are dropped when it
 * becomes the stdio entry, or it would keep a URL and its bearer token beside the command.
 */
const TRANSPORT_FIELDS = ['url', 'serverUrl', 'headers', 'type', 'transport'];

/** MCP Isolate's entry in the config, if there is one (any value). */
export function ourEntry(config: JsonObject, key: string): unknown {
  const servers = config[key];
  return isObject(servers) ? servers[MCP_ENTRY_NAME] : undefined;
}

/**
 * Whether MCP Isolate's entry (`ourEntry`) is there, and runs `command` with `args`. Anything
 * else is outdated, and a repair makes it the stdio entry: an older install's command, or an HTTP
 * entry (`url`, pasted from the window's entries for HTTP clients).
 */
export function entryState(
  entry: unknown,
  command: string,
  args: string[],
): 'not-connected' | 'connected' | 'outdated' {
  if (entry === undefined) return 'not-connected';
  const same =
    isObject(entry) &&
    entry.command === command &&
    Array.isArray(entry.args) &&
    entry.args.length === args.length &&
    entry.args.every((arg, i) => arg === args[i]) &&
    (entry.type === undefined || entry.type === 'stdio') &&
    !TRANSPORT_FIELDS.some((field) => field !== 'type' && field in entry);
  return same ? 'connected' : 'outdated';
}

/**
 * The config with MCP Isolate's entry set to `entry`: an outdated one keeps its place and any
 * field of its own (an `env` the user added) but none of another transport's, a new one goes
 * last, and `key` is added last when the file had none.
 */
export function withEntry(config: JsonObject, key: string, entry: JsonObject): JsonObject {
  const servers = isObject(config[key]) ? config[key] : {};
  const old = servers[MCP_ENTRY_NAME];
  const kept = Object.entries(isObject(old) ? old : {}).filter(
    ([field]) => !TRANSPORT_FIELDS.includes(field),
  );
  const merged = { ...Object.fromEntries(kept), ...entry };
  return replaced(config, key, replaced(servers, MCP_ENTRY_NAME, merged));
}

/** The config without MCP Isolate's entry; everything else, an emptied `key` too, stays. */
export function withoutEntry(config: JsonObject, key: string): JsonObject {
  const servers = config[key];
  if (!isObject(servers)) return config;
  const rest = Object.fromEntries(
    Object.entries(servers).filter(([name]) => name !== MCP_ENTRY_NAME),
  );
  return replaced(config, key, rest);
}

/**
 * `object` with `name` set to `value`, in its place or last. Built with Object.fromEntries,
 * which defines each key as data, so a key named `__proto__` in a file stays an ordinary key.
 */
function replaced(object: JsonObject, name: string, value: unknown): JsonObject {
  const entries = Object.entries(object);
  const at = entries.findIndex(([key]) => key === name);
  if (at === -1) entries.push([name, value]);
  else entries[at] = [name, value];
  return Object.fromEntries(entries);
}

/** The config as the file's text: 2-space JSON, in the layout the file had. */
export function formatConfig(config: JsonObject, layout: ConfigLayout): string {
  const text = `${JSON.stringify(config, null, 2)}\n`;
  return (
    (layout.bom ? '\uFEFF' : '') + (layout.eol === '\n' ? text : text.replaceAll('\n', '\r\n'))
  );
}
