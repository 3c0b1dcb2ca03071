import type { NextFunction, Request, Response } from 'express';

/** Why the server refused a request: what the GUI turns into advice for the user. */
export type RefusalCause =
  | 'host'
  | 'origin'
  | 'no-token'
  | 'wrong-token'
  | 'unknown-session'
  | 'body-too-large'
  | 'stopped'
  | 'full'
  | 'transport-off'
  | 'no-route'
  | 'bad-http';

/** A refused request: the answer's status and message, and who sent it. */
export interface RefusedRequest {
  status: number;
  cause: RefusalCause;
  /** The message the client was answered with. */
  reason: string;
  method?: string;
  path?: string;
  remoteAddress?: string;
  origin?: string;
  userAgent?: string;
}

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
        reason,
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
