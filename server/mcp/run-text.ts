import { errorText } from '../../contract/run-errors.ts';
import type { RunFiles } from '../../contract/session-files.ts';
import type { RunJsOutput } from './tool-schemas.ts';

/** File changes the text names at most; the rest are counted (the links and the result list them). */
const MAX_CHANGES_NAMED = 10;

/**
 * A run as a model reads it best: console lines (level-tagged unless plain log), then the value
 * or the error, then what it did to files and showed, then where the session now is.
 */
export function runText(run: RunJsOutput): string {
  const lines = run.console.map((line) =>
    line.level === 'log' ? line.text : `[${line.level}] ${line.text}`,
  );
  lines.push(run.error ? errorText(run.error) : (run.value ?? 'undefined'));
  if (run.cancelledTimers.length > 0 || run.moreCancelledTimers) {
    const kinds = run.cancelledTimers.map((timer) => `${timer.kind}(${timer.delay} ms)`);
    if (run.moreCancelledTimers) kinds.push(`and ${run.moreCancelledTimers} more`);
    lines.push(`(pending timers cancelled at the end of the run: ${kinds.join(', ')})`);
  }
  if (run.files) lines.push(...filesLines(run.files));
  const state = run.ok ? `heap ${run.heap}` : `unchanged at heap ${run.heap}`;
  lines.push(`[session ${run.session}, ${state}]`);
  return lines.join('\n');
}

/** "Files: created /work/a.csv (12 bytes), deleted /work/old" and "Shown: /display/1.png (image/png)". */
function filesLines({ changed, shown }: RunFiles): string[] {
  const lines: string[] = [];
  if (changed.length > 0) {
    const named = changed.slice(0, MAX_CHANGES_NAMED).map((change) => {
      const what = change.kind === 'dir' ? `${change.change} folder` : change.change;
      const size =
        change.kind === 'file' && change.change !== 'deleted' ? ` (${change.size} bytes)` : '';
      return `${what} ${change.path}${size}`;
    });
    const more = changed.length - named.length;
    lines.push(`Files: ${named.join(', ')}${more > 0 ? `, and ${more} more` : ''}`);
  }
  if (shown.length > 0) {
    const items = shown.map((item) => `${item.path} (${item.mimeType}, ${item.size} bytes)`);
    lines.push(`Shown: ${items.join(', ')}`);
  }
  return lines;
}
