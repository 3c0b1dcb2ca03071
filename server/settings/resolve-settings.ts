import type { SettingProblem } from '../../contract/desktop-api.ts';
import { rangeProblem } from '../../contract/limits.ts';
import {
  type NetHeader,
  netHeaderProblem,
  parseNetHeader,
  parseNetPattern,
} from '../../contract/net-policy.ts';
import {
  npmTokenProblem,
  packagePatternProblem,
  registryUrlProblem,
} from '../../contract/package-policy.ts';
import { numberFromText } from '../../contract/setting-usage.ts';
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
    const problem = checkValue(definition, picked.value);
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

/**
 * Checks a set of values (missing ones take their defaults) and how they go together; the GUI's
 * settings form uses the same rules.
 */
export function validateSettings(values: SettingValues): {
  settings?: Settings;
  problems: SettingProblem[];
} {
  const problems: SettingProblem[] = [];
  const settings: SettingValues = { ...DEFAULT_SETTINGS };
  for (const definition of SETTINGS) {
    if (!(definition.key in values)) continue;
    const value = values[definition.key];
    const problem = checkValue(definition, value);
    if (problem) problems.push({ key: definition.key, message: `${definition.key}: ${problem}` });
    else settings[definition.key] = value;
  }
  const result = settings as unknown as Settings;
  if (problems.length === 0 && !isLoopback(result.host) && !result.token) {
    problems.push({
      key: 'token',
      message: `token: required when listening on ${result.host}, which other machines can reach`,
    });
  }
  return problems.length > 0 ? { problems } : { settings: result, problems };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function fromText(definition: SettingDeclaration, raw: string | string[]): unknown {
  const texts = Array.isArray(raw) ? raw : [raw];
  switch (definition.kind) {
    case 'int':
      return numberFromText(texts.at(-1) ?? '');
    case 'bool': {
      const text = (texts.at(-1) ?? '').trim().toLowerCase();
      return text === 'true' ? true : text === 'false' ? false : text;
    }
    case 'origins':
    case 'netPatterns':
    case 'packagePatterns':
      return texts.flatMap((text) => text.split(',').map((part) => part.trim())).filter(Boolean);
    case 'netHeaders':
      // A header that does not parse stays text, and checkValue says what is wrong with it.
      return texts
        .flatMap((text) => text.split('\n'))
        .filter((line) => line.trim() !== '')
        .map((line) => parseNetHeader(line));
    case 'text':
    case 'token':
    case 'url':
    case 'registryToken':
      return texts.at(-1);
  }
}

function checkValue(definition: SettingDeclaration, value: unknown): string | undefined {
  const shown = JSON.stringify(value);
  switch (definition.kind) {
    case 'int':
      return rangeProblem(definition.range, value, shown);
    case 'text':
      return textProblem(value);
    case 'token':
      if (value === undefined) return undefined;
      return (
        textProblem(value) ??
        ((value as string).length < 16
          ? 'must be at least 16 characters, so it cannot be guessed'
          : undefined)
      );
    case 'bool':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${shown}`;
    case 'origins': {
      if (!Array.isArray(value)) return `must be a list of origins, got ${shown}`;
      const bad = value.find((origin) => originProblem(origin) !== undefined);
      return bad === undefined ? undefined : originProblem(bad);
    }
    case 'netPatterns':
      return listProblem(value, 'host pattern', (pattern) => {
        const parsed = parseNetPattern(pattern);
        return typeof parsed === 'string' ? parsed : undefined;
      });
    case 'url':
      return typeof value === 'string' ? registryUrlProblem(value) : `must be a URL, got ${shown}`;
    case 'registryToken':
      // Never quotes the value.
      if (value === undefined) return undefined;
      return typeof value === 'string' ? npmTokenProblem(value) : 'must be a text';
    case 'packagePatterns':
      return listProblem(value, 'package name', packagePatternProblem);
    case 'netHeaders': {
      // Never quotes a value: these are secrets.
      if (!Array.isArray(value)) return 'must be a list of { pattern, name, value }';
      for (const header of value) {
        if (typeof header === 'string') return header;
        if (!isNetHeader(header))
          return 'each secret header is { pattern, name, value }, all texts';
        const problem = netHeaderProblem(header);
        if (problem) return problem;
      }
      return undefined;
    }
  }
}

function textProblem(value: unknown): string | undefined {
  return typeof value !== 'string' || value.trim() === '' || /\s/.test(value)
    ? `must be a non-empty text without spaces, got ${JSON.stringify(value)}`
    : undefined;
}

/** The first problem of a list of texts, each checked by `problemOf`. */
function listProblem(
  value: unknown,
  what: string,
  problemOf: (text: string) => string | undefined,
): string | undefined {
  if (!Array.isArray(value)) return `must be a list of ${what}s, got ${JSON.stringify(value)}`;
  for (const item of value) {
    if (typeof item !== 'string') return `a ${what} must be a text, got ${JSON.stringify(item)}`;
    const problem = problemOf(item);
    if (problem) return problem;
  }
  return undefined;
}

function isNetHeader(value: unknown): value is NetHeader {
  const header = value as Partial<NetHeader> | null;
  return (
    typeof header === 'object' &&
    header !== null &&
    Object.keys(header).length === 3 &&
    typeof header.pattern === 'string' &&
    typeof header.name === 'string' &&
    typeof header.value === 'string'
  );
}

/** An origin is a scheme, host and optional port, exactly as a browser sends it. */
function originProblem(origin: unknown): string | undefined {
  const shown = JSON.stringify(origin);
  if (typeof origin !== 'string') return `an origin must be a text, got ${shown}`;
  if (origin === '*') return 'a wildcard origin would let any web page use the server';
  try {
    const url = new URL(origin);
    if (url.origin !== 'null' && url.origin === origin) return undefined;
  } catch {
    // Reported below.
  }
  return `${shown} is not an origin: use scheme://host[:port], such as http://localhost:5173`;
}
