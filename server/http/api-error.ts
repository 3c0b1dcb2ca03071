import type { Response } from 'express';

/** An error answer of the JSON APIs (admin, /api): `{error: {code, message}}` with its status. */
export function apiError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
