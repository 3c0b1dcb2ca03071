import type { ClientInfo, ProtocolEra } from '../../contract/connections.ts';

/** What a message tells of its client, as the connection registry keeps it. */
export interface MessageInfo {
  client?: ClientInfo;
  protocolVersion?: string;
  era?: ProtocolEra;
}

/** The `_meta` keys of a 2026-07-28 request that say who sends it, in which version. */
const ENVELOPE = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
} as const;

/** Names are the client's to choose: the registry keeps only their first characters. */
const NAME_CHARS = 200;

/**
 * Who the client is and which era it speaks, from a message and the era its connection already
 * speaks: `initialize` opens a 2025 session; a request whose `_meta` carries a protocol version
 * is 2026's. Once the era is known the other era's opening is refused (by the SDK), and a
 * 2025 request may carry any `_meta`. `server/discover` only probes: it names no era.
 */
export function messageInfo(message: unknown, era?: ProtocolEra): MessageInfo | undefined {
  const rpc = message as {
    method?: unknown;
    params?: { clientInfo?: unknown; protocolVersion?: unknown; _meta?: unknown };
  } | null;
  if (typeof rpc !== 'object' || rpc === null || typeof rpc.method !== 'string') return undefined;
  const params = typeof rpc.params === 'object' && rpc.params !== null ? rpc.params : {};
  if (rpc.method === 'initialize') {
    return era === 'modern'
      ? undefined
      : known('legacy', params.clientInfo, params.protocolVersion);
  }
  if (era === 'legacy') return undefined;
  const meta = (params._meta ?? {}) as Record<string, unknown>;
  if (typeof meta !== 'object' || typeof meta[ENVELOPE.protocolVersion] !== 'string') {
    return undefined;
  }
  const probe = rpc.method === 'server/discover';
  return known(
    probe ? undefined : 'modern',
    meta[ENVELOPE.clientInfo],
    meta[ENVELOPE.protocolVersion],
  );
}

function known(
  era: ProtocolEra | undefined,
  client: unknown,
  protocolVersion: unknown,
): MessageInfo {
  const info = client as { name?: unknown; version?: unknown } | null | undefined;
  return {
    ...(era && { era }),
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
