import type { RunActivity } from '../../../contract/run-activity.ts';
import type { RunRecord } from '../../../contract/run-record.ts';
import { formatBytes, formatMs, plural } from './format.ts';

/** One line of a plot: its values oldest first, its name and its colour (a class). */
export interface PlotSeries {
  name: string;
  values: readonly number[];
  tone: 'accent' | 'danger';
}

/** What a plot draws and says: its lines over a shared scale, and the words for it. */
export interface PlotData {
  series: PlotSeries[];
  /** The top of the scale (never 0, so a flat line sits at the bottom). */
  max: number;
  /** The scale's top as a person reads it ("2.4 MiB"). */
  maxLabel: string;
  /** Under the plot, at its left and right ends ("oldest of 30 runs", "newest"). */
  from: string;
  to: string;
  /** What the plot shows, in a sentence, for a screen reader and a tooltip. */
  summary: string;
}

/** The plot's box, in the SVG's own units (it stretches to its width). */
export const PLOT_WIDTH = 300;
export const PLOT_HEIGHT = 60;

/** A polyline's points for `values` across the box, scaled to `max`; one value is a flat line. */
export function plotPoints(values: readonly number[], max: number): string {
  const drawn = values.length === 1 ? [values[0] ?? 0, values[0] ?? 0] : values;
  const step = drawn.length > 1 ? PLOT_WIDTH / (drawn.length - 1) : 0;
  return drawn
    .map((value, i) => {
      const y = PLOT_HEIGHT - (Math.min(value, max) / max) * PLOT_HEIGHT;
      return `${round(i * step)},${round(y)}`;
    })
    .join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A little above the largest value, so the line never runs along the top edge. */
const scaleTop = (values: readonly number[]) => Math.max(...values, 0) * 1.1 || 1;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** A session's heap size after each committed run, oldest first; undefined without one. */
export function heapPlot(runs: readonly RunRecord[]): PlotData | undefined {
  const sizes = runs.flatMap((run) => (run.heapBytes === undefined ? [] : [run.heapBytes]));
  if (sizes.length === 0) return undefined;
  const max = scaleTop(sizes);
  return {
    series: [{ name: 'Heap size', values: sizes, tone: 'accent' }],
    max,
    maxLabel: formatBytes(Math.max(...sizes)),
    from: `oldest of ${plural(sizes.length, 'committed run')}`,
    to: 'newest',
    summary: `Heap size over the last ${plural(sizes.length, 'committed run')}: ${formatBytes(sizes[0] ?? 0)} to ${formatBytes(sizes.at(-1) ?? 0)}, at most ${formatBytes(Math.max(...sizes))}`,
  };
}

/** How long each of a session's runs took, oldest first; undefined without runs. */
export function runTimePlot(runs: readonly RunRecord[]): PlotData | undefined {
  if (runs.length === 0) return undefined;
  const times = runs.map((run) => run.durationMs);
  return {
    series: [{ name: 'Run time', values: times, tone: 'accent' }],
    max: scaleTop(times),
    maxLabel: formatMs(Math.max(...times)),
    from: `oldest of ${plural(times.length, 'run')}`,
    to: 'newest',
    summary: `Run time over the last ${plural(times.length, 'run')}: median ${formatMs(median(times))}, longest ${formatMs(Math.max(...times))}`,
  };
}

const perSecond = (count: number, intervalMs: number) => count / (intervalMs / 1000);
const rate = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)}/s`;

/** The server's runs and failures per second over its activity window. */
export function activityPlot(activity: RunActivity): PlotData {
  const runs = activity.runs.map((count) => perSecond(count, activity.intervalMs));
  const errors = activity.errors.map((count) => perSecond(count, activity.intervalMs));
  const total = activity.runs.reduce((sum, count) => sum + count, 0);
  const failed = activity.errors.reduce((sum, count) => sum + count, 0);
  const minutes = Math.round((activity.runs.length * activity.intervalMs) / 60_000);
  return {
    series: [
      { name: 'Runs per second', values: runs, tone: 'accent' },
      { name: 'Failed runs per second', values: errors, tone: 'danger' },
    ],
    max: scaleTop(runs),
    maxLabel: rate(Math.max(...runs, 0)),
    from: `${minutes} min ago`,
    to: 'now',
    summary: `Runs over the last ${minutes} minutes: ${plural(total, 'run')}, ${failed} failed; ${rate(runs.at(-1) ?? 0)} in the last ${activity.intervalMs / 1000} s`,
  };
}
