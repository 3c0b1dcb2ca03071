// The MCP servers setting in the Settings form: a row per server (secrets masked, as the admin API
// sends them), what the rows save, what is wrong with them as typed and what they allow; and the
// same servers as JSON, for pasting a block from a client's config or a server's docs.
import {
  type McpHttpServer,
  type McpServerConfig,
  type McpServers,
  mcpServersProblem,
  transportOf,
} from '../../../contract/mcp-servers.ts';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import { jsonFromText, NotJson } from '../../../contract/setting-usage.ts';

/**
 * An env variable of a stdio server or a header of an HTTP one. The server never sends a saved
 * value, so a kept one has none here; `value` is one typed (or pasted as JSON), sent once.
 */
export interface SecretRow {
  /** Keys React by: rows have no other identity while their key is typed. */
  id: number;
  key: string;
  value?: string;
}

/** One server as the form edits it. */
export interface McpServerRow {
  id: number;
  name: string;
  transport: 'stdio' | 'http';
  command: string;
  /** One argument a line: an argument may hold spaces. */
  args: string;
  /**
   * The args as saved, sent as they are while `args` is their text unchanged: one holding a line
   * break, or empty at the end, cannot be told apart in the text.
   */
  savedArgs?: readonly string[];
  url: string;
  /** `env` of a stdio server, `headers` of an HTTP one. */
  secrets: SecretRow[];
  /** One pattern a line. */
  allowTools: string;
  /** The patterns as saved, sent as they are while `allowTools` is their text unchanged. */
  savedAllowTools?: readonly string[];
  disabled: boolean;
  /** What the form does not edit, kept as it came: a stdio server's folder, an HTTP server's type. */
  cwd?: string;
  httpType?: McpHttpServer['type'];
  /** How it was saved with its secrets (launchOf), when it came with some kept. */
  savedLaunch?: string;
}

let lastId = 0;
const newId = () => ++lastId;

const secretRows = (values: Record<string, string> | undefined): SecretRow[] =>
  Object.entries(values ?? {}).map(([key, value]) => ({
    id: newId(),
    key,
    ...(value !== MASKED_SECRET && { value }),
  }));

/** Where a URL sends its requests: origin, path and query. */
function placeOf(url: string): string {
  try {
    const { origin, pathname, search } = new URL(url);
    return `${origin}${pathname}${search}`;
  } catch {
    return url;
  }
}

/**
 * What a server's kept secrets stay with on the server (admin/mcp-server-secrets.ts): its name,
 * command, args and folder, or its URL's origin, path and query; and the keys of its values (a
 * header's folded, as header names are).
 */
function launchOf(name: string, config: McpServerConfig): string {
  if ('command' in config) {
    const keys = Object.keys(config.env ?? {}).sort();
    return JSON.stringify([name, config.command, config.args ?? [], config.cwd ?? null, keys]);
  }
  const keys = Object.keys(config.headers ?? {})
    .map((key) => key.toLowerCase())
    .sort();
  return JSON.stringify([name, placeOf(config.url), keys]);
}

function serverRow(name: string, config: McpServerConfig): McpServerRow {
  const secrets = 'command' in config ? config.env : config.headers;
  const kept = Object.values(secrets ?? {}).includes(MASKED_SECRET);
  const common = {
    id: newId(),
    name,
    allowTools: (config.allowTools ?? []).join('\n'),
    ...(config.allowTools !== undefined && { savedAllowTools: config.allowTools }),
    disabled: config.disabled === true,
    ...(kept && { savedLaunch: launchOf(name, config) }),
  };
  if ('command' in config) {
    return {
      ...common,
      transport: 'stdio',
      command: config.command,
      args: (config.args ?? []).join('\n'),
      ...(config.args !== undefined && { savedArgs: config.args }),
      url: '',
      secrets: secretRows(config.env),
      ...(config.cwd !== undefined && { cwd: config.cwd }),
    };
  }
  return {
    ...common,
    transport: 'http',
    command: '',
    args: '',
    url: config.url,
    secrets: secretRows(config.headers),
    ...(config.type !== undefined && { httpType: config.type }),
  };
}

/** The servers as the form's rows, in their order; a masked value is one the server keeps. */
export const serverRows = (servers: McpServers): McpServerRow[] =>
  Object.entries(servers).map(([name, config]) => serverRow(name, config));

/** A server the user adds: stdio, as most clients' configs hold them. */
export const newServerRow = (): McpServerRow => ({
  id: newId(),
  name: '',
  transport: 'stdio',
  command: '',
  args: '',
  url: '',
  secrets: [],
  allowTools: '',
  disabled: false,
});

export const newSecretRow = (): SecretRow => ({ id: newId(), key: '', value: '' });

/** The rows' secrets to send: the mask for each kept value (the server puts it back), rows left blank dropped. */
function secretsOf(rows: readonly SecretRow[]): Record<string, string> | undefined {
  const given = rows.filter(
    ({ key, value }) => key.trim() !== '' || (value ?? MASKED_SECRET) !== '',
  );
  if (given.length === 0) return undefined;
  return Object.fromEntries(given.map(({ key, value }) => [key.trim(), value ?? MASKED_SECRET]));
}

/**
 * A list field's values: the saved ones while its text is theirs unchanged, so that what the user
 * did not touch is saved as it came (a value holding a line break, or empty at the end, cannot be
 * told apart in the text); else the text's, a value a line. Undefined for none.
 */
function listOf(
  text: string,
  saved: readonly string[] | undefined,
  typed: (text: string) => string[],
): string[] | undefined {
  if (saved !== undefined && text === saved.join('\n')) return [...saved];
  const values = typed(text);
  return values.length > 0 ? values : undefined;
}

/** Arguments as typed, spaces and all; only empty lines at the end are dropped. */
const typedArgs = (text: string) => {
  const kept = text.replace(/\n+$/, '');
  return kept === '' ? [] : kept.split('\n');
};

/** Patterns as typed, a line each: a tool name may hold a comma, so commas do not separate them. */
const typedPatterns = (text: string) =>
  text
    .split('\n')
    .map((pattern) => pattern.trim())
    .filter(Boolean);

function configOf(row: McpServerRow): McpServerConfig {
  const allowTools = listOf(row.allowTools, row.savedAllowTools, typedPatterns);
  const common = {
    ...(allowTools && { allowTools }),
    ...(row.disabled && { disabled: true }),
  };
  const secrets = secretsOf(row.secrets);
  if (row.transport === 'stdio') {
    const args = listOf(row.args, row.savedArgs, typedArgs);
    return {
      command: row.command.trim(),
      ...(args && { args }),
      ...(secrets && { env: secrets }),
      ...(row.cwd !== undefined && { cwd: row.cwd }),
      ...common,
    };
  }
  return {
    url: row.url.trim(),
    ...(secrets && { headers: secrets }),
    ...(row.httpType !== undefined && { type: row.httpType }),
    ...common,
  };
}

/**
 * Whether the server's kept values would be lost on saving, each to be typed again: it keeps them
 * only while the server is started or reached exactly as it was saved but for them (its name,
 * command, args and folder or its URL, the same keys, no other value typed), and refuses the save
 * otherwise. The form says so before.
 */
export function keptValuesLost(row: McpServerRow): boolean {
  if (!row.secrets.some(({ value }) => value === undefined)) return false;
  const typed = row.secrets.some(({ value }) => value !== undefined && value !== '');
  return typed || launchOf(row.name.trim(), configOf(row)) !== row.savedLaunch;
}

/** The rows as the setting to save, masks and all, for the server to keep the saved secrets. */
export const serversOf = (rows: readonly McpServerRow[]): McpServers =>
  Object.fromEntries(rows.map((row) => [row.name.trim(), configOf(row)]));

/**
 * What is wrong with the servers as typed, by the server's check (a kept mask standing for the
 * value it keeps: whether there is one to keep is the server's to say when saving), and two
 * servers of one name, or two values of one key, which an object cannot hold.
 */
export function mcpRowsProblem(rows: readonly McpServerRow[]): string | undefined {
  const names = rows.map((row) => row.name.trim());
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) return `two servers are named ${JSON.stringify(twice)}: rename one`;
  for (const row of rows) {
    const keys = row.secrets.map(({ key }) => key.trim()).filter((key) => key !== '');
    const again = keys.find((key, index) => keys.indexOf(key) !== index);
    const field = row.transport === 'stdio' ? 'env' : 'headers';
    if (again !== undefined) {
      return `${row.name.trim()}.${field} names ${JSON.stringify(again)} twice: remove one`;
    }
  }
  return mcpServersProblem(masksFilled(serversOf(rows)));
}

const TRANSPORT_WORDS = { stdio: 'stdio', 'streamable-http': 'Streamable HTTP', sse: 'SSE' };

/** What the rows let code call; nothing while they are wrong (the problem says why). */
export function mcpServersHint(rows: readonly McpServerRow[]): string | undefined {
  if (mcpRowsProblem(rows) !== undefined) return undefined;
  const callable = Object.entries(serversOf(rows)).filter(([, config]) => !config.disabled);
  if (callable.length === 0) return 'Code cannot call other MCP servers.';
  const named = callable.map(
    ([name, config]) => `${name} (${TRANSPORT_WORDS[transportOf(config)]})`,
  );
  const kept = rows.some((row) => row.secrets.some(({ value }) => value === undefined))
    ? ` A value shown as ${MASKED_SECRET} is the saved one, kept only while its server's name, command, args, cwd and other values, or URL and other headers, stay the same: change one and type them all again.`
    : '';
  return `Code may call ${named.join(', ')}.${kept}`;
}

/**
 * What the JSON shows for a value typed in the form and not saved yet: the text is the dialog's
 * markup, which must never hold a secret, so Apply puts the typed value back (rowsFromText).
 */
export const TYPED_SECRET = '(typed in the form)';

/** The servers as JSON to edit or paste, each typed value as TYPED_SECRET: none is an empty text. */
export function mcpServersText(rows: readonly McpServerRow[]): string {
  if (rows.length === 0) return '';
  const shown = rows.map((row) => ({
    ...row,
    secrets: row.secrets.map((secret) =>
      secret.value ? { ...secret, value: TYPED_SECRET } : secret,
    ),
  }));
  return JSON.stringify(serversOf(shown), null, 2);
}

/**
 * JSON typed or pasted as the rows it stands for, or why it cannot be taken. A block copied from
 * a client's config (`{"mcpServers": {…}}`) is taken as its servers. Each TYPED_SECRET is the
 * value typed in `typed` (the form's rows) for the same server and key.
 */
export function rowsFromText(
  text: string,
  typed: readonly McpServerRow[] = [],
): McpServerRow[] | { problem: string } {
  const parsed = jsonFromText(text, {});
  if (parsed instanceof NotJson) return { problem: parsed.problem };
  const value =
    isRecord(parsed) && Object.keys(parsed).length === 1 && isRecord(parsed.mcpServers)
      ? parsed.mcpServers
      : parsed;
  const problem = mcpServersProblem(masksFilled(value));
  if (problem !== undefined) return { problem };
  const rows = serverRows(value as McpServers);
  for (const row of rows) {
    const from = typed.find((other) => other.name.trim() === row.name);
    for (const secret of row.secrets) {
      if (secret.value !== TYPED_SECRET) continue;
      const value = from?.secrets.find(({ key }) => key.trim() === secret.key)?.value;
      if (!value) {
        return {
          problem: `${row.name} ${JSON.stringify(secret.key)} says ${TYPED_SECRET}, but no value was typed for it there: type the value`,
        };
      }
      secret.value = value;
    }
  }
  return rows;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value` with each masked or typed env or header value replaced by a valid one. */
function masksFilled(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const fill = (values: unknown) =>
    isRecord(values)
      ? Object.fromEntries(
          Object.entries(values).map(([k, v]) => [
            k,
            v === MASKED_SECRET || v === TYPED_SECRET ? 'kept' : v,
          ]),
        )
      : values;
  return Object.fromEntries(
    Object.entries(value).map(([name, config]) => [
      name,
      isRecord(config)
        ? {
            ...config,
            ...('env' in config && { env: fill(config.env) }),
            ...('headers' in config && { headers: fill(config.headers) }),
          }
        : config,
    ]),
  );
}

/**
 * The form's rows with the servers an import saved added (`as`: their names in mcpServers, their
 * secrets masked), so that what was typed and not saved yet stays.
 */
export function withImported(
  rows: readonly McpServerRow[],
  saved: McpServers,
  names: readonly string[],
): McpServerRow[] {
  const added = names.filter((name) => Object.hasOwn(saved, name));
  const replaced = new Set(added);
  return [
    ...rows.filter((row) => !replaced.has(row.name.trim())),
    ...serverRows(Object.fromEntries(added.map((name) => [name, saved[name] as McpServerConfig]))),
  ];
}

/** What an import said, a line each: the servers imported (and under which name), then its notices and problems. */
export function importLines(result: {
  imported: readonly { from: string; as: string }[];
  notices?: readonly string[];
  problems: readonly { message: string }[];
}): string[] {
  const imported = result.imported.map(({ from, as }) =>
    from === as ? `Imported ${from}.` : `Imported ${from} as ${as}.`,
  );
  return [...imported, ...(result.notices ?? []), ...result.problems.map(({ message }) => message)];
}

/** What an importable server is: how it runs, and the secrets that come with it, by name only. */
export function importableDetail(server: {
  transport: keyof typeof TRANSPORT_WORDS;
  target: string;
  secretKeys: readonly string[];
}): string {
  const secrets =
    server.secretKeys.length === 0
      ? ''
      : ` · ${server.transport === 'stdio' ? 'env' : 'headers'} ${server.secretKeys.join(', ')} (secret: copied by the server, never shown)`;
  return `${TRANSPORT_WORDS[server.transport]}: ${server.target}${secrets}`;
}
