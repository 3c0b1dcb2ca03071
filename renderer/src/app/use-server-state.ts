import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { ConnectionInfo } from '../../../contract/connections.ts';
import type { Status } from '../../../contract/desktop-api.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { ConnectionFailure } from '../../../contract/http-desktop-client.ts';
import type { LoggedMessage } from '../../../contract/logged-message.ts';
import type { SessionSummary } from '../../../contract/sessions.ts';
import { withClosed, withOpen } from '../logic/connection-lists.ts';
import { appendMessages, prependMessages } from '../logic/message-store.ts';
import { type ServerProblem, serverProblem } from '../logic/server-problem.ts';

const FIRST_PAGE = 2_000;
const OLDER_PAGE = 25_000;

export interface ServerStateView {
  status?: Status;
  connections: ConnectionInfo[];
  /** Connections that ended, newest first. */
  closedConnections: ConnectionInfo[];
  sessions: SessionSummary[];
  messages: LoggedMessage[];
  /** Bumps on every run, so a session's timeline knows to reload. */
  runVersion: number;
  /** Bumps when a client's config file changed (here or from the tray), so the list reloads. */
  clientsVersion: number;
  /** Bumps when an upstream MCP server's state, calls or tools changed, so the Tools view lists them again. */
  upstreamsVersion: number;
  /** Runs queued or under way, oldest first. */
  activeRuns: ActiveRun[];
  /** What went wrong talking to the server, in plain words. */
  problem?: string;
  /** Set when nothing the window asks can succeed (a refused token, no server). */
  failure?: ConnectionFailure;
  refreshSessions: () => void;
}

/** Everything live the window shows: loaded once, then kept current by the event stream. */
export function useServerState(client: DesktopClient): ServerStateView {
  const [status, setStatus] = useState<Status>();
  const [connections, setConnections] = useState<ConnectionInfo[]>([]);
  const [closedConnections, setClosedConnections] = useState<ConnectionInfo[]>([]);
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [messages, setMessages] = useState<LoggedMessage[]>([]);
  const [runVersion, setRunVersion] = useState(0);
  const [clientsVersion, setClientsVersion] = useState(0);
  const [upstreamsVersion, setUpstreamsVersion] = useState(0);
  const [activeRuns, setActiveRuns] = useState<ActiveRun[]>([]);
  // Runs that ended before the first list of active runs came: that list may predate them.
  const ended = useRef<Set<string> | undefined>(new Set());
  // A problem is the client's that met it: a new client (a token pasted into the address) starts
  // clean, whatever the old one's late answers say.
  const [problem, setProblem] = useState<ServerProblem & { of: DesktopClient }>();
  const report = useCallback(
    (during: Parameters<typeof serverProblem>[1]) => (error: Error) =>
      setProblem({ ...serverProblem(error, during), of: client }),
    [client],
  );
  // Messages can arrive by the thousand: they are applied once per animation frame.
  const pending = useRef<LoggedMessage[]>([]);
  const frame = useRef<number | undefined>(undefined);

  const refreshSessions = useCallback(() => {
    client.listSessions({}).then((listed) => setSessions(listed.sessions), report('answering'));
  }, [client, report]);

  useEffect(() => {
    let sessionsTimer: ReturnType<typeof setTimeout> | undefined;
    const sessionsSoon = () => {
      clearTimeout(sessionsTimer);
      sessionsTimer = setTimeout(refreshSessions, 150);
    };
    const flush = () => {
      frame.current = undefined;
      const batch = pending.current;
      pending.current = [];
      setMessages((current) => appendMessages(current, batch));
    };
    const unsubscribe = client.subscribe((event) => {
      setProblem(undefined);
      switch (event.type) {
        case 'status':
          setStatus(event.status);
          break;
        case 'connection':
          setConnections((current) => withOpen(current, event.connection));
          break;
        case 'connection-closed':
          setConnections((current) => current.filter((c) => c.id !== event.id));
          setClosedConnections((current) => withClosed(current, event.connection));
          break;
        case 'message':
          pending.current.push(event.message);
          frame.current ??= requestAnimationFrame(flush);
          break;
        case 'messages-cleared':
          pending.current = [];
          setMessages([]);
          break;
        case 'run-started':
          setActiveRuns((current) => [...current, event.run]);
          break;
        case 'run-progress':
          setActiveRuns((current) =>
            current.map((run) =>
              run.id === event.id ? { ...run, progress: event.progress } : run,
            ),
          );
          break;
        case 'run-refused':
          ended.current?.add(event.id);
          setActiveRuns((current) => current.filter((run) => run.id !== event.id));
          break;
        case 'run':
          if (event.run.id) ended.current?.add(event.run.id);
          setActiveRuns((current) => current.filter((run) => run.id !== event.run.id));
          setRunVersion((version) => version + 1);
          sessionsSoon();
          break;
        case 'sessions-changed':
          sessionsSoon();
          break;
        case 'clients-changed':
          setClientsVersion((version) => version + 1);
          break;
        case 'upstreams-changed':
          setUpstreamsVersion((version) => version + 1);
          break;
      }
    }, report('the event stream'));
    let stopped = false;
    // The newest messages first, so the view renders at once; older pages follow behind it.
    const loadOlder = async (before: number) => {
      for (let more = true; more && !stopped; ) {
        const page = await client.listMessages({ before, limit: OLDER_PAGE });
        setMessages((current) => prependMessages(current, page.messages));
        more = page.more && page.messages.length > 0;
        before = page.messages[0]?.seq ?? before;
      }
    };
    Promise.all([
      client.getStatus({}),
      client.listConnections({}),
      client.listMessages({ limit: FIRST_PAGE }),
    ]).then(([loadedStatus, loadedConnections, newest]) => {
      setStatus(loadedStatus);
      setConnections(loadedConnections.connections);
      setClosedConnections(loadedConnections.closed);
      setMessages((current) => appendMessages(newest.messages, current));
      const oldest = newest.messages[0]?.seq;
      if (newest.more && oldest !== undefined) loadOlder(oldest).catch(report('answering'));
    }, report('answering'));
    client.listActiveRuns({}).then(({ runs }) => {
      // Runs that started or ended meanwhile came as events.
      const endedMeanwhile = ended.current;
      ended.current = undefined;
      setActiveRuns((current) => [
        ...runs.filter(
          (run) => !endedMeanwhile?.has(run.id) && !current.some((known) => known.id === run.id),
        ),
        ...current,
      ]);
    }, report('answering'));
    refreshSessions();
    return () => {
      stopped = true;
      unsubscribe();
      clearTimeout(sessionsTimer);
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    };
  }, [client, refreshSessions, report]);

  // Counts follow the live lists rather than waiting for the next status event.
  const liveStatus = status && {
    ...status,
    counts: {
      connections: connections.length,
      sessions: sessions.length,
      messages: messages.length,
    },
  };
  return {
    status: liveStatus,
    connections,
    closedConnections,
    sessions,
    messages,
    runVersion,
    clientsVersion,
    upstreamsVersion,
    activeRuns,
    ...(problem?.of === client && { problem: problem.text, failure: problem.failure }),
    refreshSessions,
  };
}
