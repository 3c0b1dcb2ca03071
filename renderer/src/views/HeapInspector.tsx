import { useEffect, useRef, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { HeapEntry, HeapInspection } from '../../../contract/heap-inspection.ts';
import { shortHeap } from '../logic/format.ts';

/** The globals of one heap as a tree; each level is read when it is opened. */
export function HeapInspector({
  client,
  heap,
  onClose,
}: {
  client: DesktopClient;
  heap: string;
  onClose: () => void;
}) {
  const region = useRef<HTMLElement>(null);
  // It opens below the heap table: brought into view, and the focus there, as it opens.
  useEffect(() => {
    region.current?.scrollIntoView({ block: 'nearest' });
    region.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section
      ref={region}
      tabIndex={-1}
      className="inspector"
      aria-label={`Globals of heap ${shortHeap(heap)}`}
    >
      <header className="view-header">
        <h3>Globals of heap {shortHeap(heap)}</h3>
        <button type="button" className="secondary small" onClick={onClose}>
          Close
        </button>
      </header>
      <Level client={client} heap={heap} path={[]} />
    </section>
  );
}

function Level({ client, heap, path }: { client: DesktopClient; heap: string; path: string[] }) {
  const [inspection, setInspection] = useState<HeapInspection>();
  const [problem, setProblem] = useState<string>();
  const pathKey = path.join('\u0000');
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathKey stands for path
  useEffect(() => {
    client
      .inspectHeap({ heap, path })
      .then(setInspection, (error: Error) => setProblem(error.message));
  }, [client, heap, pathKey]);
  if (problem) return <p className="problem">{problem}</p>;
  if (!inspection) return <p className="meta">Restoring the heap…</p>;
  if (inspection.entries.length === 0) {
    return (
      <p className="empty">{path.length === 0 ? 'No globals defined yet.' : 'No properties.'}</p>
    );
  }
  return (
    <ul className="tree">
      {inspection.entries.map((entry) => (
        <Entry key={entry.name} client={client} heap={heap} path={path} entry={entry} />
      ))}
      {inspection.more > 0 && <li className="meta">… {inspection.more} more</li>}
    </ul>
  );
}

function Entry({
  client,
  heap,
  path,
  entry,
}: {
  client: DesktopClient;
  heap: string;
  path: string[];
  entry: HeapEntry;
}) {
  const [open, setOpen] = useState(false);
  const canOpen = entry.expandable && entry.key !== undefined;
  return (
    <li>
      <span className="entry">
        {canOpen ? (
          <button
            type="button"
            className="secondary small toggle"
            aria-label={`${open ? 'Collapse' : 'Expand'} ${entry.name}`}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="toggle" />
        )}
        <strong>{entry.name}</strong>
        <span className="type">{entry.type}</span>
        <code className="preview" title={entry.preview}>
          {entry.preview}
        </code>
      </span>
      {open && entry.key !== undefined && (
        <Level client={client} heap={heap} path={[...path, entry.key]} />
      )}
    </li>
  );
}
