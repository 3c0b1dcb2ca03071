import type { SnapshotOutcome, SnapshotReply, SnapshotTask } from '../sandbox/protocol.ts';
import { forkSandbox } from './sandbox-process.ts';

const MAKER_PATH = new URL('../sandbox/snapshot-maker.ts', import.meta.url);

/** Makes one snapshot in its own process; aborting `signal` kills it. */
export function snapshotInProcess(
  job: SnapshotTask,
  signal: AbortSignal,
): Promise<SnapshotOutcome> {
  return new Promise((resolve, reject) => {
    const child = forkSandbox(MAKER_PATH);
    let reply: SnapshotReply | undefined;
    const kill = () => child.kill('SIGKILL');
    // The maker kills itself at its deadline; this is the backstop should it not.
    const timer = setTimeout(kill, job.deadlineMs + 5000);
    signal.addEventListener('abort', kill, { once: true });
    child.once('message', (message: SnapshotReply) => {
      reply = message;
    });
    child.once('exit', (code, signal_) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', kill);
      if (reply?.ok) return resolve(reply.outcome);
      if (reply)
        return reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      const why = signal.aborted
        ? 'the engine is closing'
        : `the snapshot process exited (${signal_ ?? `code ${code}`}) before it finished (deadline ${job.deadlineMs} ms)`;
      reject(new Error(`no snapshot of ${job.heap}: ${why}`));
    });
    child.send(job);
  });
}
