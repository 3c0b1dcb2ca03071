import type { EffectOf } from '../../../contract/effect-kinds.ts';
import { type EffectTable, effectRow, effectsHeading } from './effect-table.ts';
import { formatBytes, formatMs } from './format.ts';

type RequestSummary = EffectOf<'fetch'>;

/** One fetch as the network panel shows it. */
export interface NetworkRow {
  method: string;
  url: string;
  /** The response's status, or "refused" (allowNet) or "failed" (no response). */
  status: string;
  size: string;
  time: string;
  /** Empty when none were followed. */
  redirects: string;
  /** Why it was refused or failed; a request with a status may still fail (its body too large). */
  reason?: string;
  outcome: 'ok' | 'http-error' | 'refused' | 'failed';
}

export function networkRow(request: RequestSummary): NetworkRow {
  const outcome = request.refused
    ? 'refused'
    : request.error !== undefined
      ? 'failed'
      : request.status !== undefined && request.status >= 400
        ? 'http-error'
        : 'ok';
  return {
    method: request.method,
    url: request.url,
    status:
      request.status !== undefined
        ? String(request.status)
        : outcome === 'refused'
          ? 'refused'
          : 'failed',
    size: request.bytes !== undefined ? formatBytes(request.bytes) : '',
    time: formatMs(request.ms),
    redirects: request.redirects ? String(request.redirects) : '',
    ...(request.error !== undefined && { reason: request.error }),
    outcome,
  };
}

/** The panel's heading: "3 requests", and how many of them went wrong. */
export const networkHeading = (requests: readonly RequestSummary[]): string =>
  effectsHeading(requests, 'request', [
    ['refused', (request) => request.refused === true],
    ['failed', (request) => !request.refused && Boolean(request.error)],
  ]);

/** A run's fetches in the order made, like a browser's network panel; refused and failed ones with why. */
export const fetchTable: EffectTable<'fetch'> = {
  testId: 'network',
  className: 'network',
  heading: networkHeading,
  columns: [
    { header: 'Method', width: 'method' },
    { header: 'URL', long: true },
    { header: 'Status', width: 'status' },
    { header: 'Size', width: 'size' },
    { header: 'Time', width: 'time' },
    { header: 'Redirects', width: 'redirects', optional: true },
  ],
  row: (request) =>
    effectRow(networkRow(request), ['method', 'url', 'status', 'size', 'time', 'redirects']),
};
