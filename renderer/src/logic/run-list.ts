import type { RunRecord } from '../../../contract/run-record.ts';

/**
 * A session's runs, oldest first, with the runs from the editor that answered but are not in the
 * list yet (it follows the server's events a moment later) added at the end, each once.
 */
export function withRunsFromHere(
  runs: readonly RunRecord[],
  fromHere: readonly RunRecord[],
): RunRecord[] {
  const listed = new Set(runs.map((run) => run.id));
  return [...runs, ...fromHere.filter((run) => !listed.has(run.id))];
}
