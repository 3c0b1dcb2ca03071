// What the Tools view says of each of the user's other MCP servers: its state in words, its
// facts in a line, and what the view waits for while it starts them.
import type { UpstreamServerInfo, UpstreamState } from '../../../contract/mcp-upstreams.ts';
import { plural } from './format.ts';

const TRANSPORT_WORDS: Record<UpstreamServerInfo['transport'], string> = {
  stdio: 'stdio',
  'streamable-http': 'Streamable HTTP',
  sse: 'SSE',
};

/** The state as a sentence, with why when it failed; `tone` colours it as the other views do. */
export function upstreamState(server: Pick<UpstreamServerInfo, 'state' | 'error'>): {
  text: string;
  tone: 'ok' | 'pending' | 'failed' | 'muted';
} {
  switch (server.state) {
    case 'ready':
      return { text: 'Ready', tone: 'ok' };
    case 'starting':
      return { text: 'Starting…', tone: 'pending' };
    case 'stopped':
      return { text: 'Stopped: it starts at its next call', tone: 'muted' };
    case 'disabled':
      return { text: 'Disabled in Settings: code cannot call it', tone: 'muted' };
    case 'failed':
      return { text: server.error ? `Failed: ${server.error}` : 'Failed', tone: 'failed' };
  }
}

/** "stdio · pid 4242 · 3 calls · 5 of 7 tools allowed": what is known of it, in one line. */
export function upstreamFacts(server: UpstreamServerInfo): string {
  const allowed = server.tools?.filter((tool) => tool.allowed).length;
  return [
    TRANSPORT_WORDS[server.transport],
    server.pid !== undefined && `pid ${server.pid}`,
    plural(server.calls, 'call'),
    server.tools &&
      (allowed === server.tools.length
        ? plural(server.tools.length, 'tool')
        : `${allowed} of ${plural(server.tools.length, 'tool')} allowed`),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** States a listing with `start` moves on from. */
const TO_START: readonly UpstreamState[] = ['stopped', 'starting'];

/**
 * What the view says while a listing with `start` is under way: "Starting 2 servers…" for those
 * not yet running, or undefined when every enabled one is (or none is enabled).
 */
export function startingText(servers: readonly UpstreamServerInfo[]): string | undefined {
  const starting = servers.filter((server) => TO_START.includes(server.state)).length;
  return starting > 0 ? `Starting ${plural(starting, 'server')}…` : undefined;
}

/** The error it last met, when its state does not already say it (a failed server's does). */
export const lastError = (server: UpstreamServerInfo): string | undefined =>
  server.state === 'failed' ? undefined : server.error;
