import type { NextFunction, Request, Response } from 'express';
import { RPC_ERROR, sendRpcError } from './json-rpc-error.ts';

export interface GuardOptions {
  /** The address the server listens on (it may change). */
  host: () => string;
  /** Origins allowed besides the server's own (CORS). */
  corsOrigins: () => string[];
  /** The port actually listened on (known once listening). */
  port: () => number;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * DNS rebinding protection on every route: the Host header must name this server, and a
 * browser's Origin must be the server itself or a configured origin. Otherwise 403.
 */
export function requestGuard(options: GuardOptions) {
  return (req: Request, res: Response, next: NextFunction) => {
    const hostHeader = req.headers.host ?? '';
    const hostname = hostHeader.replace(/:\d+$/, '').toLowerCase();
    const own = new Set([...LOOPBACK_NAMES, bracketed(options.host().toLowerCase())]);
    const anyAddress = options.host() === '0.0.0.0' || options.host() === '::';
    if (!anyAddress && !own.has(hostname)) {
      sendRpcError(
        res,
        403,
        RPC_ERROR.refused,
        `Forbidden: Host ${JSON.stringify(hostHeader)} is not this server`,
        'host',
      );
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, options)) {
      sendRpcError(
        res,
        403,
        RPC_ERROR.refused,
        `Forbidden: Origin ${JSON.stringify(origin)} is not allowed (see corsOrigins)`,
        'origin',
      );
      return;
    }
    next();
  };
}

export function isAllowedOrigin(origin: string, options: GuardOptions): boolean {
  return (
    options.corsOrigins().includes(origin) ||
    ownOrigins(options.host(), options.port()).includes(origin)
  );
}

/** The origins of pages this server serves itself (the GUI). */
export function ownOrigins(host: string, port: number): string[] {
  return [...new Set([...LOOPBACK_NAMES, bracketed(host)])].map((name) => `http://${name}:${port}`);
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
