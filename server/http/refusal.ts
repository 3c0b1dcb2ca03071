import type { NextFunction, Request, Response } from 'express';
import type { RefusalCause, RefusedRequest } from '../../contract/refusals.ts';

type Note = (status: number, cause: RefusalCause, reason: string) => void;

/** Headers are the client's to choose: a log keeps only their first characters. */
const clip = (text: string | undefined) => text?.slice(0, 300);

/**
 * The first middleware: a refusal answered to this request (`noteRefusal`) goes to `record`, with
 * the request's method, path and sender.
 */
export function recordRefusals(record: (refused: RefusedRequest) => void) {
  return (req: Request, res: Response, next: NextFunction) => {
    const note: Note = (status, cause, reason) =>
      record({
        status,
        cause,
        // A reason may repeat what the client sent (a version, a header): clipped like them.
        reason: clip(reason) ?? '',
        method: req.method,
        path: clip(req.originalUrl),
        ...(req.socket.remoteAddress && { remoteAddress: req.socket.remoteAddress }),
        ...(req.headers.origin !== undefined && { origin: clip(req.headers.origin) }),
        ...(req.headers['user-agent'] !== undefined && {
          userAgent: clip(req.headers['user-agent']),
        }),
      });
    res.locals.noteRefusal = note;
    next();
  };
}

/** Says that the answer going to `res` refuses its request, and why (no-op without a recorder). */
export function noteRefusal(
  res: Response,
  status: number,
  cause: RefusalCause,
  reason: string,
): void {
  (res.locals.noteRefusal as Note | undefined)?.(status, cause, reason);
}
