import { CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';
import type { ProtocolEra } from '../../contract/connections.ts';
import type { Identity } from '../connections/connection-registry.ts';

/**
 * The revisions the SDK serves without a session. Its own list is not exported: a revision it
 * adds later shows a stdio client's name from its second request on, not its first.
 */
const MODERN_VERSIONS: readonly string[] = ['2026-07-28'];

/** Names are the client's to choose: the registry keeps only their first characters. */
const NAME_CHARS = 200;

/**
 * Who the client is, from a message of a connection in `era` (undefined while the SDK has not
 * decided it): an `initialize` of a 2025 connection, or a 2026 request's `_meta` naming a version
 * the SDK serves. The era itself is the SDK's decision, never guessed from a message: a client
 * may send either kind of opening. Before it decides, only a revision it serves counts.
 */
export function messageInfo(message: unknown, era?: ProtocolEra): Identity | undefined {
  const rpc = message as {
    method?: unknown;
    params?: { clientInfo?: unknown; protocolVersion?: unknown; _meta?: unknown };
  } | null;
  if (typeof rpc !== 'object' || rpc === null || typeof rpc.method !== 'string') return undefined;
  const params = typeof rpc.params === 'object' && rpc.params !== null ? rpc.params : {};
  if (rpc.method === 'initialize') {
    return era === 'modern' ? undefined : identity(params.clientInfo, params.protocolVersion);
  }
  if (era === 'legacy' || typeof params._meta !== 'object' || params._meta === null) {
    return undefined;
  }
  const meta = params._meta as Record<string, unknown>;
  const version = meta[PROTOCOL_VERSION_META_KEY];
  if (typeof version !== 'string' || !(era === 'modern' || MODERN_VERSIONS.includes(version))) {
    return undefined;
  }
  return identity(meta[CLIENT_INFO_META_KEY], version);
}

function identity(client: unknown, protocolVersion: unknown): Identity {
  const info = client as { name?: unknown; version?: unknown } | null | undefined;
  return {
    ...(typeof info === 'object' &&
      info !== null && {
        client: {
          name: String(info.name).slice(0, NAME_CHARS),
          version: String(info.version).slice(0, NAME_CHARS),
        },
      }),
    ...(typeof protocolVersion === 'string' && {
      protocolVersion: protocolVersion.slice(0, NAME_CHARS),
    }),
  };
}
