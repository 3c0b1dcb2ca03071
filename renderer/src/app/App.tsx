import { useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { ConnectionsView } from '../views/ConnectionsView.tsx';
import { ConnectView } from '../views/ConnectView.tsx';
import { MessagesView } from '../views/MessagesView.tsx';
import { SessionsView } from '../views/SessionsView.tsx';
import { SettingsView } from '../views/SettingsView.tsx';
import { StatusView } from '../views/StatusView.tsx';
import { UpstreamsView } from '../views/UpstreamsView.tsx';
import { useStrayDropsIgnored } from './file-drop.ts';
import { useFileUploads } from './use-file-uploads.ts';
import { useServerState } from './use-server-state.ts';

const VIEWS = [
  ['status', 'Server'],
  ['connections', 'Connections'],
  ['sessions', 'Sessions'],
  ['messages', 'Messages'],
  ['upstreams', 'Tools'],
  ['settings', 'Settings'],
  ['connect', 'Connect a client'],
] as const;

type ViewName = (typeof VIEWS)[number][0];

export function App({
  client,
  onServerMoved,
  onAdminTokenRenewed,
}: {
  client: DesktopClient;
  onServerMoved: (url: string) => void;
  /** Browser mode only (the desktop app has no token): the page goes on with the new token. */
  onAdminTokenRenewed?: (token: string) => void;
}) {
  const state = useServerState(client);
  const uploads = useFileUploads(client);
  useStrayDropsIgnored();
  const [view, setView] = useState<ViewName>('status');
  const [messagesOf, setMessagesOf] = useState<string>();
  const [selectedSession, setSelectedSession] = useState<string>();
  const [messageFocus, setMessageFocus] = useState<{ connection: string; id: string | number }>();
  // Until the server first answers, a failure (a refused token, no server) is all there is to
  // show: a view would only wait for it.
  const showing = state.failure !== undefined && state.status === undefined ? undefined : view;
  const counts: Partial<Record<ViewName, number>> = {
    connections: state.connections.length,
    sessions: state.sessions.length,
  };
  return (
    <div className="app">
      <nav aria-label="Views">
        <div className="brand">
          MCP Isolate
          <span className={`dot ${state.status?.running ? 'ok' : 'off'}`} aria-hidden="true" />
        </div>
        <ul>
          {VIEWS.map(([name, label]) => (
            <li key={name}>
              <button
                type="button"
                aria-current={view === name ? 'page' : undefined}
                onClick={() => {
                  setMessagesOf(undefined);
                  setMessageFocus(undefined);
                  setView(name);
                }}
              >
                {label}
                {counts[name] !== undefined && <span className="count">{counts[name]}</span>}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main>
        {state.problem && (
          <p role="alert" className="problem banner">
            {state.problem}
          </p>
        )}
        {showing === 'status' && (
          <StatusView
            client={client}
            status={state.status}
            onAdminTokenRenewed={onAdminTokenRenewed}
          />
        )}
        {showing === 'connections' && (
          <ConnectionsView
            client={client}
            connections={state.connections}
            closed={state.closedConnections}
            activeRuns={state.activeRuns}
            messages={state.messages}
            onShowMessages={(connection) => {
              setMessagesOf(connection);
              setView('messages');
            }}
            onShowSession={(session) => {
              setSelectedSession(session);
              setView('sessions');
            }}
          />
        )}
        {showing === 'sessions' && (
          <SessionsView
            client={client}
            sessions={state.sessions}
            runVersion={state.runVersion}
            activeRuns={state.activeRuns}
            memoryLimitBytes={state.status?.memoryLimitBytes}
            unnamedRetentionMs={state.status?.unnamedRetentionMs}
            selected={selectedSession}
            onSelect={setSelectedSession}
            onChanged={state.refreshSessions}
            uploads={uploads}
            onShowMessages={(connection, id) => {
              setMessagesOf(undefined);
              setMessageFocus({ connection, id });
              setView('messages');
            }}
          />
        )}
        {showing === 'messages' && (
          <MessagesView
            key={messagesOf ?? 'all'}
            client={client}
            messages={state.messages}
            connections={state.connections}
            connection={messagesOf}
            focus={messageFocus}
            upstreamsVersion={state.upstreamsVersion}
            onShowRun={(session) => {
              setSelectedSession(session);
              setView('sessions');
            }}
          />
        )}
        {showing === 'upstreams' && (
          <UpstreamsView
            client={client}
            version={state.upstreamsVersion}
            onShowMessages={(connection) => {
              setMessagesOf(connection);
              setView('messages');
            }}
          />
        )}
        {showing === 'settings' && (
          <SettingsView
            client={client}
            dataDir={state.status?.dataDir}
            onServerMoved={onServerMoved}
          />
        )}
        {showing === 'connect' && (
          <ConnectView
            client={client}
            status={state.status}
            clientsVersion={state.clientsVersion}
          />
        )}
      </main>
    </div>
  );
}
