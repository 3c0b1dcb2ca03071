import { useEffect, useRef, useState } from 'react';
import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { RunRecord } from '../../../contract/run-record.ts';
import { statsOf } from '../../../contract/run-stats.ts';
import { sessionFigures } from '../../../contract/session-figures.ts';
import { freshSessionName } from '../../../contract/session-names.ts';
import type { SessionSummary } from '../../../contract/sessions.ts';
import { useSessionDetail } from '../app/use-session-detail.ts';
import type { UploadState } from '../logic/file-upload.ts';
import { shortHeap } from '../logic/format.ts';
import { withRunsFromHere } from '../logic/run-list.ts';
import { ActiveRunList } from './ActiveRunList.tsx';
import { DivergedNotice } from './DivergedNotice.tsx';
import { FilesPanel, type FileToOpen } from './FilesPanel.tsx';
import { HeapInspector } from './HeapInspector.tsx';
import { HeapLineage } from './HeapLineage.tsx';
import { HeapTable } from './HeapTable.tsx';
import { PackagesPanel } from './PackagesPanel.tsx';
import { RunFigures } from './RunFigures.tsx';
import { RunPanel } from './RunPanel.tsx';
import { RunTimeline } from './RunTimeline.tsx';
import { SessionNameDialog } from './SessionNameDialog.tsx';
import { SessionPlots } from './SessionPlots.tsx';

interface Props {
  client: DesktopClient;
  session: SessionSummary;
  runVersion: number;
  /** This session's runs in progress. */
  activeRuns: ActiveRun[];
  memoryLimitBytes?: number;
  /** Every session's name, so a new one is offered a name nobody has. */
  sessionNames: readonly string[];
  /** Every session, for the lineage's branches to the ones forked from this one's heaps. */
  sessions: readonly SessionSummary[];
  /** Code for the editor as the session opens, which then has the focus (Run from here). */
  startCode?: string;
  onChanged: () => void;
  onDeleted: () => void;
  /** The session is called `to` now. */
  onRenamed: (to: string) => void;
  /** It opens just renamed: the focus goes back to its Rename button, as if it had stayed. */
  focusRename?: boolean;
  /** Opens another session, with `code` in its editor when given. */
  onOpenSession: (session: string, code?: string) => void;
  onShowMessages: (connection: string, requestId: string | number) => void;
  /** Its uploads from the window, and how to make one (its run and paths, unless it failed). */
  uploads: readonly UploadState[];
  onUpload: (
    files: File[],
    folder: string,
  ) => Promise<{ run: RunRecord; paths: string[] } | undefined>;
}

/** One session: its runs in progress, code to run, its heaps, packages and runs, and deleting it. */
export function SessionDetail({ client, session, runVersion, activeRuns, ...props }: Props) {
  const { runs, heaps, packages, problem, setProblem } = useSessionDetail(
    client,
    session,
    runVersion,
  );
  const [confirming, setConfirming] = useState(false);
  const [inspecting, setInspecting] = useState<string>();
  const [code, setCode] = useState(props.startCode ?? '');
  // Runs from the editor, shown as soon as they answer, before the session's list has them.
  const [ranHere, setRanHere] = useState<RunRecord[]>([]);
  const [runFrom, setRunFrom] = useState<string>();
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  // The heap whose files show (undefined: the current one, following runs), and a file to show.
  const [filesHeap, setFilesHeap] = useState<string>();
  const [fileToOpen, setFileToOpen] = useState<FileToOpen>();
  const openFile = (heap: string, path: string) => {
    setFilesHeap(heap === session.head ? undefined : heap);
    setFileToOpen((before) => ({ heap, path, focus: true, seq: (before?.seq ?? 0) + 1 }));
  };
  // An upload goes to the current heap: the panel shows it there, the first file chosen.
  const upload = (files: File[], folder: string) => {
    setFilesHeap(undefined);
    props.onUpload(files, folder).then((made) => {
      const path = made?.paths[0];
      if (!made || path === undefined) return;
      setFilesHeap(undefined);
      setFileToOpen((before) => ({
        heap: made.run.heap,
        path,
        focus: false,
        seq: (before?.seq ?? 0) + 1,
      }));
    });
  };
  const { focusRename } = props;
  useEffect(() => {
    if (focusRename) renameButton.current?.focus();
  }, [focusRename]);

  // The same handlers behind the lineage's selected heap and the table's rows.
  const heapActions = {
    client,
    onInspect: setInspecting,
    onRunFrom: setRunFrom,
    onForked: props.onChanged,
    onProblem: setProblem,
  };

  const remove = () => {
    client.deleteSession({ session: session.name }).then(
      () => {
        props.onDeleted();
        props.onChanged();
      },
      (error: Error) => setProblem(error.message),
    );
  };

  return (
    <div>
      <header className="view-header">
        <h2>{session.name}</h2>
        <button
          ref={renameButton}
          type="button"
          className="secondary"
          onClick={() => setRenaming(true)}
        >
          Rename
        </button>
        {confirming ? (
          <fieldset className="confirm">
            <legend>Delete {session.name} and its snapshots?</legend>
            <button type="button" className="danger" onClick={remove}>
              Delete
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </fieldset>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Delete session
          </button>
        )}
      </header>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      <p className="hint" data-testid="session-figures">
        {sessionFigures(session)}
      </p>
      {session.diverged && (
        <DivergedNotice
          client={client}
          session={session.name}
          diverged={session.diverged}
          onForked={(forked) => {
            props.onChanged();
            props.onOpenSession(forked);
          }}
          onKept={props.onChanged}
          onProblem={setProblem}
        />
      )}
      {session.keptSnapshot && (
        <p className="notice">
          Goes on from the snapshot of heap {shortHeap(session.keptSnapshot.heap)} that an earlier
          version made: its heaps up to there restore from that file, not by replay.
        </p>
      )}
      {session.forkedFrom && (
        <p className="hint">
          Forked from {session.forkedFrom.session ?? 'a session'} at heap{' '}
          {shortHeap(session.forkedFrom.heap)}
        </p>
      )}
      <RunFigures
        stats={statsOf(runs)}
        memoryLimitBytes={props.memoryLimitBytes}
        label={`Figures of ${session.name}'s recent runs`}
      />
      <SessionPlots runs={runs} />
      <h3>Runs</h3>
      <RunTimeline
        client={client}
        session={session.name}
        runs={withRunsFromHere(runs, ranHere)}
        onOpenFile={openFile}
        onRerun={setCode}
        onShowMessages={props.onShowMessages}
      />
      <ActiveRunList client={client} runs={activeRuns} />
      <RunPanel
        client={client}
        session={session.name}
        code={code}
        onCode={setCode}
        {...(props.startCode !== undefined && { autoFocus: true })}
        onRan={(run) => setRanHere((ran) => [...ran, run])}
      />
      {heaps.length > 0 && (
        <>
          <h3>Lineage</h3>
          <HeapLineage
            session={session}
            heaps={heaps}
            sessions={props.sessions}
            onOpenSession={props.onOpenSession}
            onSelect={(heap) => setFilesHeap(heap === session.head ? undefined : heap)}
            {...heapActions}
          />
        </>
      )}
      <h3>Files</h3>
      <FilesPanel
        client={client}
        session={session}
        heaps={heaps}
        heap={filesHeap}
        onHeap={setFilesHeap}
        runVersion={runVersion}
        open={fileToOpen}
        uploads={props.uploads}
        onUpload={upload}
      />
      <h3>Heaps</h3>
      <HeapTable heaps={heaps} head={session.head} {...heapActions} />
      {runFrom && (
        <SessionNameDialog
          title={`Run from heap ${shortHeap(runFrom)}`}
          about="A new session starts from this heap, with the code in its editor; this session stays as it is."
          label="Name of the new session"
          action="Open the new session"
          offered={freshSessionName(session.name, props.sessionNames)}
          onSubmit={async (name) => {
            const forked = await client.forkSession({ heap: runFrom, session: name });
            props.onChanged();
            props.onOpenSession(forked.name, code);
          }}
          onClose={() => setRunFrom(undefined)}
        />
      )}
      {renaming && (
        <SessionNameDialog
          title={`Rename ${session.name}`}
          about={`Its heaps keep their ids; its forks and the clients whose runs go to it without a name follow the new name. A run that names ${session.name} from now on starts a new session.`}
          label="New name"
          action="Rename"
          offered={session.name}
          unchanged={session.name}
          onSubmit={async (to) => {
            await client.renameSession({ session: session.name, to });
            props.onRenamed(to);
            props.onChanged();
          }}
          onClose={() => setRenaming(false)}
        />
      )}
      {inspecting && (
        <HeapInspector
          key={inspecting}
          client={client}
          heap={inspecting}
          onClose={() => setInspecting(undefined)}
        />
      )}
      <h3>Packages</h3>
      <PackagesPanel packages={packages} />
    </div>
  );
}
