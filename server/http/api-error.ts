import type { Response } from 'express';
import type { RefusalCause } from '../../contract/refusals.ts';
import { noteRefusal } from './refusal.ts';

/**
 * An error answer of the JSON APIs (admin, /api): `{error: {code, message}}` with its status; with
 * `refused`, the request is logged as refused for that cause.
 */
export function apiError(
  res: Response,
  status: number,
  code: string,
  message: string,
  refused?: RefusalCause,
): void {
  if (refused) noteRefusal(res, status, refused, message);
  res.status(status).json({ error: { code, message } });
}
