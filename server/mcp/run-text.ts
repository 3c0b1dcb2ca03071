import { errorText } from '../../contract/run-errors.ts';
import type { RunJsOutput } from './tool-schemas.ts';

/**
 * A run as a model reads it best: console lines (level-tagged unless plain log), then the value
 * or the error, then where the session now is.
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
  const state = run.ok ? `heap ${run.heap}` : `unchanged at heap ${run.heap}`;
  lines.push(`[session ${run.session}, ${state}]`);
  return lines.join('\n');
}
