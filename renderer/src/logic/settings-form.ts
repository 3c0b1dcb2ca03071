// The Settings form's values, made from the settings registry: each setting as the form edits
// it (by its kind), back to settings to save, and what is wrong with it as it is typed.
import { baseUnitOf, formatQuantity, parseQuantity } from '../../../contract/human-units.ts';
import type { McpServers } from '../../../contract/mcp-servers.ts';
import type { NetHeader } from '../../../contract/net-policy.ts';
import { ITEM_PROBLEMS, keyedProblem, settingProblem } from '../../../contract/setting-checks.ts';
import { numberFromText } from '../../../contract/setting-usage.ts';
import {
  type KindOf,
  SETTINGS,
  type SettingDeclaration,
  type SettingKey,
  type SettingKind,
  type Settings,
  settingOf,
} from '../../../contract/settings-registry.ts';
import { type McpServerRow, mcpRowsProblem, serverRows, serversOf } from './mcp-settings.ts';
import { allowNetPatterns, type HeaderRow, headerRows, headersToSend } from './network-settings.ts';
import { allowPackagePatterns, type NpmTokenDraft } from './package-settings.ts';
import { patternProblems, patternsOf } from './pattern-list.ts';

/**
 * A value of each kind as the form edits it: numbers and lists as text (a list one a line, a size
 * or a duration in its units: `1 MiB`, `30 min`).
 */
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
  /** A row per server, secrets masked. */
  mcpServers: McpServerRow[];
}

export type Draft = { [K in SettingKey]: DraftValues[KindOf<K>] };

type Values = Partial<Record<SettingKey, unknown>>;

const lines = (list: unknown) => (list as string[]).join('\n');

/** How the form holds each kind's value, and what it saves (undefined: nothing). */
const KINDS: {
  [K in SettingKind]: {
    draft: (value: unknown, setting: SettingDeclaration) => DraftValues[K];
    save: (draft: DraftValues[K], setting: SettingDeclaration) => unknown;
  };
} = {
  text: { draft: (value) => value as string, save: (text) => text.trim() },
  // An empty token field sends nothing: the server keeps the token it has.
  token: {
    draft: (value) => (value as string | undefined) ?? '',
    save: (text) => text.trim() || undefined,
  },
  // A number that is not one goes through as text, for the server to say what is wrong.
  int: {
    draft: (value, setting) => {
      const unit = baseUnitOf(setting);
      return unit ? formatQuantity(value as number, unit) : String(value);
    },
    save: (text, setting) => numberFromText(setting, text),
  },
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
  mcpServers: {
    draft: (value) => serverRows(value as McpServers),
    save: serversOf,
  },
};

export function toDraft(settings: Settings): Draft {
  const values = settings as Values;
  return Object.fromEntries(
    SETTINGS.map((setting) => [
      setting.key,
      KINDS[setting.kind].draft(values[setting.key], setting),
    ]),
  ) as Draft;
}

/** The form's values as settings to save; `npmToken` is what npmTokenToSend made of the typed one. */
export function fromDraft(draft: Draft, npmToken: { npmToken?: string }): Partial<Settings> {
  const values: Values = {};
  for (const setting of SETTINGS) {
    const saved = saveOf(setting, draft[setting.key]);
    if (saved !== undefined) values[setting.key] = saved;
  }
  return { ...values, ...npmToken } as Partial<Settings>;
}

const saveOf = (setting: SettingDeclaration, value: unknown): unknown =>
  (KINDS[setting.kind].save as (draft: unknown, setting: SettingDeclaration) => unknown)(
    value,
    setting,
  );

/**
 * What is wrong with a setting as typed, by the rules the server applies when it is saved, in its
 * words: a list's items line by line (`line 2: …`), any other value as the server says it. The
 * secret headers and the registry token check what is typed in their own fields, and the MCP
 * servers take their masks as the saved values they keep.
 */
export function typedProblems(key: SettingKey, draft: Draft): string[] {
  const setting = settingOf(key);
  const value = draft[key];
  if (setting.kind in ITEM_PROBLEMS) {
    return patternProblems(
      value as string,
      ITEM_PROBLEMS[setting.kind as keyof typeof ITEM_PROBLEMS],
    );
  }
  if (setting.kind === 'netHeaders' || setting.kind === 'registryToken') return [];
  if (setting.kind === 'mcpServers') {
    const problem = mcpRowsProblem(value as McpServerRow[]);
    return problem ? [keyedProblem(key, problem).message] : [];
  }
  const unit = baseUnitOf(setting);
  const quantity = unit && parseQuantity(value as string, unit);
  const problem =
    typeof quantity === 'string'
      ? quantity
      : settingProblem(setting, saveOf(setting, value), 'human');
  return problem ? [keyedProblem(key, problem).message] : [];
}
