// How the HTTP server learns it must stop: from a signal, or from the app that supervises it.

import { SHUTDOWN_MESSAGE } from '../../contract/server-process.ts';

/**
 * Resolves with the reason once this process is asked to stop: SIGINT or SIGTERM, or, when an app
 * started it with an IPC channel, that app's shutdown message or the channel closing. A crashed or
 * force-quit app closes the channel, so its server does not outlive it holding the port and the
 * data directory; and a message, unlike SIGTERM, is not a hard kill on Windows.
 */
export function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    // Once each: a second Ctrl-C while shutting down kills at once, as Node does by default.
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (!process.send) return;
    process.on('message', (message: { type?: unknown } | null) => {
      if (message?.type === SHUTDOWN_MESSAGE.type) resolve('asked to stop by its app');
    });
    const appGone = () => {
      // The app held the other end of stderr too: a write there must not end the shutdown.
      process.stderr.on('error', () => undefined);
      resolve('its app is gone');
    };
    if (process.connected) process.once('disconnect', appGone);
    else appGone();
  });
}
