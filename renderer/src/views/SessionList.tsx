import { useRef, useState } from 'react';
import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { sessionFigures } from '../../../contract/session-figures.ts';
import type { SessionSummary } from '../../../contract/sessions.ts';
import { fileDropProps } from '../app/file-drop.ts';
import type { UploadState } from '../logic/file-upload.ts';
import { formatTime, shortHeap } from '../logic/format.ts';
import {
  type DeleteFailure,
  deleteFailures,
  deleteLabel,
  failureText,
  isSessionSort,
  removalMark,
  SESSION_SORTS,
  type SessionSort,
  selectedShown,
  sessionFileFigure,
  shownSessions,
  toggled,
  withShown,
} from '../logic/session-list.ts';
import { DeleteSessionsDialog } from './DeleteSessionsDialog.tsx';
import { UploadStatus } from './UploadStatus.tsx';

interface Props {
  client: DesktopClient;
  sessions: SessionSummary[];
  activeRuns: ActiveRun[];
  /** The server's retention of unnamed idle sessions, to mark the ones it removes. */
  unnamedRetentionMs?: number | undefined;
  /** The session open beside the list. */
  selected?: string;
  onOpen: (session: string) => void;
  /** Each session's uploads from the window, shown under it when made by a drop here. */
  uploads: Readonly<Record<string, readonly UploadState[]>>;
  /** Files were dropped on a session: they go to its /work. */
  onUpload: (session: SessionSummary, files: File[]) => void;
  /** Sessions were deleted (`deleted`): the list is fetched again. */
  onDeleted: (deleted: string[]) => void;
}

/**
 * The sessions, searched by name and sorted, each with a checkbox: the selected ones can be
 * deleted together, after a question, with any that could not be said by name.
 */
export function SessionList({
  client,
  sessions,
  activeRuns,
  unnamedRetentionMs,
  selected,
  onOpen,
  uploads,
  onUpload,
  onDeleted,
}: Props) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SessionSort>('last-used');
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [failures, setFailures] = useState<DeleteFailure[]>([]);
  // The session files are held over, to show it takes them.
  const [dropOver, setDropOver] = useState<string>();
  const search = useRef<HTMLInputElement>(null);

  const shown = shownSessions(sessions, query, sort);
  const toDelete = selectedShown(checked, shown);
  const allChecked = shown.length > 0 && shown.every((session) => checked.has(session.name));

  const remove = async () => {
    setDeleting(true);
    const results = await Promise.allSettled(
      toDelete.map((session) => client.deleteSession({ session })),
    );
    const failed = deleteFailures(toDelete, results);
    const deleted = toDelete.filter((name) => !failed.some((f) => f.session === name));
    // The ones that failed stay selected, to try again.
    setChecked((before) => new Set([...before].filter((name) => !deleted.includes(name))));
    setFailures(failed);
    setDeleting(false);
    setConfirming(false);
    onDeleted(deleted);
  };

  if (sessions.length === 0) {
    return (
      <p className="empty">
        No sessions yet. A client's first <code>run_js</code> makes one.
      </p>
    );
  }
  return (
    <>
      <div className="session-tools">
        <label className="stacked">
          Search
          <input
            ref={search}
            type="search"
            value={query}
            placeholder="Session name"
            onChange={(event) => setQuery(event.target.value)}
          />
        </label>
        <label className="stacked">
          Sort by
          <select
            value={sort}
            onChange={(event) => isSessionSort(event.target.value) && setSort(event.target.value)}
          >
            {SESSION_SORTS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <div className="row">
          <label className="check">
            <input
              type="checkbox"
              checked={allChecked}
              disabled={shown.length === 0}
              onChange={(event) => setChecked(withShown(checked, shown, event.target.checked))}
            />
            Select all shown
          </label>
          {toDelete.length > 0 && (
            <button type="button" className="danger small" onClick={() => setConfirming(true)}>
              {deleteLabel(toDelete.length)}
            </button>
          )}
        </div>
      </div>
      {failures.length > 0 && (
        <p role="alert" className="problem pre-line">
          {failureText(failures)}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="empty">No session's name holds “{query.trim()}”.</p>
      ) : (
        <ul className="selectable checkable" aria-label="Sessions">
          {shown.map((session) => {
            const removal = removalMark(session, unnamedRetentionMs);
            const dropped = (uploads[session.name] ?? []).filter(
              (upload) => upload.from === 'list',
            );
            return (
              <li
                key={session.name}
                className={dropOver === session.name ? 'drop-over' : undefined}
                {...fileDropProps(
                  (files) => onUpload(session, files),
                  (over) =>
                    setDropOver((current) =>
                      over ? session.name : current === session.name ? undefined : current,
                    ),
                )}
              >
                <input
                  type="checkbox"
                  aria-label={`Select ${session.name}`}
                  checked={checked.has(session.name)}
                  onChange={() => setChecked(toggled(checked, session.name))}
                />
                <button
                  type="button"
                  aria-current={session.name === selected}
                  onClick={() => onOpen(session.name)}
                >
                  <strong>{session.name}</strong>
                  {activeRuns.some((run) => run.session === session.name) && (
                    <span className="badge busy">Running</span>
                  )}
                  <span className="meta">
                    {sessionFigures(session)} · {sessionFileFigure(session)} · heap{' '}
                    {shortHeap(session.head)} · {formatTime(session.updatedAt)}
                  </span>
                  {session.damaged && <span className="problem">{session.damaged}</span>}
                  {session.diverged && (
                    <span className="problem">Replay differs: this session refuses runs</span>
                  )}
                  {session.recovered && <span className="notice">{session.recovered}</span>}
                  {removal && <span className="meta">{removal}</span>}
                </button>
                <UploadStatus uploads={dropped} />
              </li>
            );
          })}
        </ul>
      )}
      {confirming && (
        <DeleteSessionsDialog
          names={toDelete}
          deleting={deleting}
          fallback={search}
          onDelete={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </>
  );
}
