import { z } from 'zod';
import { DEFAULT_LIMITS, LIMIT_RANGES } from './limits.ts';
import type { NetHeader } from './net-policy.ts';
import { DEFAULT_NPM_REGISTRY } from './package-policy.ts';
import { SETTING_PLACES, type SettingPlace } from './setting-places.ts';

/** The fixed port the server listens on unless told otherwise. */
export const DEFAULT_PORT = 7717;

/** The shape of the settings (their rules are in SETTINGS and resolve-settings.ts). */
export const settingsSchema = z.object({
  host: z.string(),
  port: z.number(),
  /** Bearer token every HTTP request must carry; required when `host` is not loopback. */
  token: z.string().optional(),
  /** Origins that may call the server from a browser (CORS), e.g. `http://localhost:5173`. */
  corsOrigins: z.array(z.string()),
  /** Serve MCP over Streamable HTTP at /mcp. */
  streamableHttp: z.boolean(),
  /** Serve MCP over the legacy HTTP+SSE transport at /sse and /messages. */
  sse: z.boolean(),
  maxBodyBytes: z.number(),
  maxConnections: z.number(),
  /** A connection with no message for this long is closed. */
  idleTimeoutMs: z.number(),
  timeoutMs: z.number(),
  memoryMb: z.number(),
  outputBytes: z.number(),
  codeBytes: z.number(),
  /** Hosts the sandbox's fetch may reach (`host`, `host:port`, `*.domain`, `*`); none by default. */
  allowNet: z.array(z.string()),
  /** Headers the host adds to requests for matching hosts; the guest never sees them. */
  netHeaders: z.array(
    z.object({
      pattern: z.string(),
      name: z.string(),
      value: z.string(),
    }) satisfies z.ZodType<NetHeader>,
  ),
  netRequests: z.number(),
  netResponseBytes: z.number(),
  netTotalBytes: z.number(),
  /** Whether runs may import npm packages. */
  packages: z.boolean(),
  /** The registry packages are resolved and downloaded from. */
  npmRegistry: z.string(),
  /** A token for a private registry, sent to the registry's origin only. */
  npmToken: z.string().optional(),
  /** The packages runs may import (`name`, `@scope/*`); empty allows every package. */
  allowPackages: z.array(z.string()),
  packageTarballBytes: z.number(),
  packageBundleBytes: z.number(),
  packageFiles: z.number(),
});

export type Settings = z.output<typeof settingsSchema>;

type Kind =
  | { type: 'string' }
  | { type: 'int'; min: number; max: number }
  | { type: 'bool' }
  | { type: 'origins' }
  /** Host patterns (net-policy.ts); the environment variable separates them with commas. */
  | { type: 'netPatterns' }
  /** Secret headers, `PATTERN=Name: value` each; the environment variable has one per line. */
  | { type: 'netHeaders' }
  /** An http(s) address. */
  | { type: 'url' }
  /** A secret text, optional; the admin API never shows it. */
  | { type: 'secret' }
  /** Package names and `@scope/*` (package-policy.ts); the environment variable uses commas. */
  | { type: 'packagePatterns' };

export interface SettingDefinition<K extends keyof Settings = keyof Settings> extends SettingPlace {
  key: K;
  kind: Kind;
  defaultValue: Settings[K];
  help: string;
}

const int = (min: number, max: number): Kind => ({ type: 'int', min, max });
const limit = (key: keyof typeof DEFAULT_LIMITS, help: string): SettingDefinition => ({
  key,
  ...SETTING_PLACES[key],
  kind: int(...LIMIT_RANGES[key]),
  defaultValue: DEFAULT_LIMITS[key],
  help,
});

/** Every setting: its flag, environment variable, type, default and help, in one place. */
export const SETTINGS: SettingDefinition[] = [
  {
    key: 'host',
    ...SETTING_PLACES.host,
    kind: { type: 'string' },
    defaultValue: '127.0.0.1',
    help: 'address to listen on',
  },
  {
    key: 'port',
    ...SETTING_PLACES.port,
    kind: int(0, 65535),
    defaultValue: DEFAULT_PORT,
    help: 'port to listen on (0 picks a free one)',
  },
  {
    key: 'token',
    ...SETTING_PLACES.token,
    kind: { type: 'string' },
    defaultValue: undefined,
    help: 'bearer token HTTP clients must send (required off loopback)',
  },
  {
    key: 'corsOrigins',
    ...SETTING_PLACES.corsOrigins,
    kind: { type: 'origins' },
    defaultValue: [],
    help: 'an origin allowed to call from a browser (repeatable; env: comma-separated)',
  },
  {
    key: 'streamableHttp',
    ...SETTING_PLACES.streamableHttp,
    kind: { type: 'bool' },
    defaultValue: true,
    help: 'serve Streamable HTTP at /mcp (true or false)',
  },
  {
    key: 'sse',
    ...SETTING_PLACES.sse,
    kind: { type: 'bool' },
    defaultValue: true,
    help: 'serve the legacy SSE transport at /sse (true or false)',
  },
  {
    key: 'maxBodyBytes',
    ...SETTING_PLACES.maxBodyBytes,
    kind: int(1024, 256 * 1024 * 1024),
    defaultValue: 4 * 1024 * 1024,
    help: 'largest HTTP request body in bytes',
  },
  {
    key: 'maxConnections',
    ...SETTING_PLACES.maxConnections,
    kind: int(1, 100_000),
    defaultValue: 256,
    help: 'most MCP connections at once',
  },
  {
    key: 'idleTimeoutMs',
    ...SETTING_PLACES.idleTimeoutMs,
    kind: int(1000, 7 * 24 * 3_600_000),
    defaultValue: 30 * 60_000,
    help: 'close a connection after this long without a message',
  },
  limit('timeoutMs', 'longest run in ms'),
  limit('memoryMb', 'heap of one session in MiB'),
  limit('outputBytes', 'console output plus result of one run, in bytes'),
  limit('codeBytes', 'size of the code of one run, in bytes'),
  {
    key: 'allowNet',
    ...SETTING_PLACES.allowNet,
    kind: { type: 'netPatterns' },
    defaultValue: [],
    help: 'a host fetch may reach: host, host:port, *.domain or * (repeatable; env: comma-separated; none by default)',
  },
  {
    key: 'netHeaders',
    ...SETTING_PLACES.netHeaders,
    kind: { type: 'netHeaders' },
    defaultValue: [],
    help: '"PATTERN=Name: value": a secret header added to requests for matching hosts, never shown to code (repeatable; env: one per line)',
  },
  limit('netRequests', 'fetch requests one run may make'),
  limit('netResponseBytes', 'body bytes of one fetch response'),
  limit('netTotalBytes', "body bytes of all of one run's fetch responses together"),
  {
    key: 'packages',
    ...SETTING_PLACES.packages,
    kind: { type: 'bool' },
    defaultValue: true,
    help: 'let runs import npm packages (true or false)',
  },
  {
    key: 'npmRegistry',
    ...SETTING_PLACES.npmRegistry,
    kind: { type: 'url' },
    defaultValue: DEFAULT_NPM_REGISTRY,
    help: 'the npm registry packages come from',
  },
  {
    key: 'npmToken',
    ...SETTING_PLACES.npmToken,
    kind: { type: 'secret' },
    defaultValue: undefined,
    help: "a private registry's auth token, sent only to the registry's origin (scheme, host, port)",
  },
  {
    key: 'allowPackages',
    ...SETTING_PLACES.allowPackages,
    kind: { type: 'packagePatterns' },
    defaultValue: [],
    help: 'a package runs may import: name or @scope/* (repeatable; env: comma-separated; none given: all)',
  },
  limit('packageTarballBytes', 'bytes of one package tarball'),
  limit('packageBundleBytes', "bytes of one package's bundle"),
  limit('packageFiles', 'files one import may unpack, its dependencies included'),
];

export const DEFAULT_SETTINGS = Object.fromEntries(
  SETTINGS.map((definition) => [definition.key, definition.defaultValue]),
) as unknown as Settings;
