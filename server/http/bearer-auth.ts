import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { RPC_ERROR, sendRpcError } from './json-rpc-error.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The bearer token a request carries, or '' when it carries none. */
export const bearerOf = (req: Request) =>
  /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';

/** Compares tokens in a time that does not depend on where they differ. */
export function tokensMatch(given: string, expected: string): boolean {
  // Digests have equal lengths, so the comparison takes the same time whatever was sent.
  return timingSafeEqual(digest(given), digest(expected));
}

/** Requires `Authorization: Bearer <token>` when a token is set; 401 otherwise. */
export function bearerAuth(token: () => string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    const expected = token();
    if (expected === undefined) return next();
    const given = bearerOf(req);
    if (tokensMatch(given, expected)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="mcp-isolate"');
    sendRpcError(
      res,
      401,
      RPC_ERROR.refused,
      given
        ? 'Unauthorized: the bearer token is wrong'
        : 'Unauthorized: send Authorization: Bearer <token>',
      given ? 'wrong-token' : 'no-token',
    );
  };
}
