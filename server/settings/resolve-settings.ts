import type { SettingProblem } from '../../contract/desktop-api.ts';
import { mcpServersProblem } from '../../contract/mcp-servers.ts';
import { parseNetHeader } from '../../contract/net-policy.ts';
import { keyedProblem, settingProblem } from '../../contract/setting-checks.ts';
import { jsonFromText, numberFromText } from '../../contract/setting-usage.ts';
import {
  DEFAULT_SETTINGS,
  isSettingKey,
  SETTINGS,
  type SettingDeclaration,
  type SettingKey,
  type Settings,
} from '../../contract/settings-registry.ts';

export type SettingValues = Partial<Record<SettingKey, unknown>>;

export class SettingsError extends Error {
  override name = 'SettingsError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid settings:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

export interface SettingSources {
  /** Parsed command-line flags by flag name (strings, or a list for repeated flags). */
  flags: Record<string, string | string[] | undefined>;
  env: Record<string, string | undefined>;
  /** The settings file's object, by setting key. */
  file: Record<string, unknown>;
}

/** Each setting from the first source that has it: flag, then environment, then file. */
export function resolveSettings({ flags, env, file }: SettingSources): Settings {
  const values: SettingValues = {};
  const problems: string[] = [];
  for (const definition of SETTINGS) {
    const fromFlag = flags[definition.flag];
    const fromEnv = env[definition.env];
    const picked =
      fromFlag !== undefined
        ? { where: `--${definition.flag}`, value: fromText(definition, fromFlag) }
        : fromEnv !== undefined && fromEnv !== ''
          ? { where: definition.env, value: fromText(definition, fromEnv) }
          : definition.key in file
            ? { where: `settings file "${definition.key}"`, value: file[definition.key] }
            : undefined;
    if (!picked) continue;
    const problem = settingProblem(definition, picked.value);
    if (problem) problems.push(`${picked.where}: ${problem}`);
    else values[definition.key] = picked.value;
  }
  for (const key of Object.keys(file)) {
    if (!isSettingKey(key)) problems.push(`settings file: unknown setting "${key}"`);
  }
  if (problems.length > 0) throw new SettingsError(problems);
  const { settings, problems: combined } = validateSettings(values);
  if (!settings) throw new SettingsError(combined.map((problem) => problem.message));
  return settings;
}

/** This server as an MCP server would reach it, so that none is set to call itself. */
export interface OwnServer {
  /** The port it listens on, when the `port` setting is 0 (a free one). */
  port?: number;
  /** The command stdio clients are given (the launcher). */
  stdioCommand?: readonly string[];
}

/**
 * Checks a set of values (missing ones take their defaults) and how they go together, sizes and
 * durations worded as the window shows them (it saves through here, and checks each field by the
 * same settingProblem as it is typed).
 */
export function validateSettings(
  values: SettingValues,
  own: OwnServer = {},
): {
  settings?: Settings;
  problems: SettingProblem[];
} {
  const problems: SettingProblem[] = [];
  const settings: SettingValues = { ...DEFAULT_SETTINGS };
  for (const definition of SETTINGS) {
    if (!(definition.key in values)) continue;
    const value = values[definition.key];
    const problem = settingProblem(definition, value, 'human');
    if (problem) problems.push(keyedProblem(definition.key, problem));
    else settings[definition.key] = value;
  }
  const result = settings as unknown as Settings;
  if (problems.length === 0 && !isLoopback(result.host) && !result.token) {
    problems.push({
      key: 'token',
      message: `token: required when listening on ${result.host}, which other machines can reach`,
    });
  }
  const ownPort = result.port || own.port;
  const calling =
    problems.length === 0 && mcpServersProblem(result.mcpServers, ownPort, own.stdioCommand);
  if (calling) problems.push(keyedProblem('mcpServers', calling));
  return problems.length > 0 ? { problems } : { settings: result, problems };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function fromText(definition: SettingDeclaration, raw: string | string[]): unknown {
  const texts = Array.isArray(raw) ? raw : [raw];
  switch (definition.kind) {
    case 'int':
      return numberFromText(definition, texts.at(-1) ?? '');
    case 'bool': {
      const text = (texts.at(-1) ?? '').trim().toLowerCase();
      return text === 'true' ? true : text === 'false' ? false : text;
    }
    case 'origins':
    case 'netPatterns':
    case 'packagePatterns':
      return texts.flatMap((text) => text.split(',').map((part) => part.trim())).filter(Boolean);
    case 'netHeaders':
      // A header that does not parse stays text, and settingProblem says what is wrong with it.
      return texts
        .flatMap((text) => text.split('\n'))
        .filter((line) => line.trim() !== '')
        .map((line) => parseNetHeader(line));
    case 'mcpServers':
      // Text that is not JSON stays unquoted in the problem: it may hold secrets.
      return jsonFromText(texts.at(-1) ?? '', {});
    case 'text':
    case 'token':
    case 'url':
    case 'registryToken':
      return texts.at(-1);
  }
}
