import type { DesktopApi, DesktopEvent } from './desktop-api.ts';

/** What the GUI talks to: the DesktopApi and its event stream, over HTTP or Electron IPC. */
export type DesktopClient = DesktopApi & {
  /** Calls `listener` with every event until the returned function is called. */
  subscribe(listener: (event: DesktopEvent) => void, onError: (error: Error) => void): () => void;
};
