/** Where the app's own update stands, as the tray shows it. */
export type UpdateState =
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'up-to-date' }
  | { phase: 'downloading'; percent: number; version?: string }
  | { phase: 'ready'; version: string }
  | { phase: 'failed'; reason: string };

/** What the updater reports, in the order it does. */
export type UpdateEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'failed'; reason: string };

export const NO_UPDATE: UpdateState = { phase: 'idle' };

/** A check or a download is under way: another check would only repeat it. */
export const updateBusy = (state: UpdateState): boolean =>
  state.phase === 'checking' || state.phase === 'downloading';

/**
 * The state after an event. A downloaded update stays ready until the app restarts into it, or
 * its install fails (no check runs meanwhile, so a failure then is the install's).
 */
export function nextUpdateState(state: UpdateState, event: UpdateEvent): UpdateState {
  if (state.phase === 'ready' && event.type !== 'failed') return state;
  switch (event.type) {
    case 'checking':
      return { phase: 'checking' };
    case 'available':
      return { phase: 'downloading', percent: 0, version: event.version };
    case 'not-available':
      return { phase: 'up-to-date' };
    case 'progress':
      return {
        phase: 'downloading',
        percent: event.percent,
        ...(state.phase === 'downloading' && state.version && { version: state.version }),
      };
    case 'downloaded':
      return { phase: 'ready', version: event.version };
    case 'failed':
      return { phase: 'failed', reason: event.reason };
  }
}
