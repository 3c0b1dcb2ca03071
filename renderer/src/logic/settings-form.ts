// The Settings form's values, made from the settings registry: each setting as the form edits
// it (by its kind), back to settings to save, and what is wrong with it as it is typed.
import type { NetHeader } from '../../../contract/net-policy.ts';
import { numberFromText } from '../../../contract/setting-usage.ts';
import {
  type KindOf,
  SETTINGS,
  type SettingKey,
  type SettingKind,
  type Settings,
} from '../../../contract/settings-registry.ts';
import {
  allowNetPatterns,
  allowNetProblems,
  type HeaderRow,
  headerRows,
  headersToSend,
} from './network-settings.ts';
import {
  allowPackagePatterns,
  allowPackageProblems,
  type NpmTokenDraft,
  registryProblem,
} from './package-settings.ts';
import { patternsOf } from './pattern-list.ts';

/** A value of each kind as the form edits it: numbers and lists as text (a list one a line). */
interface DraftValues {
  text: string;
  token: string;
  int: string;
  bool: boolean;
  origins: string;
  netPatterns: string;
  netHeaders: HeaderRow[];
  url: string;
  registryToken: NpmTokenDraft;
  packagePatterns: string;
}

export type Draft = { [K in SettingKey]: DraftValues[KindOf<K>] };

type Values = Partial<Record<SettingKey, unknown>>;

const lines = (list: unknown) => (list as string[]).join('\n');

/** How the form holds each kind's value, and what it saves (undefined: nothing). */
const KINDS: {
  [K in SettingKind]: {
    draft: (value: unknown) => DraftValues[K];
    save: (draft: DraftValues[K]) => unknown;
  };
} = {
  text: { draft: (value) => value as string, save: (text) => text.trim() },
  // An empty token field sends nothing: the server keeps the token it has.
  token: {
    draft: (value) => (value as string | undefined) ?? '',
    save: (text) => text.trim() || undefined,
  },
  // A number that is not one goes through as text, for the server to say what is wrong.
  int: { draft: (value) => String(value), save: numberFromText },
  bool: { draft: (value) => value as boolean, save: (on) => on },
  origins: { draft: lines, save: patternsOf },
  netPatterns: { draft: lines, save: allowNetPatterns },
  netHeaders: { draft: (value) => headerRows(value as NetHeader[]), save: headersToSend },
  url: { draft: (value) => value as string, save: (text) => text.trim() },
  // What to send is npmTokenToSend's, from the typed token the form never holds.
  registryToken: {
    draft: (value) => ({ set: value !== undefined, change: 'keep' }),
    save: () => undefined,
  },
  packagePatterns: { draft: lines, save: allowPackagePatterns },
};

export function toDraft(settings: Settings): Draft {
  const values = settings as Values;
  return Object.fromEntries(
    SETTINGS.map(({ key, kind }) => [key, KINDS[kind].draft(values[key])]),
  ) as Draft;
}

/** The form's values as settings to save; `npmToken` is what npmTokenToSend made of the typed one. */
export function fromDraft(draft: Draft, npmToken: { npmToken?: string }): Partial<Settings> {
  const values: Values = {};
  for (const { key, kind } of SETTINGS) {
    const saved = (KINDS[kind].save as (value: unknown) => unknown)(draft[key]);
    if (saved !== undefined) values[key] = saved;
  }
  return { ...values, ...npmToken } as Partial<Settings>;
}

/** What is wrong with a typed value, checked as typed (the server checks the rest on saving). */
export const TYPED_PROBLEMS: Partial<Record<SettingKind, (text: string) => string[]>> = {
  netPatterns: allowNetProblems,
  packagePatterns: allowPackageProblems,
  url: (text) => {
    const problem = registryProblem(text);
    return problem ? [problem] : [];
  },
};
