import type { DesktopEvent } from '../../contract/desktop-api.ts';
import type { DesktopClient } from '../../contract/desktop-client.ts';
import { httpDesktopClient } from '../../contract/http-desktop-client.ts';
import type { SupervisorState } from '../supervisor/server-supervisor.ts';

/**
 * The main process's line to the supervised server: an admin client for wherever the server
 * last said it listens, subscribed to its events. Every announcement brings a new client (after
 * a move from Settings the old address answers nothing); only a new process needs the window to
 * load its state afresh.
 */
export class ServerLink {
  private current: { client: DesktopClient; url: string; unsubscribe: () => void } | undefined;

  private readonly onEvent: (event: DesktopEvent) => void;

  constructor(onEvent: (event: DesktopEvent) => void) {
    this.onEvent = onEvent;
  }

  get client(): DesktopClient | undefined {
    return this.current?.client;
  }

  get url(): string | undefined {
    return this.current?.url;
  }

  /** Follows the supervisor; says whether the window should reload (a new server process). */
  follow(state: SupervisorState): { reload: boolean } {
    this.close();
    if (state.phase !== 'running') return { reload: false };
    const client = httpDesktopClient(state.url, state.adminToken);
    // A dropped event stream is followed by the next announcement or crash.
    const unsubscribe = client.subscribe(this.onEvent, () => undefined);
    this.current = { client, url: state.url, unsubscribe };
    return { reload: state.movedFrom === undefined };
  }

  close(): void {
    this.current?.unsubscribe();
    this.current = undefined;
  }
}
