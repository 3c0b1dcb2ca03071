import type { DesktopEvent } from '../../contract/desktop-api.ts';
import type { DesktopClient } from '../../contract/desktop-client.ts';
import { httpDesktopClient } from '../../contract/http-desktop-client.ts';
import type { SupervisorState } from '../supervisor/server-supervisor.ts';

/** How long to wait before subscribing again after the `attempt`th drop in a row. */
export const resubscribeBackoffMs = (attempt: number): number =>
  Math.min(250 * 2 ** (attempt - 1), 10_000);

interface Line {
  client: DesktopClient;
  url: string;
  unsubscribe: () => void;
  retry?: ReturnType<typeof setTimeout>;
  /** Drops in a row without an event between them. */
  drops: number;
  /** Subscribed again after a drop: what changed meanwhile is not known yet. */
  resumed?: boolean;
}

/**
 * The main process's line to the supervised server: an admin client for wherever the server
 * last said it listens, subscribed to its events. Every announcement brings a new client (after
 * a move from Settings the old address answers nothing); only a new process needs the window to
 * load its state afresh. An event stream that drops while the same server runs is subscribed
 * again with backoff; the server opens every stream with its status, and the link then says the
 * sessions and clients may have changed, so the tray and the window read them again.
 */
export class ServerLink {
  private current: Line | undefined;

  private readonly onEvent: (event: DesktopEvent) => void;
  private readonly backoffMs: (attempt: number) => number;

  constructor(onEvent: (event: DesktopEvent) => void, backoffMs = resubscribeBackoffMs) {
    this.onEvent = onEvent;
    this.backoffMs = backoffMs;
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
    const line: Line = {
      client: httpDesktopClient(state.url, state.adminToken),
      url: state.url,
      unsubscribe: () => undefined,
      drops: 0,
    };
    this.current = line;
    this.subscribe(line);
    return { reload: state.movedFrom === undefined };
  }

  close(): void {
    if (!this.current) return;
    clearTimeout(this.current.retry);
    this.current.unsubscribe();
    this.current = undefined;
  }

  private subscribe(line: Line): void {
    line.unsubscribe = line.client.subscribe(
      (event) => {
        line.drops = 0;
        this.onEvent(event);
        if (line.resumed) {
          line.resumed = false;
          this.onEvent({ type: 'sessions-changed' });
          this.onEvent({ type: 'clients-changed' });
          this.onEvent({ type: 'upstreams-changed' });
        }
      },
      () => {
        // A stream of a server since replaced or stopped is followed by the supervisor instead.
        if (this.current !== line) return;
        line.drops += 1;
        line.resumed = true;
        line.retry = setTimeout(() => {
          if (this.current === line) this.subscribe(line);
        }, this.backoffMs(line.drops));
      },
    );
  }
}
