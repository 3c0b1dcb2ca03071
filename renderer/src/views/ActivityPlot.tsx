import type { RunActivity } from '../../../contract/run-activity.ts';
import { activityAt } from '../../../contract/run-activity.ts';
import { useNow } from '../app/use-now.ts';
import { activityPlot } from '../logic/plot.ts';
import { Plot } from './Plot.tsx';

/**
 * The server's runs and failures per second over the last minutes: live with each run (a new
 * status), and moving on with the clock while no run comes.
 */
export function ActivityPlot({ activity }: { activity: RunActivity }) {
  const now = useNow(activity.intervalMs);
  return (
    <div className="plots">
      <Plot title="Runs per second" data={activityPlot(activityAt(activity, now))} />
    </div>
  );
}
