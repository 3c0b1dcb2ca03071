import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { HeapSummary, SessionSummary } from '../../../contract/sessions.ts';
import { fileDropProps } from '../app/file-drop.ts';
import { useFileListing } from '../app/use-file-listing.ts';
import { heapChoices } from '../logic/file-heaps.ts';
import {
  type FileRow,
  fileTotals,
  fileTreeOf,
  fileTreeRows,
  revealed,
  shortFolder,
  toggledFolder,
  uploadFolder,
  widenedFolder,
  widenedTo,
} from '../logic/file-tree.ts';
import type { UploadState } from '../logic/file-upload.ts';
import { shortHeap } from '../logic/format.ts';
import { visibleText } from '../logic/visible-text.ts';
import { FilePreview } from './FilePreview.tsx';
import { FileTree } from './FileTree.tsx';
import { UploadStatus } from './UploadStatus.tsx';

/** A file to show in the panel, asked for from elsewhere (a run cell); `seq` tells asks apart. */
export interface FileToOpen {
  heap: string;
  path: string;
  /** Whether its row takes the focus (opened from a run cell), or is only chosen (uploaded). */
  focus: boolean;
  seq: number;
}

interface Props {
  client: DesktopClient;
  session: SessionSummary;
  heaps: readonly HeapSummary[];
  /** The heap shown; undefined follows the session's current heap as runs come. */
  heap: string | undefined;
  onHeap: (heap: string | undefined) => void;
  /** Bumps when a run of the session ended: the newest heap's files are listed again. */
  runVersion: number;
  open?: FileToOpen | undefined;
  /** The session's uploads from the window, under way or ended. */
  uploads: readonly UploadState[];
  onUpload: (files: File[], folder: string) => void;
}

/**
 * A session's files in one heap (its current one unless another is picked here or in the
 * lineage): a tree, the chosen file's preview and download, and uploads by a button or a drop on
 * the panel, into the folder chosen (else /work), each a run of its own.
 */
export function FilesPanel({ client, session, heaps, heap, onHeap, runVersion, ...props }: Props) {
  const shown = heap ?? session.head;
  const { listing, problem } = useFileListing(client, session.name, shown, runVersion);
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [widened, setWidened] = useState<ReadonlyMap<string, number>>(new Map());
  const [chosen, setChosen] = useState<string>();
  const [focusPath, setFocusPath] = useState<string>();
  const [over, setOver] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLElement>(null);

  // Made once per listing and walked at each click: 100,000 files take a while to sort.
  const tree = useMemo(() => listing && fileTreeOf(listing.files), [listing]);
  const rows = useMemo(
    () => (tree ? fileTreeRows(tree, toggled, widened) : []),
    [tree, toggled, widened],
  );

  const { open } = props;
  useEffect(() => {
    if (!open) return;
    setChosen(open.path);
    setToggled((current) => revealed(current, open.path));
    if (open.focus) {
      setFocusPath(open.path);
      panel.current?.scrollIntoView({ block: 'nearest' });
    }
  }, [open]);
  // The file opened may sit far down a large folder, or be listed a moment after it is asked for.
  useEffect(() => {
    if (tree && open) setWidened((current) => widenedTo(tree, current, open.path));
  }, [tree, open]);
  const onFocused = useCallback(() => setFocusPath(undefined), []);

  const chosenRow = rows.find((row): row is FileRow => row.kind !== 'more' && row.path === chosen);
  const folder = uploadFolder(chosenRow);
  const upload = (files: File[]) => props.onUpload(files, folder);
  const where = shortFolder(folder);

  return (
    <section
      ref={panel}
      className={`files-panel${over ? ' drop-over' : ''}`}
      aria-label={`Files of ${session.name}`}
      data-testid="files"
      {...fileDropProps(upload, setOver)}
    >
      <div className="row files-bar">
        <label className="files-heap">
          Heap{' '}
          <select
            className="files-heap-choice"
            value={heap ?? ''}
            onChange={(event) => onHeap(event.target.value === '' ? undefined : event.target.value)}
          >
            {heapChoices(heaps, session.head).map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        {listing && (
          <span className="meta" data-testid="file-totals">
            {fileTotals(listing)}
          </span>
        )}
        <button
          type="button"
          className="small"
          title={folder}
          onClick={() => picker.current?.click()}
        >
          Upload to {where}…
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label={`Files to upload to ${folder}`}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            if (files.length > 0) upload(files);
          }}
        />
        <UploadStatus uploads={props.uploads} />
      </div>
      <p className="hint">
        Drop files here to upload them to {where}
        {heap !== undefined && ' of the current heap, which then shows here'}; each upload is a run.
      </p>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      {!listing && !problem && <p className="meta">Listing the files…</p>}
      {listing && (
        <FileTree
          rows={rows}
          chosen={chosen}
          focusPath={focusPath}
          onFocused={onFocused}
          onChoose={(row) => {
            setChosen(row.path);
            if (row.kind === 'dir') setToggled((current) => toggledFolder(current, row.path));
          }}
          onMore={(path) => setWidened((current) => widenedFolder(current, path))}
        />
      )}
      {chosenRow?.kind === 'file' && (
        <FilePreview
          key={`${shown}:${chosenRow.path}`}
          client={client}
          session={session.name}
          heap={shown}
          file={chosenRow}
        />
      )}
      {listing && chosen !== undefined && !chosenRow && open?.path === chosen && (
        <p className="hint">
          {visibleText(chosen)} is not in heap {shortHeap(shown)}.
        </p>
      )}
    </section>
  );
}
