// The MCP servers setting in the Settings form, typed as JSON until the form edits each server in
// rows: the text the form shows (secrets masked, as the admin API sends them), what it saves, and
// the hint that says what the text as typed allows.
import { type McpServers, mcpServersProblem, transportOf } from '../../../contract/mcp-servers.ts';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import { jsonFromText, NotJson } from '../../../contract/setting-usage.ts';

/** The servers as the form's text: none is an empty field, which its placeholder explains. */
export const mcpServersText = (servers: McpServers): string =>
  Object.keys(servers).length === 0 ? '' : JSON.stringify(servers, null, 2);

/** The text as the value to save: an empty field is no servers; text that is not JSON is checked as such. */
export const mcpServersFromText = (text: string): unknown => jsonFromText(text, {});

const TRANSPORT_WORDS = { stdio: 'stdio', 'streamable-http': 'Streamable HTTP', sse: 'SSE' };

const FORMAT =
  'As in a client\'s config: {"NAME": {"command": "…", "args": […], "env": {…}}} or {"NAME": {"url": "…", "headers": {…}}}, with "allowTools" and "disabled" if needed.';

/**
 * What is wrong with the servers as typed, by the server's check, a kept mask standing for the
 * saved value it keeps (the mask itself is no header value): whether it has one to keep is the
 * server's to say when saving.
 */
export function typedMcpServersProblem(text: string): string | undefined {
  const value = mcpServersFromText(text);
  return value instanceof NotJson ? value.problem : mcpServersProblem(masksFilled(value));
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value` with each masked env or header value replaced by a valid one. */
function masksFilled(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const fill = (values: unknown) =>
    isRecord(values)
      ? Object.fromEntries(
          Object.entries(values).map(([k, v]) => [k, v === MASKED_SECRET ? 'kept' : v]),
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

/** What the servers as typed let code call, and how to write them; nothing while they are wrong. */
export function mcpServersHint(text: string): string {
  if (typedMcpServersProblem(text) !== undefined) return FORMAT;
  const value = mcpServersFromText(text);
  const servers = Object.entries(value as McpServers);
  const callable = servers.filter(([, config]) => !config.disabled);
  if (callable.length === 0) return `Code cannot call other MCP servers. ${FORMAT}`;
  const named = callable.map(
    ([name, config]) => `${name} (${TRANSPORT_WORDS[transportOf(config)]})`,
  );
  const kept = text.includes(MASKED_SECRET)
    ? ` A value shown as ${MASKED_SECRET} keeps the saved one while its server's name and command, or URL's origin, stay the same.`
    : '';
  return `Code may call ${named.join(', ')}.${kept}`;
}
