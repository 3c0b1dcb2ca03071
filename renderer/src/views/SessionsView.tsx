import { useState } from 'react';
import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { FILES_CWD } from '../../../contract/session-files.ts';
import type { SessionSummary } from '../../../contract/sessions.ts';
import type { FileUploads } from '../app/use-file-uploads.ts';
import { ActiveRunList } from './ActiveRunList.tsx';
import { SessionDetail } from './SessionDetail.tsx';
import { SessionList } from './SessionList.tsx';

interface Props {
  client: DesktopClient;
  sessions: SessionSummary[];
  runVersion: number;
  activeRuns: ActiveRun[];
  memoryLimitBytes?: number;
  /** The server's retention of unnamed idle sessions (0: none), to mark the ones it removes. */
  unnamedRetentionMs?: number;
  /** The session shown, kept by the app so other views can open one. */
  selected?: string;
  onSelect: (session: string | undefined) => void;
  onChanged: () => void;
  /** Shows the messages of a client's request. */
  onShowMessages: (connection: string, requestId: string | number) => void;
  /** The window's uploads, held by the app so their news outlives this view. */
  uploads: FileUploads;
}

export function SessionsView({
  client,
  sessions,
  runVersion,
  activeRuns,
  memoryLimitBytes,
  unnamedRetentionMs,
  selected,
  onSelect: setSelected,
  onChanged,
  onShowMessages,
  uploads,
}: Props) {
  const current = sessions.find((session) => session.name === selected);
  // The code a session opened with Run from here starts with in its editor.
  const [opened, setOpened] = useState<{ session: string; code: string }>();
  // The session just renamed: its card opens again under the new name, focused where it was.
  const [renamed, setRenamed] = useState<string>();
  const open = (session: string, code?: string) => {
    setOpened(code === undefined ? undefined : { session, code });
    setRenamed(undefined);
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
        <SessionList
          client={client}
          sessions={sessions}
          activeRuns={activeRuns}
          unnamedRetentionMs={unnamedRetentionMs}
          selected={selected}
          uploads={uploads.states}
          onUpload={(session, files) => void uploads.upload(session, files, FILES_CWD, 'list')}
          onOpen={(session) => open(session)}
          onDeleted={(deleted) => {
            if (selected !== undefined && deleted.includes(selected)) setSelected(undefined);
            onChanged();
          }}
        />
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
            onRenamed={(to) => {
              setRenamed(to);
              setSelected(to);
            }}
            focusRename={renamed === current.name}
            onOpenSession={open}
            onShowMessages={onShowMessages}
            uploads={uploads.states[current.name] ?? []}
            onUpload={(files, folder) => uploads.upload(current, files, folder, 'panel')}
          />
        ) : (
          <p className="empty">Select a session to see its runs and heap snapshots.</p>
        )}
      </div>
    </section>
  );
}
