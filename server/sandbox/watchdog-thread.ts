// The thread of startWatchdog (watchdog.ts), which runs while the main thread may be blocked.
import { workerData } from 'node:worker_threads';
import { processAlive } from '../store/process-alive.ts';
import { killSelf, type WatchdogData } from './watchdog.ts';

/** How soon a gone server is noticed. */
const CHECK_EVERY_MS = 100;

const { server, deadlineMs } = workerData as WatchdogData;

// A gone server's children are handed to another parent at once on Linux and macOS, even while
// it is still a zombie (which a signal still reaches); on Windows the parent id stays, and the
// process it names has ended.
const serverGone = () => process.ppid !== server || !processAlive(server);

setInterval(() => {
  if (serverGone()) killSelf();
}, CHECK_EVERY_MS);
setTimeout(killSelf, deadlineMs);
