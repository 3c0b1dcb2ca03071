// How each setting is written where a person types it, for the command line's help and the
// README's table: its flag with a placeholder, its variable, its default; and a typed number,
// size or duration.
import { baseUnitOf, parseQuantity } from './human-units.ts';
import {
  envSeparator,
  LIST_KINDS,
  type SettingDeclaration,
  type SettingKind,
} from './settings-registry.ts';

/** What follows each kind's flag. */
const FLAG_VALUES: Record<SettingKind, string> = {
  text: 'VALUE',
  token: 'TOKEN',
  int: 'N',
  bool: 'true|false',
  origins: 'ORIGIN',
  netPatterns: 'PATTERN',
  netHeaders: '"PATTERN=Name: value"',
  url: 'URL',
  registryToken: 'TOKEN',
  packagePatterns: 'NAME',
};

/** `--flag VALUE`, and `(repeatable)` for a list. */
export const flagUsage = ({ flag, kind }: SettingDeclaration): string =>
  `--${flag} ${FLAG_VALUES[kind]}${LIST_KINDS.has(kind) ? ' (repeatable)' : ''}`;

/** The variable, and how a list's items are separated in it. */
export const envUsage = ({ env, kind }: SettingDeclaration): string =>
  LIST_KINDS.has(kind)
    ? `${env} (${envSeparator(kind) === 'lines' ? 'one per line' : 'commas'})`
    : env;

/** The default as text; an empty list or no value says what that means. */
export function defaultUsage(setting: SettingDeclaration): string {
  const value: unknown = setting.default;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    return setting.none ?? 'none';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A typed whole number, a size or a duration in any unit (`1.5 MiB`, `30 s`) for a setting stored
 * in one; any other text stays text, for the checks to say what is wrong.
 */
export function numberFromText(setting: SettingDeclaration, text: string): number | string {
  const unit = baseUnitOf(setting);
  const number = unit ? parseQuantity(text, unit) : /^\d+$/.test(text.trim()) ? Number(text) : text;
  return typeof number === 'number' ? number : text;
}
