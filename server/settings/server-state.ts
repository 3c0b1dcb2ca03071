import type { Settings } from '../../contract/settings-registry.ts';

/** What every client hears while the server is stopped, on every transport. */
export const SERVER_STOPPED =
  'MCP Isolate is stopped: start it from its window (Server, Start server)';

/**
 * What can change while the server runs: its settings, whether MCP is switched on, and the latest
 * problem met in the background. One owner changes it, through these methods; the rest read it
 * and hear of each change.
 */
export class ServerState {
  private current: Settings;
  private running = true;
  private lastProblem: string | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(settings: Settings) {
    this.current = settings;
  }

  get settings(): Settings {
    return this.current;
  }

  /** Off: the MCP routes answer 503 and MCP connections are closed; the admin API stays. */
  get mcpRunning(): boolean {
    return this.running;
  }

  /** The latest problem the server met in the background (a snapshot failed…), in plain words. */
  get problem(): string | undefined {
    return this.lastProblem;
  }

  setSettings(settings: Settings): void {
    this.current = settings;
    this.changed();
  }

  setMcpRunning(running: boolean): void {
    this.running = running;
    this.changed();
  }

  /** The problem, with the time it was met, replaces the one before. */
  reportProblem(problem: string): void {
    this.lastProblem = `${new Date().toISOString().slice(11, 19)} ${problem}`;
    this.changed();
  }

  /** Calls `listener` after every change, until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
