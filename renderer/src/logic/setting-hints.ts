// The hint under a setting in the form: what its value as typed means now (a size or a duration
// as the server reads it, what a list's entries allow), so the hint follows the field.
import { baseUnitOf, formatQuantity } from '../../../contract/human-units.ts';
import { parseNetPattern } from '../../../contract/net-policy.ts';
import { ITEM_PROBLEMS } from '../../../contract/setting-checks.ts';
import { numberFromText } from '../../../contract/setting-usage.ts';
import { type SettingKey, settingOf } from '../../../contract/settings-registry.ts';
import { type McpServerRow, mcpServersHint } from './mcp-settings.ts';
import { patternsOf } from './pattern-list.ts';

/** "a", "a and b", "a, b and c". */
const listed = (items: readonly string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The entries of a list as typed that the server would take. */
const validItems = (text: string, problemOf: (item: string) => string | undefined) =>
  patternsOf(text).filter((item) => problemOf(item) === undefined);

function hostsHint(text: string): string {
  const patterns = validItems(text, ITEM_PROBLEMS.netPatterns).map(parseNetPattern);
  const hosts = patterns.flatMap((pattern) => (typeof pattern === 'string' ? [] : [pattern]));
  if (hosts.length === 0) return 'Fetch is off: every request is refused.';
  if (hosts.some(({ any }) => any)) return 'Fetch may reach any host.';
  const named = hosts.map(({ host, subdomains, port }) => {
    const where = subdomains ? `any subdomain of ${host}` : host;
    return port === undefined ? where : `${where} on port ${port}`;
  });
  return `Fetch may reach ${listed(named)}; a request to any other host is refused.`;
}

function packagesHint(text: string): string {
  const patterns = validItems(text, ITEM_PROBLEMS.packagePatterns);
  if (patterns.length === 0) return 'Runs may import every package.';
  const named = patterns.map((pattern) =>
    pattern.endsWith('/*') ? `any package of ${pattern.slice(0, -2)}` : pattern,
  );
  return `Runs may import only ${listed(named)}; importing any other fails, with the reason.`;
}

function originsHint(text: string): string {
  const origins = validItems(text, ITEM_PROBLEMS.origins);
  return origins.length === 0
    ? 'No other web page may call the server from a browser.'
    : `Pages from ${listed(origins)} may call the server from a browser.`;
}

/** What `typed` means for setting `key`, in a sentence or two; undefined for a field with none. */
export function settingHint(key: SettingKey, typed: unknown): string | undefined {
  const setting = settingOf(key);
  switch (setting.kind) {
    case 'int': {
      // The value as the server reads it, so `90000` in a duration shows as 1.5 min.
      const unit = baseUnitOf(setting);
      const show = (value: number) => (unit ? formatQuantity(value, unit) : String(value));
      const [min, max] = setting.range;
      const value = numberFromText(setting, typed as string);
      const what = capitalised(setting.help);
      const range = `from ${show(min)} to ${show(max)}`;
      return typeof value === 'number' && value >= min && value <= max
        ? `${what}: ${show(value)} (${range}).`
        : `${what}, ${range}.`;
    }
    case 'netPatterns':
      return hostsHint(typed as string);
    case 'packagePatterns':
      return packagesHint(typed as string);
    case 'origins':
      return originsHint(typed as string);
    case 'mcpServers':
      return mcpServersHint(typed as McpServerRow[]);
    default:
      return undefined;
  }
}
