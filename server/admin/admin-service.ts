import type {
  DesktopApi,
  DesktopEvent,
  DesktopOutputs,
  Status,
} from '../../contract/desktop-api.ts';
import { activityAt, countActivity, noActivity } from '../../contract/run-activity.ts';
import { type RunRecord, runRecordOf } from '../../contract/run-record.ts';
import type { RunReport } from '../../contract/run-report.ts';
import { countRun, NO_RUNS, type RunStats } from '../../contract/run-stats.ts';
import type { Settings } from '../../contract/settings-registry.ts';
import { CLIENT_KINDS } from '../clients/client-kinds.ts';
import { clientLinks } from '../clients/client-links.ts';
import { type ClientHost, thisHost } from '../clients/client-places.ts';
import { readClientServers, withImported } from '../clients/client-servers.ts';
import { CLOSE_REASONS, type ConnectionRegistry } from '../connections/connection-registry.ts';
import type { Engine } from '../engine/engine.ts';
import { EngineError } from '../engine/engine-error.ts';
import type { MessageLog } from '../messages/message-log.ts';
import type { RefusalLog } from '../messages/refusal-log.ts';
import { SERVER_VERSION } from '../server-version.ts';
import { validateSettings } from '../settings/resolve-settings.ts';
import type { ServerState } from '../settings/server-state.ts';
import type { UpstreamManager } from '../upstream/upstream-manager.ts';
import { maskSecrets, unmaskSecrets } from './secret-settings.ts';

export interface AdminDeps {
  engine: Engine;
  connections: ConnectionRegistry;
  messages: MessageLog;
  refusals: RefusalLog;
  /** The server's state; the service is the one that changes it, and the rest follow it. */
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
  /** Makes, keeps and returns a new admin token; the old one is refused from then on. */
  renewAdminToken: () => Promise<string>;
  /** The user's other MCP servers, which runs call. */
  upstreams: UpstreamManager;
  /** Where the user's MCP clients keep their config: this process's home and platform by default. */
  clientHost?: ClientHost;
}

export type AdminService = DesktopApi & {
  subscribe(listener: (event: DesktopEvent) => void): () => void;
  close(): void;
};

/** A burst of upstream changes (a start, its listing, calls) is told once this soon after its first. */
const UPSTREAMS_CHANGED_MS = 100;

/**
 * The DesktopApi, implemented once over the running server; refusals throw EngineError, or
 * ClientConfigError for a client's config file.
 */
export function createAdminService(deps: AdminDeps): AdminService {
  const { engine, connections, messages, state, upstreams } = deps;
  const listeners = new Set<(event: DesktopEvent) => void>();
  const emit = (event: DesktopEvent) => {
    for (const listener of listeners) listener(event);
  };
  // The figures of the runs since the server started, and each session's newest heap size.
  let runStats: RunStats = NO_RUNS;
  let runActivity = noActivity(Date.now());
  // Each report's record, for the window's runCode, which has the report and not the run.
  const recordOf = new WeakMap<RunReport, RunRecord>();
  const heapBytes = new Map<string, number>();
  const clientHost = deps.clientHost ?? thisHost();
  const clients = clientLinks(clientHost, () => deps.stdioCommand);
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
        connections: connections.list().length,
        sessions: engine.listSessions().length,
        messages: messages.size,
      },
      ...(state.problem && { error: state.problem }),
      runStats: { ...runStats, ...(heapBytes.size > 0 && { heapBytes: sum(heapBytes.values()) }) },
      runActivity: activityAt(runActivity, Date.now()),
      memoryLimitBytes: engine.limits.memoryMb * 1024 * 1024,
      unnamedRetentionMs: state.settings.unnamedRetentionMs,
    };
  };
  let upstreamsTimer: NodeJS.Timeout | undefined;
  const upstreamsChanged = () => {
    upstreamsTimer ??= setTimeout(() => {
      upstreamsTimer = undefined;
      emit({ type: 'upstreams-changed' });
    }, UPSTREAMS_CHANGED_MS);
  };
  const unsubscribers = [
    upstreams.subscribe(upstreamsChanged),
    state.subscribe(() => emit({ type: 'status', status: status() })),
    engine.subscribe((event) => {
      if (event.type === 'run-started') {
        emit({ type: 'run-started', run: event.run });
      } else if (event.type === 'run-progress' && event.run.progress) {
        emit({ type: 'run-progress', id: event.run.id, progress: event.run.progress });
      } else if (event.type === 'run-refused') {
        emit({ type: 'run-refused', id: event.run.id });
      } else if (event.type === 'run') {
        const { session } = event.result;
        const run = runRecordOf(event.run, event.result);
        recordOf.set(event.result, run);
        // Counted before the run's caller has its answer, so a status read after that includes it.
        runStats = countRun(runStats, run);
        runActivity = countActivity(runActivity, Date.now(), run);
        if (run.heapBytes !== undefined) heapBytes.set(session, run.heapBytes);
        void engine.recordRun(session, run).then(() => {
          emit({ type: 'run', session, run });
          emit({ type: 'sessions-changed' });
          emit({ type: 'status', status: status() });
        });
      } else {
        if (event.type === 'session-deleted') heapBytes.delete(event.session);
        if (event.type === 'session-renamed') {
          const bytes = heapBytes.get(event.from);
          heapBytes.delete(event.from);
          if (bytes !== undefined) heapBytes.set(event.to, bytes);
          // A client whose runs without a name went to it goes on there, under its new name.
          connections.sessionRenamed(event.from, event.to);
        }
        emit({ type: 'sessions-changed' });
      }
    }),
    connections.subscribe((event) => {
      const { connection } = event;
      if (event.type === 'connection-closed') {
        emit({ type: 'connection-closed', id: connection.id, connection });
      } else emit({ type: 'connection', connection });
    }),
    messages.subscribe((message) => emit({ type: 'message', message })),
    deps.refusals.subscribe((refusal) => emit({ type: 'refusal', refusal })),
  ];
  /** The settings saves in turn: each builds its settings from those the one before saved, since a
   *  save may wait (to listen elsewhere) and one built meanwhile would write over it. */
  let saving: Promise<unknown> = Promise.resolve();
  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const done = saving.then(work, work);
    saving = done.catch(() => undefined);
    return done;
  }
  /** Checks and takes settings changed in the window (nothing is taken on a problem), and saves them. */
  async function save(
    merged: Settings,
    notices: string[],
  ): Promise<DesktopOutputs['updateSettings']> {
    const url = deps.url();
    const { settings, problems } = validateSettings(merged, {
      // The port listened on, which a `port` of 0 does not say (the server is plain http).
      ...(url && { port: Number(new URL(url).port || 80) }),
      stdioCommand: deps.stdioCommand,
    });
    if (!settings) return { problems };
    if (settings.host !== state.settings.host || settings.port !== state.settings.port) {
      try {
        await deps.relisten(settings.host, settings.port);
      } catch (error) {
        const key = settings.port !== state.settings.port ? ('port' as const) : ('host' as const);
        return { problems: [{ key, message: `${key}: ${(error as Error).message}` }] };
      }
    }
    // The engine and the connections follow the state (settings/follow-settings.ts).
    state.setSettings(settings);
    await deps.saveSettings(settings);
    return {
      settings: maskSecrets(settings),
      problems: [],
      ...(notices.length > 0 && { notices }),
      url: deps.url(),
    };
  }
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      clearTimeout(upstreamsTimer);
      listeners.clear();
    },
    getStatus: async () => status(),
    async setServerRunning({ running }) {
      state.setMcpRunning(running);
      // Stopping ends the MCP connections; sessions stay, and the GUI can browse them.
      if (!running) {
        await connections.closeAll(CLOSE_REASONS.stopped);
        emit({ type: 'status', status: status() });
      }
      return status();
    },
    getSettings: async () => maskSecrets(state.settings),
    updateSettings: ({ settings: masked }) =>
      inTurn(async () => {
        const { changes, problems, notices } = unmaskSecrets(masked, state.settings);
        if (problems.length > 0) return { problems };
        return save({ ...state.settings, ...changes }, notices);
      }),
    listConnections: async () => ({
      connections: connections.list(),
      closed: connections.closed(),
    }),
    disconnect: async ({ id }) => ({
      disconnected: await connections.disconnect(id, CLOSE_REASONS.disconnected),
    }),
    async renewAdminToken() {
      const token = await deps.renewAdminToken();
      // Event streams opened with the old token end at their next event: this one.
      emit({ type: 'status', status: status() });
      return { token };
    },
    listSessions: async () => ({ sessions: engine.listSessions() }),
    // What recordRun was given above: runRecordOf's records.
    listRuns: async ({ session }) => ({ runs: (await engine.runs(session)) as RunRecord[] }),
    listHeaps: async ({ session }) => ({ heaps: await engine.history(session) }),
    listPackages: async ({ session }) => ({ packages: await engine.packages(session) }),
    forkSession: (input) => engine.fork(input),
    keepSessionSnapshot: ({ session }) => engine.keepSnapshot(session),
    renameSession: ({ session, to }) => engine.renameSession(session, to),
    async deleteSession({ session }) {
      await engine.deleteSession(session);
      return {};
    },
    inspectHeap: (input) => engine.inspectHeap(input),
    exportHeap: async ({ heap }) => ({
      fileName: `mcp-isolate-heap-${heap.slice(0, 12)}.jsonl`,
      journal: await engine.exportHeap(heap),
    }),
    listFiles: (query) => engine.listFiles(query),
    async readFile(query) {
      const { heap, info, bytes } = await engine.readFile(query);
      return { heap, file: info, base64: bytes.toString('base64') };
    },
    async uploadFiles({ session, files }) {
      if (Object.keys(files).length === 0)
        throw new EngineError('invalid_files', 'no files to upload');
      // A name holding a line break must not end the comment: those are written as escapes.
      const names = Object.keys(files)
        .join(', ')
        .replace(
          /[\n\r\u2028\u2029]/g,
          (end) => `\\u${end.charCodeAt(0).toString(16).padStart(4, '0')}`,
        );
      const code = `// uploaded ${names.length > 200 ? `${names.slice(0, 199)}…` : names}`;
      const result = await engine.run({ code, session, files }, { origin: { kind: 'window' } });
      const run = recordOf.get(result);
      if (!run) throw new Error('the run ended without its record');
      return { session: result.session, run };
    },
    listMessages: async (range) => messages.page(range),
    listRefusals: async () => ({ refusals: deps.refusals.list() }),
    listActiveRuns: async () => ({ runs: engine.activeRuns() }),
    cancelRun: async ({ id }) => ({ cancelled: engine.cancelRun(id) }),
    async runCode({ code, session, heap }) {
      const result = await engine.run({ code, session, heap }, { origin: { kind: 'window' } });
      // The engine told of the run (and it was recorded above) before it answered.
      const run = recordOf.get(result);
      if (!run) throw new Error('the run ended without its record');
      return { session: result.session, run };
    },
    listClients: async () => ({ clients: await clients.list() }),
    // The window and the tray both show the clients: each hears of the other's change.
    async connectClient({ client }) {
      const change = await clients.connect(client);
      emit({ type: 'clients-changed' });
      return change;
    },
    async disconnectClient({ client }) {
      const change = await clients.disconnect(client);
      emit({ type: 'clients-changed' });
      return change;
    },
    listUpstreams: async ({ start }) => ({
      servers: start ? await upstreams.startedStates() : upstreams.states(),
    }),
    restartUpstream: async ({ name }) => ({ restarted: await upstreams.restart(name) }),
    tryUpstreamTool: ({ name, tool, arguments: args }) => upstreams.tryTool(name, tool, args),
    listImportableServers: async () => ({
      clients: (await readClientServers(clientHost, deps.stdioCommand)).map((found) => ({
        ...found,
        // Each server as the window may see it: its secrets' names, never their values.
        servers: found.servers.map(({ config: _, ...server }) => ({
          ...server,
          taken: Object.hasOwn(state.settings.mcpServers, server.name),
        })),
      })),
    }),
    async importMcpServers({ client, names }) {
      // Read again here: the window names the servers, their secrets never pass through it.
      const found = (await readClientServers(clientHost, deps.stdioCommand)).find(
        (servers) => servers.client === client,
      );
      const problem = found
        ? found.problem
        : `${CLIENT_KINDS[client].name} is not installed for this user`;
      if (!found || problem !== undefined) {
        return { imported: [], problems: [{ key: 'mcpServers', message: problem ?? '' }] };
      }
      return inTurn(async () => {
        const { mcpServers, imported, notices } = withImported(
          state.settings.mcpServers,
          found.servers,
          names,
          found.configPath,
        );
        if (imported.length === 0) {
          return { imported, problems: [{ key: 'mcpServers', message: notices.join('; ') }] };
        }
        const saved = await save({ ...state.settings, mcpServers }, notices);
        if (!saved.settings) return { imported: [], problems: saved.problems };
        return {
          imported,
          settings: saved.settings,
          problems: [],
          ...(notices.length > 0 && { notices }),
        };
      });
    },
    async clearMessages() {
      messages.clear();
      emit({ type: 'messages-cleared' });
      return {};
    },
  };
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
