import type { DesktopApi, DesktopEvent, SessionView, Status } from '../../contract/desktop-api.ts';
import type { Settings } from '../../contract/setting-definitions.ts';
import type { ServerState } from '../app/server-state.ts';
import type { Engine } from '../engine/engine.ts';
import { SERVER_VERSION } from '../mcp/mcp-server.ts';
import { validateSettings } from '../settings/resolve-settings.ts';
import type { McpContext } from '../transports/mcp-connection.ts';
import { RunHistory } from './run-history.ts';

export interface AdminDeps {
  engine: Engine;
  context: McpContext;
  state: ServerState;
  dataDir: string;
  /** The HTTP base URL, when listening. */
  url: () => string | undefined;
  /** The command a client runs to reach this server over stdio. */
  stdioCommand: string[];
  /** Saves settings the GUI changed, for the next start. */
  saveSettings: (settings: Settings) => Promise<void>;
  /** Moves the HTTP listener (throws a clear error when the address cannot be had). */
  relisten: (host: string, port: number) => Promise<void>;
}

export type AdminService = DesktopApi & {
  subscribe(listener: (event: DesktopEvent) => void): () => void;
  /** A problem met in the background: the status shows it until the next one. */
  reportProblem(problem: string): void;
  close(): void;
};

/** The DesktopApi, implemented once over the running server; refusals throw EngineError. */
export function createAdminService(deps: AdminDeps): AdminService {
  const { engine, context, state } = deps;
  const history = new RunHistory(engine.store.layout.sessions);
  const listeners = new Set<(event: DesktopEvent) => void>();
  const emit = (event: DesktopEvent) => {
    for (const listener of listeners) listener(event);
  };
  const status = (): Status => {
    const url = deps.url();
    return {
      running: state.mcpRunning,
      version: SERVER_VERSION,
      dataDir: deps.dataDir,
      endpoints: {
        ...(url && { streamableHttp: `${url}/mcp`, sse: `${url}/sse` }),
        stdioCommand: deps.stdioCommand,
      },
      counts: {
        connections: context.connections.list().length,
        sessions: engine.listSessions().length,
        messages: context.messages.size,
      },
      ...(state.problem && { error: state.problem }),
    };
  };
  const unsubscribers = [
    engine.subscribe((event) => {
      if (event.type === 'run') {
        void history.record(event.code, event.at, event.result).then((run) => {
          emit({ type: 'run', session: event.result.session, run });
          emit({ type: 'sessions-changed' });
        });
      } else {
        if (event.type === 'session-deleted') history.forget(event.session);
        emit({ type: 'sessions-changed' });
      }
    }),
    context.connections.subscribe((event) => {
      if (event.type === 'connection-closed') emit({ type: 'connection-closed', id: event.id });
      else emit({ type: 'connection', connection: event.connection });
    }),
    context.messages.subscribe((message) => emit({ type: 'message', message })),
  ];
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportProblem(problem) {
      state.problem = `${new Date().toISOString().slice(11, 19)} ${problem}`;
      emit({ type: 'status', status: status() });
    },
    close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      listeners.clear();
    },
    getStatus: async () => status(),
    async setServerRunning({ running }) {
      state.mcpRunning = running;
      // Stopping ends the MCP connections; sessions stay, and the GUI can browse them.
      if (!running) await context.connections.closeAll();
      const now = status();
      emit({ type: 'status', status: now });
      return now;
    },
    getSettings: async () => state.settings,
    async updateSettings({ settings: changes }) {
      const merged = { ...state.settings, ...changes };
      const { settings, problems } = validateSettings(merged);
      if (!settings) return { problems };
      if (settings.host !== state.settings.host || settings.port !== state.settings.port) {
        try {
          await deps.relisten(settings.host, settings.port);
        } catch (error) {
          const key = settings.port !== state.settings.port ? 'port' : 'host';
          return { problems: [{ key, message: `${key}: ${(error as Error).message}` }] };
        }
      }
      engine.setLimits(settings);
      context.connections.configure(settings);
      state.settings = settings;
      await deps.saveSettings(settings);
      emit({ type: 'status', status: status() });
      return { settings, problems: [], url: deps.url() };
    },
    listConnections: async () => ({ connections: context.connections.list() }),
    async listSessions() {
      // One read of the snapshot folder, not a file check per heap: this runs after every run.
      const present = await engine.store.snapshotHeaps();
      const sessions: SessionView[] = engine.listSessions().map((session) => ({
        ...session,
        snapshots:
          engine.store.get(session.name)?.snapshots.filter(({ heap }) => present.has(heap))
            .length ?? 0,
      }));
      return { sessions };
    },
    listRuns: async ({ session }) => ({ runs: await history.list(session) }),
    listHeaps: async ({ session }) => ({ heaps: await engine.history(session) }),
    forkSession: (input) => engine.fork(input),
    async deleteSession({ session }) {
      await engine.deleteSession(session);
      return {};
    },
    inspectHeap: (input) => engine.inspectHeap(input),
    exportHeap: async ({ heap }) => ({
      fileName: `mcp-isolate-heap-${heap.slice(0, 12)}.jsonl`,
      journal: await engine.exportHeap(heap),
    }),
    listMessages: async (range) => context.messages.page(range),
    async clearMessages() {
      context.messages.clear();
      emit({ type: 'messages-cleared' });
      return {};
    },
  };
}
