// The user's other MCP servers that code may call (the `mcpServers` setting), in the shape MCP
// clients' own config files use: their check, their transport, and which of their tools are
// allowed. Plain TypeScript, shared by the settings, the window, the upstream layer and the sandbox.
import { isHeaderName, isHeaderValue } from './net-policy.ts';

/** What every server's entry may add: which tools code may call, and whether it may call any. */
interface McpServerCommon {
  /** `*` patterns of tool names; `!pattern` excludes. None, or only exclusions: every other tool. */
  allowTools?: string[];
  disabled?: boolean;
}

/** A server the upstream layer starts as a process and speaks to over its stdin and stdout. */
export interface McpStdioServer extends McpServerCommon {
  command: string;
  args?: string[];
  /** Secret values: never shown to code, logs, journals or the admin API. */
  env?: Record<string, string>;
  /** An absolute folder; the user's home folder when absent. */
  cwd?: string;
  type?: 'stdio';
}

/** A server reached over HTTP: Streamable HTTP, or SSE when `type` or the URL's path says so. */
export interface McpHttpServer extends McpServerCommon {
  url: string;
  /** Secret values, as `env`'s. */
  headers?: Record<string, string>;
  type?: 'http' | 'streamable-http' | 'sse';
}

export type McpServerConfig = McpStdioServer | McpHttpServer;

/** The servers by the name code calls them by (`mcp.NAME.TOOL(args)`). */
export type McpServers = Record<string, McpServerConfig>;

export type McpTransport = 'stdio' | 'streamable-http' | 'sse';

/**
 * Names code could not reach as `mcp.NAME`: the global's own members, and the names its proxy
 * answers `undefined` for so that `await`, JSON and inspecting it call nothing.
 */
export const RESERVED_SERVER_NAMES = [
  'call',
  'servers',
  'then',
  'toJSON',
  'constructor',
  'valueOf',
  'toString',
  'inspect',
] as const;

/** The bounds of one server's entry, so that a hostile settings file cannot make the check slow. */
const MAX_SERVERS = 100;
const MAX_NAME = 100;
const MAX_ITEMS = 1000;
const MAX_TEXT = 32 * 1024;

const STDIO_KEYS = new Set(['command', 'args', 'env', 'cwd', 'type', 'allowTools', 'disabled']);
const HTTP_KEYS = new Set(['url', 'headers', 'type', 'allowTools', 'disabled']);
const HTTP_TYPES = new Set(['http', 'streamable-http', 'sse']);

/** How the upstream layer speaks to `config`'s server. */
export function transportOf(config: McpServerConfig): McpTransport {
  if ('command' in config) return 'stdio';
  if (config.type === 'sse') return 'sse';
  if (config.type !== undefined) return 'streamable-http';
  return /\/sse\/?$/.test(urlPath(config.url)) ? 'sse' : 'streamable-http';
}

function urlPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/**
 * Whether code may call `tool` under `allowTools`: an exclusion (`!pattern`) matching it refuses;
 * otherwise a list with no plain pattern allows it, and one with some needs one matching it.
 */
export function toolAllowed(allowTools: readonly string[] | undefined, tool: string): boolean {
  const patterns = allowTools ?? [];
  const excluded = patterns.some((p) => p.startsWith('!') && patternMatches(p.slice(1), tool));
  if (excluded) return false;
  const included = patterns.filter((p) => !p.startsWith('!'));
  return included.length === 0 || included.some((p) => patternMatches(p, tool));
}

/** `*` matches any run of characters, including none; everything else only itself. */
function patternMatches(pattern: string, name: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === name;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (name.length < first.length + last.length) return false;
  if (!name.startsWith(first) || !name.endsWith(last)) return false;
  // Each middle part, leftmost first, in the text between the fixed ends: no backtracking.
  let at = first.length;
  const end = name.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/**
 * What is wrong with `value` as the `mcpServers` setting, in a phrase that names the server and
 * field (`github.command must be …`, for the caller to put after `mcpServers: ` as it does for
 * every setting) but never quotes an `env` or `headers` value, which are secrets; undefined when
 * nothing is wrong.
 * `ownPort` is this server's HTTP port and `ownCommand` the stdio command clients are given: a
 * server calling itself would wait on its own session's queue, or recurse.
 */
export function mcpServersProblem(
  value: unknown,
  ownPort?: number,
  ownCommand?: readonly string[],
): string | undefined {
  if (!isRecord(value)) return 'must be an object of servers by name';
  const names = Object.keys(value);
  if (names.length > MAX_SERVERS) return `holds ${names.length} servers, at most ${MAX_SERVERS}`;
  for (const name of names) {
    const problem = nameProblem(name) ?? serverProblem(name, value[name], ownPort, ownCommand);
    if (problem) return problem;
  }
  return undefined;
}

/** Why `name` cannot name a server in mcpServers, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'a server name must not be empty';
  if (name.length > MAX_NAME) {
    return `the server name ${clipped(name)} is longer than ${MAX_NAME} characters`;
  }
  if (/\p{Cc}/u.test(name)) return `the server name ${clipped(name)} holds control characters`;
  if ((RESERVED_SERVER_NAMES as readonly string[]).includes(name) || name === '__proto__') {
    return `the server name ${clipped(name)} is reserved (code could not reach it as mcp.${name}): choose another`;
  }
  return undefined;
}

function serverProblem(
  name: string,
  config: unknown,
  ownPort: number | undefined,
  ownCommand: readonly string[] | undefined,
): string | undefined {
  const at = serverPath(name);
  if (!isRecord(config)) return `${at} must be an object with a command or a url`;
  if ('command' in config && 'url' in config) return `${at} has both a command and a url: keep one`;
  if (!('command' in config) && !('url' in config)) {
    return `${at} needs a command (a server it starts) or a url (a server it connects to)`;
  }
  const stdio = 'command' in config;
  const allowed = stdio ? STDIO_KEYS : HTTP_KEYS;
  const stray = Object.keys(config).find((key) => !allowed.has(key));
  if (stray !== undefined) {
    const known = [...allowed].join(', ');
    return `${at} has no field ${clipped(stray)} for a server with a ${stdio ? 'command' : 'url'}: use ${known}`;
  }
  return (
    (stdio ? stdioProblem(at, config, ownCommand) : httpProblem(at, config, ownPort)) ??
    commonProblem(at, config)
  );
}

function stdioProblem(
  at: string,
  config: Record<string, unknown>,
  ownCommand: readonly string[] | undefined,
): string | undefined {
  const { command, args, env, cwd, type } = config;
  if (type !== undefined && type !== 'stdio') {
    return `${at}.type must be "stdio" for a server with a command`;
  }
  const problem =
    textProblem(`${at}.command`, command) ??
    (args === undefined ? undefined : textsProblem(`${at}.args`, args)) ??
    (env === undefined ? undefined : secretsProblem(`${at}.env`, env, envNameProblem)) ??
    (cwd === undefined ? undefined : cwdProblem(`${at}.cwd`, cwd));
  if (problem) return problem;
  if (ownCommand && isOwnCommand([command as string, ...((args as string[]) ?? [])], ownCommand)) {
    return `${at} runs MCP Isolate itself, which would call itself: remove it`;
  }
  return undefined;
}

function httpProblem(
  at: string,
  config: Record<string, unknown>,
  ownPort: number | undefined,
): string | undefined {
  const { url, headers, type } = config;
  if (type !== undefined && !HTTP_TYPES.has(type as string)) {
    return `${at}.type must be "http", "streamable-http" or "sse" for a server with a url`;
  }
  const problem =
    textProblem(`${at}.url`, url) ??
    urlProblem(`${at}.url`, url as string, ownPort) ??
    (headers === undefined ? undefined : secretsProblem(`${at}.headers`, headers, headerProblem));
  return problem;
}

function commonProblem(at: string, config: Record<string, unknown>): string | undefined {
  const { allowTools, disabled } = config;
  if (disabled !== undefined && typeof disabled !== 'boolean') {
    return `${at}.disabled must be true or false`;
  }
  if (allowTools === undefined) return undefined;
  const problem = textsProblem(`${at}.allowTools`, allowTools);
  if (problem) return problem;
  const bad = (allowTools as string[]).find((p) => p.trim() === '' || p === '!');
  return bad === undefined
    ? undefined
    : `${at}.allowTools holds an empty pattern: use tool names, * patterns, or !pattern to exclude`;
}

function urlProblem(at: string, text: string, ownPort: number | undefined): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${at} is not a URL: use http://… or https://…`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${at} must be an http:// or https:// address`;
  }
  // The URL is shown in the window and the admin API: a secret goes in headers, which are masked.
  if (url.username || url.password) {
    return `${at} holds a user name or password: put credentials in headers, which are kept secret`;
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (ownPort !== undefined && port === ownPort && isLoopback(url.hostname)) {
    return `${at} is MCP Isolate's own address, which would call itself: remove it`;
  }
  return undefined;
}

/** Whether `host` (as URL parsing gives it) names this machine. */
function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '0.0.0.0' ||
    host === '[::1]' ||
    host === '[::]' ||
    /^\[::ffff:(7f[0-9a-f]{2}:[0-9a-f]{1,4}|0:0)\]$/.test(host)
  );
}

/**
 * Whether `argv` starts MCP Isolate as `ownCommand` does: the same program (the launcher, or on
 * Windows the runtime and its script), whatever options follow it.
 */
export function isOwnCommand(argv: readonly string[], ownCommand: readonly string[]): boolean {
  const stdio = ownCommand.indexOf('--stdio');
  const program = stdio < 0 ? ownCommand : ownCommand.slice(0, stdio);
  return program.length > 0 && program.every((word, i) => argv[i] === word);
}

function textProblem(at: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return `${at} must be a non-empty text`;
  if (value.length > MAX_TEXT) return `${at} is longer than ${MAX_TEXT} characters`;
  if (/\p{Cc}/u.test(value)) return `${at} holds control characters`;
  return undefined;
}

/** A list of texts that a process can be given (no NUL), such as args. */
function textsProblem(at: string, value: unknown): string | undefined {
  if (!Array.isArray(value)) return `${at} must be a list of texts`;
  if (value.length > MAX_ITEMS) return `${at} holds more than ${MAX_ITEMS} items`;
  const index = value.findIndex(
    (item) => typeof item !== 'string' || item.length > MAX_TEXT || item.includes('\0'),
  );
  return index < 0
    ? undefined
    : `${at}[${index}] must be a text without NUL characters, at most ${MAX_TEXT} long`;
}

function cwdProblem(at: string, value: unknown): string | undefined {
  const problem = textProblem(at, value);
  if (problem) return problem;
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value as string)
    ? undefined
    : `${at} must be an absolute folder path`;
}

/** `env` or `headers`: texts by name. Names may be quoted, values never. */
function secretsProblem(
  at: string,
  value: unknown,
  entryProblem: (at: string, name: string, secret: string) => string | undefined,
): string | undefined {
  if (!isRecord(value)) return `${at} must be an object of texts by name`;
  const names = Object.keys(value);
  if (names.length > MAX_ITEMS) return `${at} holds more than ${MAX_ITEMS} entries`;
  for (const name of names) {
    const secret = value[name];
    if (typeof secret !== 'string') return `${at} ${clipped(name)} must be a text`;
    if (secret.length > MAX_TEXT) {
      return `${at} ${clipped(name)} is longer than ${MAX_TEXT} characters`;
    }
    const problem = entryProblem(at, name, secret);
    if (problem) return problem;
  }
  return undefined;
}

function envNameProblem(at: string, name: string, secret: string): string | undefined {
  if (name === '' || name.includes('=') || /\p{Cc}/u.test(name)) {
    return `${at} has a variable name ${clipped(name)} a process cannot be given: use letters, digits and _`;
  }
  return secret.includes('\0')
    ? `${at} ${clipped(name)} holds a NUL character, which a process cannot be given`
    : undefined;
}

function headerProblem(at: string, name: string, secret: string): string | undefined {
  if (!isHeaderName(name)) return `${at} has ${clipped(name)}, which is not a header name`;
  if (secret.trim() === '' || /[\r\n\0]/.test(secret)) {
    return `${at} ${name} must be one line of text`;
  }
  return isHeaderValue(secret)
    ? undefined
    : `${at} ${name} is not a valid header value: use printable ASCII (or Latin-1) characters`;
}

/** `NAME`, or `["odd name"]` when the name is not a plain word: a path under `mcpServers: `. */
export function serverPath(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : `[${clipped(name)}]`;
}

/** A name as JSON (control characters escaped), cut to a length a message can hold. */
function clipped(text: string): string {
  return JSON.stringify(text.length > MAX_NAME ? `${text.slice(0, MAX_NAME)}…` : text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
