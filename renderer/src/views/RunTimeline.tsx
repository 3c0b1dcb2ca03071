import { useEffect, useRef, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { RunRecord } from '../../../contract/run-record.ts';
import { ScrollBox } from '../app/use-near-view.ts';
import { RunCell } from './RunCell.tsx';

interface Props {
  client: DesktopClient;
  session: string;
  runs: RunRecord[];
  /** Puts a run's code in the editor. */
  onRerun: (code: string) => void;
  onShowMessages: (connection: string, requestId: string | number) => void;
  onOpenFile: (heap: string, path: string) => void;
}

/**
 * A session's recent runs as a notebook: each a cell (RunCell.tsx), oldest first, the editor
 * after the newest. It scrolls in a box of its own and keeps the newest in view as runs come,
 * so a run from the editor shows right above it.
 */
export function RunTimeline({ runs, ...cell }: Props) {
  const box = useRef<HTMLElement>(null);
  // What runs showed is read only as their cells come near the box's view.
  const [scrollBox, setScrollBox] = useState<HTMLElement | null>(null);
  const newest = runs.at(-1);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new newest run is what scrolls
  useEffect(() => {
    box.current?.scrollTo({ top: box.current.scrollHeight });
  }, [newest]);
  if (runs.length === 0) return <p className="empty">No runs recorded for this session.</p>;
  return (
    <section
      className="notebook"
      aria-label="Runs"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is scrolled by keyboard
      tabIndex={0}
      ref={(element) => {
        box.current = element;
        setScrollBox(element);
      }}
    >
      <ScrollBox.Provider value={scrollBox}>
        <ol className="timeline" data-testid="runs">
          {runs.map((run) => (
            <li key={run.id ?? `${run.at}-${run.heap}`}>
              <RunCell run={run} {...cell} />
            </li>
          ))}
        </ol>
      </ScrollBox.Provider>
    </section>
  );
}
