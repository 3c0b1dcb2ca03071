// What is wrong with one setting's value, by its declaration: the rules the server applies to
// flags, variables, settings.json and the window's saves, and the window applies as a field is typed.

import type { SettingProblem } from './desktop-api.ts';
import { formatQuantity } from './human-units.ts';
import { rangeProblem } from './limits.ts';
import { mcpServersProblem } from './mcp-servers.ts';
import { type NetHeader, netHeaderProblem, parseNetPattern } from './net-policy.ts';
import { npmTokenProblem, packagePatternProblem, registryUrlProblem } from './package-policy.ts';
import { NotJson } from './setting-usage.ts';
import type { SettingDeclaration, SettingKey, SettingKind } from './settings-registry.ts';

/**
 * How a message words a size or a duration: `stored`, as flags, variables and settings.json give
 * it (a number of bytes, MiB or ms); `human`, as the window shows it (`1 MiB`, `30 s`).
 */
export type Wording = 'stored' | 'human';

/** A problem as the admin API reports it, and the window shows it: the setting's key, then why. */
export const keyedProblem = (key: SettingKey, problem: string): SettingProblem => ({
  key,
  message: `${key}: ${problem}`,
});

/** Why one item of a list setting is refused, by the list's kind; undefined when it is not. */
export const ITEM_PROBLEMS = {
  origins: originProblem,
  netPatterns: (pattern: string) => {
    const parsed = parseNetPattern(pattern);
    return typeof parsed === 'string' ? parsed : undefined;
  },
  packagePatterns: packagePatternProblem,
} satisfies Partial<Record<SettingKind, (item: string) => string | undefined>>;

/** Why `value` cannot be `setting`'s value, in a phrase; undefined when it can. */
export function settingProblem(
  setting: SettingDeclaration,
  value: unknown,
  wording: Wording = 'stored',
): string | undefined {
  const shown = JSON.stringify(value);
  switch (setting.kind) {
    case 'int': {
      const unit = wording === 'human' && setting.unit !== 'count' ? setting.unit : undefined;
      if (!unit) return rangeProblem(setting.range, value, shown);
      const human = (number: number) => formatQuantity(number, unit);
      return rangeProblem(
        setting.range,
        value,
        typeof value === 'number' ? human(value) : shown,
        human,
      );
    }
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
      return listProblem(value, 'host pattern', ITEM_PROBLEMS.netPatterns);
    case 'url':
      return typeof value === 'string' ? registryUrlProblem(value) : `must be a URL, got ${shown}`;
    case 'registryToken':
      // Never quotes the value.
      if (value === undefined) return undefined;
      return typeof value === 'string' ? npmTokenProblem(value) : 'must be a text';
    case 'packagePatterns':
      return listProblem(value, 'package name', ITEM_PROBLEMS.packagePatterns);
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
    case 'mcpServers':
      // Never quotes the text or a value: env and header values are secrets.
      return value instanceof NotJson ? value.problem : mcpServersProblem(value);
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
