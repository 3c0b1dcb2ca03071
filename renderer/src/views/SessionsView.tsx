import { useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { SessionSummary } from '../../../contract/server-types.ts';
import { formatTime, plural, shortHeap } from '../logic/format.ts';
import { SessionDetail } from './SessionDetail.tsx';

interface Props {
  client: DesktopClient;
  sessions: SessionSummary[];
  runVersion: number;
  onChanged: () => void;
}

export function SessionsView({ client, sessions, runVersion, onChanged }: Props) {
  const [selected, setSelected] = useState<string>();
  const current = sessions.find((session) => session.name === selected);
  return (
    <section aria-labelledby="sessions-title" className="split">
      <div className="list-pane">
        <header className="view-header">
          <h1 id="sessions-title">Sessions</h1>
        </header>
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
                  onClick={() => setSelected(session.name)}
                >
                  <strong>{session.name}</strong>
                  <span className="meta">
                    {plural(session.runs, 'run')} · {plural(session.snapshots, 'snapshot')} · heap{' '}
                    {shortHeap(session.head)} · {formatTime(session.updatedAt)}
                  </span>
                  {session.damaged && <span className="problem">{session.damaged}</span>}
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
            onChanged={onChanged}
            onDeleted={() => setSelected(undefined)}
          />
        ) : (
          <p className="empty">Select a session to see its runs and heap snapshots.</p>
        )}
      </div>
    </section>
  );
}
