import type { RunJsOutput } from './tool-schemas.ts';

/**
 * A run as a model reads it best: console lines (level-tagged unless plain log), then the value
 * or the error, then where the session now is.
 */
export function runText(run: RunJsOutput): string {
  const lines = run.console.map((line) =>
    line.level === 'log' ? line.text : `[${line.level}] ${line.text}`,
  );
  if (run.error) {
    lines.push(run.error.stack ?? `${run.error.name}: ${run.error.message}`);
    if (run.error.stack && !run.error.stack.includes(run.error.message)) {
      lines.push(run.error.message);
    }
  } else {
    lines.push(run.value ?? 'undefined');
  }
  if (run.cancelledTimers.length > 0 || run.moreCancelledTimers) {
    const kinds = run.cancelledTimers.map((timer) => `${timer.kind}(${timer.delay} ms)`);
    if (run.moreCancelledTimers) kinds.push(`and ${run.moreCancelledTimers} more`);
    lines.push(`(pending timers cancelled at the end of the run: ${kinds.join(', ')})`);
  }
  const state = run.ok ? `heap ${run.heap}` : `unchanged at heap ${run.heap}`;
  lines.push(`[session ${run.session}, ${state}]`);
  return lines.join('\n');
}
