// The one way the host fetches for a run: the guest's requests, a registry's packuments and
// tarballs. It never connects to the server's own port on an address of this machine (loopback,
// the unspecified address, their IPv4-mapped and IPv4-compatible forms, any interface's address),
// checked on the address actually connected to: an IP literal as written, a name after it
// resolved, before a byte is sent. So no alias, redirect or DNS answer reaches the server.
import { type LookupAddress, lookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';

/** Why a connection was not made: `host` is (or resolves to) `address`, where the server is. */
class OwnServerRefused extends Error {
  override name = 'OwnServerRefused';

  constructor(host: string, address: string) {
    super(
      `that is this MCP Isolate server${host === address ? '' : ` (${host} resolves to ${address})`}`,
    );
  }
}

/** The fetch a run's host side uses. */
export type OutboundFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** Whether `address` (an IP, any form) is one of this machine's, where the server may listen. */
export function isOwnAddress(address: string): boolean {
  const own = new BlockList();
  own.addSubnet('127.0.0.0', 8, 'ipv4');
  // "This network": 0.0.0.0 reaches this machine, the rest of it is no one else's either.
  own.addSubnet('0.0.0.0', 8, 'ipv4');
  // `::`, `::1` and the IPv4-compatible addresses; IPv4-mapped ones match the IPv4 rules.
  own.addSubnet('::', 96, 'ipv6');
  for (const info of Object.values(networkInterfaces()).flat()) {
    if (!info) continue;
    own.addAddress(withoutZone(info.address), info.family === 'IPv4' ? 'ipv4' : 'ipv6');
  }
  const plain = withoutZone(address);
  const family = isIP(plain);
  return family !== 0 && own.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

const withoutZone = (address: string) => address.replace(/%.*$/, '');

/** A name's addresses, refused when any is this machine's (for connections to the own port). */
const refusingLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    const own = error ? undefined : addresses.find(({ address }) => isOwnAddress(address));
    const failure = error ?? (own && new OwnServerRefused(hostname, own.address));
    const [first] = addresses ?? [];
    if (failure || !first) {
      callback(failure ?? new Error(`${hostname} has no address`), '', 0);
    } else if (options.all) {
      (callback as (error: null, all: LookupAddress[]) => void)(null, addresses);
    } else {
      callback(null, first.address, first.family);
    }
  });
};

function guardedConnector(ownPort: number): buildConnector.connector {
  const plain = buildConnector({});
  const resolving = buildConnector({ lookup: refusingLookup });
  return (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    if (port !== ownPort) return plain(options, callback);
    const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) === 0) return resolving(options, callback);
    if (isOwnAddress(host)) return callback(new OwnServerRefused(host, host), null);
    return plain(options, callback);
  };
}

/** One agent per own port (it changes only when the server moves): its connections are pooled. */
const agents = new Map<number | undefined, Agent>();

/** A fetch that never connects to `ownPort` on this machine (none given: no such rule). */
export function outboundFetch(ownPort: number | undefined): OutboundFetch {
  let agent = agents.get(ownPort);
  if (!agent) {
    agent = new Agent(ownPort === undefined ? {} : { connect: guardedConnector(ownPort) });
    agents.set(ownPort, agent);
  }
  const dispatcher = agent;
  return (url, init) =>
    undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>;
}

/** The OwnServerRefused a failed fetch carries as its cause, if that is why it failed. */
export const ownServerRefusal = (error: unknown): OwnServerRefused | undefined => {
  const cause = (error as { cause?: unknown })?.cause;
  return cause instanceof OwnServerRefused ? cause : undefined;
};
