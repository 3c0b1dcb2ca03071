// What the sandbox may reach with fetch, and the secret headers the host adds: the patterns'
// syntax and matching, shared by the settings, the GUI's form and the sandbox that enforces them.

/** A secret header the host adds to requests for hosts matching `pattern`; the guest never sees it. */
export interface NetHeader {
  pattern: string;
  name: string;
  value: string;
}

/**
 * What the admin API shows instead of a secret header's value, and what the GUI sends back for
 * one it keeps: the value never leaves the server.
 */
export const MASKED_SECRET = '••••••••';

/** A pattern, parsed: a host (or every subdomain of one, or any host) and maybe a port. */
interface NetPattern {
  /** Lower-case ASCII host as URL parsing gives it; for `*.domain`, the domain. */
  host: string;
  subdomains: boolean;
  any: boolean;
  port?: number;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** `pattern` parsed, or a sentence saying what is wrong with it. */
export function parseNetPattern(pattern: string): NetPattern | string {
  const text = pattern.trim();
  if (text === '*') return { host: '', subdomains: false, any: true };
  const subdomains = text.startsWith('*.');
  const rest = subdomains ? text.slice(2) : text;
  let url: URL | undefined;
  try {
    url = new URL(`http://${rest}`);
  } catch {
    url = undefined;
  }
  const plain = url && url.pathname === '/' && !url.search && !url.hash && !url.username;
  if (!url || !plain || url.password || rest.includes('/') || rest.includes('*')) {
    return `${JSON.stringify(pattern)} is not a host pattern: use host, host:port, *.domain or *`;
  }
  const explicitPort = /:(\d+)$/.exec(rest)?.[1];
  return {
    host: url.hostname,
    subdomains,
    any: false,
    ...(explicitPort !== undefined && { port: Number(explicitPort) }),
  };
}

/** Whether `url` (http or https) is a host and port `pattern` covers. */
export function netPatternMatches(pattern: string, url: URL): boolean {
  const parsed = parseNetPattern(pattern);
  if (typeof parsed === 'string') return false;
  if (parsed.any) return true;
  const host = url.hostname;
  const hostMatches = parsed.subdomains ? host.endsWith(`.${parsed.host}`) : host === parsed.host;
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  return hostMatches && (parsed.port === undefined || parsed.port === port);
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Whether `name` is a header name (RFC 9110's token). */
export const isHeaderName = (name: string): boolean => TOKEN.test(name);
/**
 * A header value as HTTP carries it (RFC 9110's field-value: visible ASCII, spaces and tabs,
 * Latin-1's upper half; spaces at either end are dropped when sent): anything else no request
 * can send.
 */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]+$/;
/** Whether `value` is one a request can carry as a header's value. */
export const isHeaderValue = (value: string): boolean => FIELD_VALUE.test(value);

/** `PATTERN=Name: value` (the flag's form) parsed, or a sentence saying what is wrong. */
export function parseNetHeader(text: string): NetHeader | string {
  const equals = text.indexOf('=');
  const colon = text.indexOf(':', equals + 1);
  if (equals < 0 || colon < 0) {
    return 'a secret header is PATTERN=Name: value, such as api.example.com=Authorization: Bearer …';
  }
  const header = {
    pattern: text.slice(0, equals).trim(),
    name: text.slice(equals + 1, colon).trim(),
    value: text.slice(colon + 1).trim(),
  };
  return netHeaderProblem(header) ?? header;
}

/** What is wrong with a secret header, in a sentence that never quotes its value. */
export function netHeaderProblem(header: NetHeader): string | undefined {
  const pattern = parseNetPattern(header.pattern);
  if (typeof pattern === 'string') return pattern;
  if (!isHeaderName(header.name)) {
    return `${JSON.stringify(header.name)} is not a header name`;
  }
  if (header.value.trim() === '' || /[\r\n\0]/.test(header.value)) {
    return `the value of header ${header.name} for ${header.pattern} must be one line of text`;
  }
  if (!isHeaderValue(header.value)) {
    return `the value of header ${header.name} for ${header.pattern} is not a valid header value: use printable ASCII (or Latin-1) characters`;
  }
  return undefined;
}
