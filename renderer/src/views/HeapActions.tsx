import { useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { downloadText } from '../logic/download.ts';
import { shortHeap } from '../logic/format.ts';

export interface HeapActionProps {
  client: DesktopClient;
  /** Opens the inspector on a heap. */
  onInspect: (heap: string) => void;
  /** Asks for a new session to run code in from a heap. */
  onRunFrom: (heap: string) => void;
  /** A session was forked from a heap. */
  onForked: () => void;
  onProblem: (problem: string | undefined) => void;
}

/**
 * What can be done with one heap: inspect it, run code from it, fork it into a new session (its
 * name asked for in place of the buttons) or export it. The heap table's rows and the lineage's
 * selected heap offer the same.
 */
export function HeapActions({
  client,
  heap,
  onInspect,
  onRunFrom,
  onForked,
  onProblem,
}: HeapActionProps & { heap: string }) {
  const [forking, setForking] = useState(false);
  const [forkName, setForkName] = useState('');
  const fail = (error: Error) => onProblem(error.message);

  const fork = () => {
    onProblem(undefined);
    client.forkSession({ heap, ...(forkName.trim() && { session: forkName.trim() }) }).then(() => {
      setForking(false);
      setForkName('');
      onForked();
    }, fail);
  };
  const exportHeap = () => {
    client
      .exportHeap({ heap })
      .then(({ fileName, journal }) => downloadText(fileName, journal, 'application/jsonl'), fail);
  };

  if (forking) {
    return (
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          fork();
        }}
      >
        <label>
          New session name
          <input
            value={forkName}
            onChange={(event) => setForkName(event.target.value)}
            placeholder="automatic"
          />
        </label>
        <button type="submit">Fork</button>
        <button type="button" className="secondary" onClick={() => setForking(false)}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <span className="row">
      <button
        type="button"
        className="secondary small"
        onClick={() => onInspect(heap)}
        aria-label={`Inspect the globals of heap ${shortHeap(heap)}`}
      >
        Inspect
      </button>
      <button
        type="button"
        className="secondary small"
        onClick={() => onRunFrom(heap)}
        aria-label={`Run from here, in a new session from heap ${shortHeap(heap)}`}
      >
        Run from here
      </button>
      <button
        type="button"
        className="secondary small"
        onClick={() => setForking(true)}
        aria-label={`Fork a new session from heap ${shortHeap(heap)}`}
      >
        Fork
      </button>
      <button
        type="button"
        className="secondary small"
        onClick={exportHeap}
        aria-label={`Export heap ${shortHeap(heap)}`}
      >
        Export
      </button>
    </span>
  );
}
