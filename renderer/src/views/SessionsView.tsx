import { useState } from 'react';
import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { sessionFigures } from '../../../contract/session-figures.ts';
import type { SessionSummary } from '../../../contract/sessions.ts';
import { formatTime, shortHeap } from '../logic/format.ts';
import { ActiveRunList } from './ActiveRunList.tsx';
import { SessionDetail } from './SessionDetail.tsx';

interface Props {
  client: DesktopClient;
  sessions: SessionSummary[];
  runVersion: number;
  activeRuns: ActiveRun[];
  memoryLimitBytes?: number;
  /** The session shown, kept by the app so other views can open one. */
  selected?: string;
  onSelect: (session: string | undefined) => void;
  onChanged: () => void;
  /** Shows the messages of a client's request. */
  onShowMessages: (connection: string, requestId: string | number) => void;
}

export function SessionsView({
  client,
  sessions,
  runVersion,
  activeRuns,
  memoryLimitBytes,
  selected,
  onSelect: setSelected,
  onChanged,
  onShowMessages,
}: Props) {
  const current = sessions.find((session) => session.name === selected);
  // The code a session opened with Run from here starts with in its editor.
  const [opened, setOpened] = useState<{ session: string; code: string }>();
  const open = (session: string, code?: string) => {
    setOpened(code === undefined ? undefined : { session, code });
    setSelected(session);
  };
  return (
    <section aria-labelledby="sessions-title" className="split">
      <div className="list-pane">
        <header className="view-header">
          <h1 id="sessions-title">Sessions</h1>
        </header>
        {/* A new session's first run: the session exists once the run commits. */}
        <ActiveRunList
          client={client}
          runs={activeRuns.filter((run) => !sessions.some((s) => s.name === run.session))}
        />
        {sessions.length === 0 ? (
          <p className="empty">
            No sessions yet. A client's first <code>run_js</code> makes one.
          </p>
        ) : (
          <ul className="selectable" aria-label="Sessions">
            {sessions.map((session) => (
              <li key={session.name}>
                <button
                  type="button"
                  aria-current={session.name === selected}
                  onClick={() => open(session.name)}
                >
                  <strong>{session.name}</strong>
                  {activeRuns.some((run) => run.session === session.name) && (
                    <span className="badge busy">Running</span>
                  )}
                  <span className="meta">
                    {sessionFigures(session)} · heap {shortHeap(session.head)} ·{' '}
                    {formatTime(session.updatedAt)}
                  </span>
                  {session.damaged && <span className="problem">{session.damaged}</span>}
                  {session.diverged && (
                    <span className="problem">Replay differs: this session refuses runs</span>
                  )}
                  {session.recovered && <span className="notice">{session.recovered}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="detail-pane">
        {current ? (
          <SessionDetail
            key={current.name}
            client={client}
            session={current}
            runVersion={runVersion}
            activeRuns={activeRuns.filter((run) => run.session === current.name)}
            memoryLimitBytes={memoryLimitBytes}
            sessionNames={sessions.map((session) => session.name)}
            sessions={sessions}
            {...(opened?.session === current.name && { startCode: opened.code })}
            onChanged={onChanged}
            onDeleted={() => setSelected(undefined)}
            onOpenSession={open}
            onShowMessages={onShowMessages}
          />
        ) : (
          <p className="empty">Select a session to see its runs and heap snapshots.</p>
        )}
      </div>
    </section>
  );
}
