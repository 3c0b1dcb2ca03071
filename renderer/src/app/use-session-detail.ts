import { useEffect, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { RunRecord } from '../../../contract/run-record.ts';
import type { HeapSummary, SessionPackage, SessionSummary } from '../../../contract/sessions.ts';

export interface SessionDetailData {
  runs: RunRecord[];
  heaps: HeapSummary[];
  /** The packages its lockfile pins. */
  packages: SessionPackage[];
  /** Why loading or an action failed, in the server's words. */
  problem?: string;
  setProblem: (problem: string | undefined) => void;
}

/** A session's runs, heaps and pinned packages, loaded again after each run, change and new snapshot. */
export function useSessionDetail(
  client: DesktopClient,
  session: SessionSummary,
  runVersion: number,
): SessionDetailData {
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [heaps, setHeaps] = useState<HeapSummary[]>([]);
  const [packages, setPackages] = useState<SessionPackage[]>([]);
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
    // Apart, so a lockfile that cannot be read still leaves the runs and heaps to see.
    client.listPackages({ session: session.name }).then(
      (loaded) => setPackages(loaded.packages),
      (error: Error) => setProblem(error.message),
    );
  }, [client, session.name, session.updatedAt, session.heapsWithSnapshot, runVersion]);

  return { runs, heaps, packages, problem, setProblem };
}
