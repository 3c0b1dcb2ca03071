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
  mcpServers: 'JSON',
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
  const empty = typeof value === 'object' && value !== null && Object.keys(value).length === 0;
  if (value === undefined || empty) {
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

/** The longest JSON a setting is typed as: ample for a hundred servers, and quick to refuse. */
const MAX_JSON_CHARS = 1024 * 1024;

/**
 * A typed text that is not JSON, and where it goes wrong: the checks say so without quoting the
 * text, which may hold secrets (as JSON.parse's own message would).
 */
export class NotJson {
  readonly problem: string;
  constructor(problem: string) {
    this.problem = problem;
  }
}

/** A setting typed as JSON, parsed; an empty text is `empty`. */
export function jsonFromText(text: string, empty: unknown): unknown {
  if (text.trim() === '') return empty;
  if (text.length > MAX_JSON_CHARS) {
    return new NotJson(`is longer than ${MAX_JSON_CHARS} characters of JSON`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    return new NotJson(notJsonProblem(text, error));
  }
}

/**
 * Why JSON.parse refused `text`, and where when it says, without its message: V8's quotes the
 * text, which may hold secrets.
 */
export function notJsonProblem(text: string, error: unknown): string {
  const position = /at position (\d+)/.exec((error as Error).message)?.[1];
  if (position === undefined) return 'is not valid JSON';
  const before = text.slice(0, Number(position)).split('\n');
  const column = (before.at(-1)?.length ?? 0) + 1;
  return `is not valid JSON (line ${before.length}, column ${column})`;
}
