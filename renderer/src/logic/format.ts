import type { RunOrigin, RunProgress } from '../../../contract/active-runs.ts';

/** A heap id short enough for a table, still unique in practice. */
export const shortHeap = (heap: string) => (heap === 'root' ? 'root' : heap.slice(0, 10));

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** "12:03:04" today, "2026-11-20 12:03" on another day. */
export function formatTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  const time = date.toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  return sameDay ? time : `${date.toISOString().slice(0, 10)} ${time.slice(0, 5)}`;
}

export const formatMs = (ms: number) => (ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`);

/**
 * A duration in the unit that reads best, to two or three figures: "850 µs", "2.5 ms", "12 ms",
 * "1.2 s", "3 min 05 s". Rounded first, so 999.7 ms reads "1.0 s", not "1000 ms".
 */
export function formatDuration(ms: number): string {
  const micros = Math.round(ms * 1000);
  if (micros < 1000) return `${Math.max(0, micros)} µs`;
  if (ms < 9.95) return `${ms.toFixed(1)} ms`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  return minutesAndSeconds(Math.round(ms / 1000));
}

/** "1 run", "2 runs". */
export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Console lines as a run shows them: plain logs as they are, other levels tagged. */
export const consoleText = (lines: { level: string; text: string }[]) =>
  lines
    .map((line) => (line.level === 'log' ? line.text : `[${line.level}] ${line.text}`))
    .join('\n');

/** How long something has been going, ticking in tenths: "0.4 s", "12.0 s", "3 min 05 s". */
export function formatElapsed(sinceIso: string, now: number): string {
  const seconds = Math.max(0, (now - Date.parse(sinceIso)) / 1000);
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return minutesAndSeconds(Math.floor(seconds));
}

/** "3 min 05 s", from whole seconds. */
const minutesAndSeconds = (seconds: number) =>
  `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;

/** A run's progress as its code reported it: "3 of 10 · parsing", "3 · parsing", "3 of 10". */
export function progressText({ done, total, message }: RunProgress): string {
  const count = total === undefined ? `${done}` : `${done} of ${total}`;
  return message ? `${count} · ${message}` : count;
}

/** Who asked for a run, as a person reads it. */
export function originLabel(origin: RunOrigin | undefined): string {
  switch (origin?.kind) {
    case 'client':
      return origin.client ?? `connection ${origin.connection}`;
    case 'window':
      return 'the window';
    case 'api':
      return 'the JSON API';
    default:
      return 'a client';
  }
}
