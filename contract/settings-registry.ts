// Every setting, declared once: its kind of value, default, unit, section of the window, label,
// help, whether it is secret, and its flag and environment variable (every setting also comes
// from settings.json, by its key, and from the window). The flags, the variables, settings.json's
// checks, the admin API's schema and masking, the messages that say how to set one, the README's
// table, the limits and the window's form are all derived from here. Without zod, so the sandbox
// worker can name a setting in its messages (a refused fetch or import) at no cost.
import type { McpServers } from './mcp-servers.ts';
import type { NetHeader } from './net-policy.ts';
import { DEFAULT_NPM_REGISTRY } from './package-policy.ts';

/** The kinds of value a setting holds, with their type. */
interface KindValues {
  /** A non-empty text without spaces. */
  text: string;
  /** A bearer token: optional, at least 16 characters. */
  token: string;
  /** A whole number within the declaration's range. */
  int: number;
  bool: boolean;
  /** Browser origins (scheme://host[:port]). */
  origins: string[];
  /** Host patterns (net-policy.ts). */
  netPatterns: string[];
  /** Secret headers, `PATTERN=Name: value` each on the command line. */
  netHeaders: NetHeader[];
  /** An http(s) address. */
  url: string;
  /** A registry's auth token: optional, printable ASCII (package-policy.ts). */
  registryToken: string;
  /** Package names and `@scope/*` (package-policy.ts). */
  packagePatterns: string[];
  /** The user's other MCP servers by name (mcp-servers.ts); JSON on the command line. */
  mcpServers: McpServers;
}

export type SettingKind = keyof KindValues;

/** The kinds whose value may be absent (their default is none). */
type OptionalKind = 'token' | 'registryToken';

/** The kinds that hold a list: the flag repeats, the variable separates them. */
export const LIST_KINDS: ReadonlySet<SettingKind> = new Set([
  'origins',
  'netPatterns',
  'netHeaders',
  'packagePatterns',
]);

/** How a list's environment variable separates its items (a secret header may hold a comma). */
export const envSeparator = (kind: SettingKind): 'commas' | 'lines' =>
  kind === 'netHeaders' ? 'lines' : 'commas';

/** The sections of the window's Settings, in their order there. */
export const SETTING_GROUPS = [
  'Listening',
  'Security',
  'Limits',
  'Files',
  'Network',
  'Packages',
  'MCP servers',
  'Desktop app',
] as const;
export type SettingGroup = (typeof SETTING_GROUPS)[number];

/** What a number counts; the window shows it beside the label. */
export type SettingUnit = 'bytes' | 'ms' | 'MiB' | 'count';

interface Declaring<K extends SettingKind> {
  /** The command-line flag, without `--`. */
  flag: string;
  /** The environment variable; MCP_ISOLATE_ and the flag in capitals unless given. */
  env?: string;
  group: SettingGroup;
  /** Its label in the window. */
  label: string;
  /** What it is, in a phrase (the command line's help, the README, the window's hint). */
  help: string;
  /** What no value means (lists and optional texts); plain `none` unless given. */
  none?: string;
  default: KindValues[K] | (K extends OptionalKind ? undefined : never);
  /** Its value never leaves the server: the admin API and the window show it masked. */
  secret?: true;
}

/** One setting's declaration; for any kind, a union its `kind` tells apart. */
export type SettingDeclaration<K extends SettingKind = SettingKind> = K extends SettingKind
  ? Omit<Declaring<K>, 'env'> & {
      kind: K;
      env: string;
    } & (K extends 'int'
        ? {
            range: readonly [min: number, max: number];
            /** What it counts; none for a number that counts nothing (a port). */
            unit?: SettingUnit;
            /** Enforced on each run by the sandbox: one of the run's Limits. */
            runLimit?: true;
          }
        : unknown)
  : never;

const envOf = ({ flag, env }: Declaring<SettingKind>) =>
  env ?? `MCP_ISOLATE_${flag.toUpperCase().replaceAll('-', '_')}`;

const declare = <K extends Exclude<SettingKind, 'int'>>(
  kind: K,
  declaring: Declaring<K>,
): SettingDeclaration<K> =>
  ({ ...declaring, kind, env: envOf(declaring) }) as SettingDeclaration<K>;

const int = (
  range: readonly [number, number],
  unit: SettingUnit | undefined,
  declaring: Declaring<'int'>,
): SettingDeclaration<'int'> => ({
  ...declaring,
  kind: 'int',
  env: envOf(declaring),
  range,
  ...(unit && { unit }),
});

/** A number the sandbox enforces on each run: one of the run's Limits (limits.ts). */
const runLimit = (
  range: readonly [number, number],
  unit: SettingUnit,
  declaring: Declaring<'int'>,
) => ({ ...int(range, unit, declaring), runLimit: true as const });

/** The fixed port the server listens on unless told otherwise. */
export const DEFAULT_PORT = 7717;

const MiB = 1024 * 1024;

/** Every setting, in the window's order (and the command line's help and the README's table). */
export const SETTING_DECLARATIONS = {
  host: declare('text', {
    flag: 'host',
    group: 'Listening',
    label: 'Host',
    help: 'address to listen on',
    default: '127.0.0.1',
  }),
  port: int([0, 65535], undefined, {
    flag: 'port',
    group: 'Listening',
    label: 'Port',
    help: 'port to listen on (0 picks a free one)',
    default: DEFAULT_PORT,
  }),
  streamableHttp: declare('bool', {
    flag: 'streamable-http',
    group: 'Listening',
    label: 'Streamable HTTP (/mcp)',
    help: 'serve Streamable HTTP at /mcp',
    default: true,
  }),
  sse: declare('bool', {
    flag: 'sse',
    group: 'Listening',
    label: 'SSE (/sse)',
    help: 'serve the legacy SSE transport at /sse',
    default: true,
  }),
  corsOrigins: declare('origins', {
    flag: 'cors-origin',
    env: 'MCP_ISOLATE_CORS_ORIGINS',
    group: 'Security',
    label: 'Allowed browser origins (one per line)',
    help: 'an origin allowed to call from a browser',
    default: [],
  }),
  token: declare('token', {
    flag: 'token',
    group: 'Security',
    label: 'Bearer token (empty: none; required off loopback)',
    help: 'bearer token HTTP clients must send (required off loopback)',
    default: undefined,
  }),
  timeoutMs: runLimit([10, 3_600_000], 'ms', {
    flag: 'timeout-ms',
    group: 'Limits',
    label: 'Run timeout',
    help: 'longest run, restore excluded',
    default: 30_000,
  }),
  memoryMb: runLimit([8, 16_384], 'MiB', {
    flag: 'memory-mb',
    group: 'Limits',
    label: 'Memory per session',
    help: 'heap of one session',
    default: 128,
  }),
  outputBytes: runLimit([1024, 256 * MiB], 'bytes', {
    flag: 'output-bytes',
    group: 'Limits',
    label: 'Output per run',
    help: 'console output plus result of one run',
    default: MiB,
  }),
  codeBytes: runLimit([16, 64 * MiB], 'bytes', {
    flag: 'code-bytes',
    group: 'Limits',
    label: 'Code per run',
    help: 'size of the code of one run',
    default: MiB,
  }),
  maxBodyBytes: int([1024, 256 * MiB], 'bytes', {
    flag: 'max-body',
    group: 'Limits',
    label: 'Largest request body',
    help: 'largest HTTP request body',
    default: 4 * MiB,
  }),
  maxConnections: int([1, 100_000], 'count', {
    flag: 'max-connections',
    group: 'Limits',
    label: 'Most connections',
    help: 'most MCP connections at once',
    default: 256,
  }),
  idleTimeoutMs: int([1000, 7 * 24 * 3_600_000], 'ms', {
    flag: 'idle-timeout-ms',
    group: 'Limits',
    label: 'Close idle connections after',
    help: 'close a connection after this long without a message',
    default: 30 * 60_000,
  }),
  unnamedRetentionMs: int([0, 365 * 24 * 3_600_000], 'ms', {
    flag: 'unnamed-retention-ms',
    group: 'Limits',
    label: 'Remove unnamed sessions idle for (0: never)',
    help: 'remove a session a client never named (session-…) once it has had no run this long; 0 keeps them; a named session is never removed',
    default: 7 * 24 * 3_600_000,
  }),
  // A session's files are held in its runs' memory while they use them (guest/files.js), so
  // they stay well below the heap; a file shown travels base64 in the run's result.
  fileBytes: runLimit([1024, 256 * MiB], 'bytes', {
    flag: 'file-bytes',
    group: 'Files',
    label: 'Largest file',
    help: "one file in a session's file system (written by code, uploaded or passed to run_js)",
    default: 16 * MiB,
  }),
  sessionFileBytes: runLimit([1024, 1024 * MiB], 'bytes', {
    flag: 'session-file-bytes',
    group: 'Files',
    label: 'Files per session, in bytes',
    help: "all the files of one session's heap together",
    default: 64 * MiB,
  }),
  sessionFiles: runLimit([1, 100_000], 'count', {
    flag: 'session-files',
    group: 'Files',
    label: 'Files per session',
    help: "files and folders in one session's heap",
    default: 1000,
  }),
  displayBytes: runLimit([1024, 64 * MiB], 'bytes', {
    flag: 'display-bytes',
    group: 'Files',
    label: 'Shown per run',
    help: 'what one run shows with display() (images, text), together',
    default: 4 * MiB,
  }),
  allowNet: declare('netPatterns', {
    flag: 'allow-net',
    group: 'Network',
    label: 'Allowed hosts for fetch (one per line: host, host:port, *.domain or *)',
    help: 'a host fetch may reach: host, host:port, *.domain or *; a request to any other host is refused, and the run sees why',
    none: 'none: fetch is off',
    default: [],
  }),
  netHeaders: declare('netHeaders', {
    flag: 'net-header',
    env: 'MCP_ISOLATE_NET_HEADERS',
    group: 'Network',
    label: 'Secret headers',
    help: 'a secret header added to requests for matching hosts, never shown to code',
    default: [],
    secret: true,
  }),
  netRequests: runLimit([1, 10_000], 'count', {
    flag: 'net-requests',
    group: 'Network',
    label: 'Requests per run',
    help: 'fetch requests one run may make (a redirect followed counts as one)',
    default: 100,
  }),
  netResponseBytes: runLimit([1024, 1024 * MiB], 'bytes', {
    flag: 'net-response-bytes',
    group: 'Network',
    label: 'Response body per request',
    help: 'the body of one fetch response',
    default: 10 * MiB,
  }),
  // A run holds every body it received until it ends, so this bounds what parallel requests can
  // make the sandbox worker hold. Past about 380 MiB, a step's answers (base64, in JSON) would
  // pass V8's longest string.
  netTotalBytes: runLimit([1024, 256 * MiB], 'bytes', {
    flag: 'net-total-bytes',
    group: 'Network',
    label: 'Response bodies per run, in all',
    help: "the bodies of all of one run's fetch responses together",
    default: 32 * MiB,
  }),
  packages: declare('bool', {
    flag: 'packages',
    group: 'Packages',
    label: 'Let runs import npm packages',
    help: 'let runs import npm packages; off: an import fails with the reason',
    default: true,
  }),
  npmRegistry: declare('url', {
    flag: 'npm-registry',
    group: 'Packages',
    label: 'Registry',
    help: 'the npm registry packages come from',
    default: DEFAULT_NPM_REGISTRY,
  }),
  npmToken: declare('registryToken', {
    flag: 'npm-token',
    group: 'Packages',
    label: 'Registry token',
    help: "a private registry's auth token, sent only to the registry's origin (scheme, host, port)",
    default: undefined,
    secret: true,
  }),
  allowPackages: declare('packagePatterns', {
    flag: 'allow-package',
    env: 'MCP_ISOLATE_ALLOW_PACKAGES',
    group: 'Packages',
    label: 'Allowed packages (one per line: name or @scope/*)',
    help: 'a package runs may import: name or @scope/*; importing one not listed fails, with the reason',
    none: 'none: every package',
    default: [],
  }),
  packageTarballBytes: runLimit([1024, 1024 * MiB], 'bytes', {
    flag: 'package-tarball-bytes',
    group: 'Packages',
    label: 'Package tarball',
    help: 'one package tarball downloaded from the registry',
    default: 50 * MiB,
  }),
  packageBundleBytes: runLimit([1024, 512 * MiB], 'bytes', {
    flag: 'package-bundle-bytes',
    group: 'Packages',
    label: 'Package bundle',
    help: "one package's bundle, the script a run loads",
    default: 20 * MiB,
  }),
  // @mui/icons-material alone is 43,010 files.
  packageFiles: runLimit([1, 10_000_000], 'count', {
    flag: 'package-files',
    group: 'Packages',
    label: 'Files per import, dependencies included',
    help: 'files one import may unpack, its dependencies included',
    default: 100_000,
  }),
  mcpServers: declare('mcpServers', {
    flag: 'mcp-servers',
    env: 'MCP_ISOLATE_MCP_SERVERS',
    group: 'MCP servers',
    label: 'Servers',
    help: 'other MCP servers code may call through the global mcp, as JSON: {"NAME": {"command", "args", "env", "cwd"} or {"url", "headers"}, with "allowTools" (tool patterns; !pattern excludes) and "disabled"}; calls are recorded and replayed, never made again; the env and header values are the secret part',
    none: 'none: code cannot call other MCP servers',
    default: {},
    secret: true,
  }),
  mcpCalls: runLimit([1, 10_000], 'count', {
    flag: 'mcp-calls',
    group: 'MCP servers',
    label: 'Tool calls per run',
    help: 'MCP tool calls one run may make (listing the servers counts as one)',
    default: 100,
  }),
  mcpResultBytes: runLimit([1024, 256 * MiB], 'bytes', {
    flag: 'mcp-result-bytes',
    group: 'MCP servers',
    label: 'Result per tool call',
    help: "the result of one MCP tool call (or listing), and the call's arguments",
    default: 10 * MiB,
  }),
  // As netTotalBytes: a run holds every result until it ends, and a step's answers travel as one
  // string, which V8 bounds.
  mcpTotalBytes: runLimit([1024, 256 * MiB], 'bytes', {
    flag: 'mcp-total-bytes',
    group: 'MCP servers',
    label: 'Tool results per run, in all',
    help: "the results (and failures' texts) of all of one run's MCP tool calls together",
    default: 32 * MiB,
  }),
  // Read by the desktop app's shell (electron/updates/), which asks the server for it; the
  // headless server keeps it only to answer that.
  checkForUpdates: declare('bool', {
    flag: 'check-for-updates',
    group: 'Desktop app',
    label: 'Check for updates in the background',
    help: 'the desktop app checks GitHub for a new release a minute after it starts and every six hours, and downloads it; off: only when asked from the tray (the headless server never checks)',
    default: true,
  }),
};

type Declarations = typeof SETTING_DECLARATIONS;
export type SettingKey = keyof Declarations;
/** The kind of value setting K holds. */
export type KindOf<K extends SettingKey> = Declarations[K]['kind'];
type OptionalKey = { [K in SettingKey]: KindOf<K> extends OptionalKind ? K : never }[SettingKey];

/** The settings' values, typed by their declarations. */
export type Settings = { [K in Exclude<SettingKey, OptionalKey>]: KindValues[KindOf<K>] } & {
  [K in OptionalKey]?: KindValues[KindOf<K>];
};

/** Every setting's key, in the declarations' order. */
export const SETTING_KEYS = Object.keys(SETTING_DECLARATIONS) as SettingKey[];

/** Every declaration, in order, each with its key. */
export const SETTINGS: (SettingDeclaration & { key: SettingKey })[] = SETTING_KEYS.map((key) => ({
  key,
  ...(SETTING_DECLARATIONS[key] as SettingDeclaration),
}));

export const settingOf = (key: SettingKey): SettingDeclaration =>
  SETTING_DECLARATIONS[key] as SettingDeclaration;

export const isSettingKey = (key: string): key is SettingKey =>
  Object.hasOwn(SETTING_DECLARATIONS, key);

export const DEFAULT_SETTINGS = Object.fromEntries(
  SETTINGS.map(({ key, default: value }) => [key, value]),
) as Settings;

/**
 * Every way to change `key`, for a message whose cause it is: `--flag VALUE, VARIABLE, key in
 * settings.json or the window's Settings (Section)`.
 */
export function howToSet(key: SettingKey, value: string): string {
  const { flag, env, group } = settingOf(key);
  return `--${flag} ${value}, ${env}, ${key} in settings.json or the window's Settings (${group})`;
}
