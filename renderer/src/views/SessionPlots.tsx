import type { RunRecord } from '../../../contract/run-record.ts';
import { heapPlot, runTimePlot } from '../logic/plot.ts';
import { Plot } from './Plot.tsx';

/** A session's heap size and run time over its recent runs, side by side where there is room. */
export function SessionPlots({ runs }: { runs: readonly RunRecord[] }) {
  const heap = heapPlot(runs);
  const time = runTimePlot(runs);
  if (!heap && !time) return null;
  return (
    <div className="plots" data-testid="session-plots">
      {heap && <Plot title="Heap size" data={heap} />}
      {time && <Plot title="Run time" data={time} />}
    </div>
  );
}
