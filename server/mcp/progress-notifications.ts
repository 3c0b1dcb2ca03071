import type { ProgressNotification, ProgressToken } from '@modelcontextprotocol/server';
import type { RunProgress } from '../../contract/active-runs.ts';

/**
 * The `notifications/progress` of one tools/call that carried a progressToken: a run's progress
 * as the spec wants it. Its value must increase with each notification, so a progress whose
 * `done` is not above the last one sent is dropped (a run that counts down, or that reports the
 * same count with a new message, is seen at its highest count); none is sent once the call has
 * answered (`close`). `close` settles once every notification sent is written: the call's answer
 * waits for it, since a client drops progress that comes after the answer.
 */
export function progressNotifier(
  progressToken: ProgressToken,
  send: (notification: ProgressNotification) => unknown,
): { onProgress: (progress: RunProgress) => void; close: () => Promise<void> } {
  let last = -1;
  let closed = false;
  let written: Promise<unknown> = Promise.resolve();
  return {
    onProgress: ({ done, total, message }) => {
      if (closed || done <= last) return;
      last = done;
      const sending = send({
        method: 'notifications/progress',
        params: {
          progressToken,
          progress: done,
          ...(total !== undefined && { total }),
          ...(message !== undefined && { message }),
        },
      });
      // A notification that cannot be written (the client went) holds nothing up.
      written = Promise.all([written, Promise.resolve(sending).catch(() => undefined)]);
    },
    close: async () => {
      closed = true;
      await written;
    },
  };
}
