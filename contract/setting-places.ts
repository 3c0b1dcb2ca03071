// Where each setting is changed: its command-line flag, its environment variable, its key in
// settings.json and its section of the window's Settings. Without zod, so the sandbox worker can
// name them in its messages (a refused fetch or import) at no cost; SETTINGS takes flag and
// variable from here.
import type { Settings } from './setting-definitions.ts';

export interface SettingPlace {
  /** The command-line flag, without `--`. */
  flag: string;
  env: string;
  /** Its fieldset in the window's Settings. */
  section: 'Listening' | 'Security' | 'Limits' | 'Network' | 'Packages';
}

const place = (flag: string, section: SettingPlace['section'], env?: string): SettingPlace => ({
  flag,
  env: env ?? `MCP_ISOLATE_${flag.toUpperCase().replaceAll('-', '_')}`,
  section,
});

export const SETTING_PLACES: Record<keyof Settings, SettingPlace> = {
  host: place('host', 'Listening'),
  port: place('port', 'Listening'),
  token: place('token', 'Security'),
  corsOrigins: place('cors-origin', 'Security', 'MCP_ISOLATE_CORS_ORIGINS'),
  streamableHttp: place('streamable-http', 'Listening'),
  sse: place('sse', 'Listening'),
  maxBodyBytes: place('max-body', 'Limits'),
  maxConnections: place('max-connections', 'Limits'),
  idleTimeoutMs: place('idle-timeout-ms', 'Limits'),
  timeoutMs: place('timeout-ms', 'Limits'),
  memoryMb: place('memory-mb', 'Limits'),
  outputBytes: place('output-bytes', 'Limits'),
  codeBytes: place('code-bytes', 'Limits'),
  allowNet: place('allow-net', 'Network'),
  netHeaders: place('net-header', 'Network', 'MCP_ISOLATE_NET_HEADERS'),
  netRequests: place('net-requests', 'Network'),
  netResponseBytes: place('net-response-bytes', 'Network'),
  netTotalBytes: place('net-total-bytes', 'Network'),
  packages: place('packages', 'Packages'),
  npmRegistry: place('npm-registry', 'Packages'),
  npmToken: place('npm-token', 'Packages'),
  allowPackages: place('allow-package', 'Packages', 'MCP_ISOLATE_ALLOW_PACKAGES'),
  packageTarballBytes: place('package-tarball-bytes', 'Packages'),
  packageBundleBytes: place('package-bundle-bytes', 'Packages'),
  packageFiles: place('package-files', 'Packages'),
};

/**
 * Every way to change `key`, for a message whose cause it is: `--flag VALUE, VARIABLE, key in
 * settings.json or the window's Settings (Section)`.
 */
export function howToSet(key: keyof Settings, value: string): string {
  const { flag, env, section } = SETTING_PLACES[key];
  return `--${flag} ${value}, ${env}, ${key} in settings.json or the window's Settings (${section})`;
}
