import { useEffect, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { HeapSummary, RunRecord, SessionSummary } from '../../../contract/server-types.ts';

export interface SessionDetailData {
  runs: RunRecord[];
  heaps: HeapSummary[];
  /** Why loading or an action failed, in the server's words. */
  problem?: string;
  setProblem: (problem: string | undefined) => void;
}

/** A session's runs and heaps, loaded again after each run, change and new snapshot. */
export function useSessionDetail(
  client: DesktopClient,
  session: SessionSummary,
  runVersion: number,
): SessionDetailData {
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [heaps, setHeaps] = useState<HeapSummary[]>([]);
  const [problem, setProblem] = useState<string>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs, changes and new snapshots say when to reload
  useEffect(() => {
    Promise.all([
      client.listRuns({ session: session.name }),
      client.listHeaps({ session: session.name }),
    ]).then(
      ([loadedRuns, loadedHeaps]) => {
        setRuns(loadedRuns.runs);
        setHeaps(loadedHeaps.heaps);
      },
      (error: Error) => setProblem(error.message),
    );
  }, [client, session.name, session.updatedAt, session.snapshots, runVersion]);

  return { runs, heaps, problem, setProblem };
}
