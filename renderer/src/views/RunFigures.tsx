import type { RunStats } from '../../../contract/run-stats.ts';
import { formatBytes, formatMs } from '../logic/format.ts';

/** Heap in use against the memory limit, the last run's time, and the runs that broke a limit. */
export function RunFigures({
  stats,
  memoryLimitBytes,
  label,
}: {
  stats: RunStats;
  memoryLimitBytes?: number;
  label: string;
}) {
  const share =
    stats.heapBytes !== undefined && memoryLimitBytes
      ? Math.min(1, stats.heapBytes / memoryLimitBytes)
      : undefined;
  return (
    <dl className="counts figures" aria-label={label}>
      <div>
        <dt>Heap in use</dt>
        <dd data-testid="heap-used">
          {stats.heapBytes === undefined ? '–' : formatBytes(stats.heapBytes)}
          {memoryLimitBytes !== undefined && (
            <span className="meta"> of {formatBytes(memoryLimitBytes)}</span>
          )}
          {share !== undefined && (
            <meter min={0} max={1} high={0.8} value={share} aria-label="Heap against the limit" />
          )}
        </dd>
      </div>
      <div>
        <dt>Last run</dt>
        <dd>{stats.lastRunMs === undefined ? '–' : formatMs(stats.lastRunMs)}</dd>
      </div>
      <div>
        <dt>Run attempts</dt>
        <dd data-testid="run-attempts">{stats.attempts}</dd>
      </div>
      <div>
        <dt>Timeouts</dt>
        <dd data-testid="timeouts">{stats.timeouts}</dd>
      </div>
      <div>
        <dt>Memory limit hit</dt>
        <dd data-testid="memory-errors">{stats.memoryErrors}</dd>
      </div>
      <div>
        <dt>Cancelled</dt>
        <dd>{stats.cancelled}</dd>
      </div>
    </dl>
  );
}
