// The mcpServers setting as the upstream layer uses it: how to reach each server, what code may
// call of it, and which texts are its secrets. Pure.
import { homedir } from 'node:os';
import {
  type McpServerConfig,
  type McpServers,
  type McpTransport,
  transportOf,
} from '../../contract/mcp-servers.ts';
import { withoutSecrets } from '../sandbox/net/without-secrets.ts';
import type { UpstreamPolicy } from '../sandbox/protocol.ts';

/**
 * How to start a server and speak to it. `env` holds only the configured variables: the SDK adds
 * its short safe list (HOME, PATH, …), so the server's own MCP_ISOLATE_* never reach an upstream.
 */
export type LaunchSpec =
  | {
      transport: 'stdio';
      command: string;
      args: string[];
      env: Record<string, string>;
      cwd: string;
    }
  | { transport: 'streamable-http' | 'sse'; url: string; headers: Record<string, string> };

/** One configured server: how to reach it, and what code may call. */
export interface UpstreamEntry {
  name: string;
  launch: LaunchSpec;
  allowTools: readonly string[];
  disabled: boolean;
}

/**
 * A secret this short is masked in the logs only: masking every "1" or "yes" in a result would
 * corrupt it, so results mask secrets of `RESULT_SECRET_CHARS` or more.
 */
const LOG_SECRET_CHARS = 4;
const RESULT_SECRET_CHARS = 8;

export function launchOf(config: McpServerConfig): LaunchSpec {
  const transport: McpTransport = transportOf(config);
  if ('command' in config) {
    return {
      transport: 'stdio',
      command: config.command,
      args: [...(config.args ?? [])],
      env: { ...config.env },
      cwd: config.cwd ?? homedir(),
    };
  }
  return {
    transport: transport === 'sse' ? 'sse' : 'streamable-http',
    url: config.url,
    headers: { ...config.headers },
  };
}

export function upstreamEntries(servers: McpServers): UpstreamEntry[] {
  return Object.entries(servers).map(([name, config]) => ({
    name,
    launch: launchOf(config),
    allowTools: [...(config.allowTools ?? [])],
    disabled: config.disabled === true,
  }));
}

/** What code may call of each server (a run's policy, RunRequest.upstream). */
export function upstreamPolicy(servers: McpServers): UpstreamPolicy {
  return {
    servers: Object.fromEntries(
      Object.entries(servers).map(([name, config]) => [
        name,
        { allowTools: [...(config.allowTools ?? [])], disabled: config.disabled === true },
      ]),
    ),
  };
}

/** Whether two launches start the same server the same way (secrets included). */
export const sameLaunch = (a: LaunchSpec, b: LaunchSpec): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** A launch's secret values: its env or header values. */
const secretsOf = (launch: LaunchSpec): string[] =>
  Object.values(launch.transport === 'stdio' ? launch.env : launch.headers);

/**
 * How deep in strings a secret is masked: a result is JSON text, whose text content is often a
 * tool's own JSON text, and the message log writes the result as JSON once more.
 */
const STRING_DEPTH = 3;

/** `value` as written and as JSON writes it inside a string, one to STRING_DEPTH strings deep. */
function escapedForms(value: string): string[] {
  const forms = [value];
  for (let depth = 0; depth < STRING_DEPTH; depth++) {
    forms.push(JSON.stringify(forms[depth]).slice(1, -1));
  }
  return forms;
}

/**
 * Masks a launch's secrets in text of the kind given: `log` for logs (values of 4 or more
 * characters) or `result` for what code gets (8 or more). Each value is masked as written and as
 * JSON escapes it inside strings (escapedForms), since logs and results are JSON text.
 */
export function secretMask(launch: LaunchSpec, kind: 'log' | 'result'): SecretMask {
  const least = kind === 'log' ? LOG_SECRET_CHARS : RESULT_SECRET_CHARS;
  const values = secretsOf(launch).filter((value) => value.length >= least);
  const forms = [...new Set(values.flatMap(escapedForms))]
    // The longest first, so a secret inside another is not masked half.
    .sort((x, y) => y.length - x.length);
  return Object.assign((text: string) => withoutSecrets(text, forms), { forms });
}

/** A masking of secrets, with the texts it masks (longest first), for a cut to stay clear of. */
export type SecretMask = ((text: string) => string) & { readonly forms: readonly string[] };

/**
 * `text`'s first `chars` characters, masked. What is masked reaches past the cut to the end of
 * any secret the cut would split, and no further: a text held to `chars` and the longest secret
 * (a line that has not ended) never shows the head of a secret whose rest it lacks.
 */
export function maskedHead(mask: SecretMask, text: string, chars: number): string {
  let cut = Math.min(chars, text.length);
  for (let moved = true; moved; ) {
    moved = false;
    for (const form of mask.forms) {
      const at = text.indexOf(form, Math.max(0, cut - form.length + 1));
      if (at !== -1 && at < cut) {
        cut = at + form.length;
        moved = true;
      }
    }
  }
  return mask(text.slice(0, cut)).slice(0, chars);
}
