import { useLayoutEffect, useRef, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { ShownItem } from '../../../contract/session-files.ts';
import { useFileRead } from '../app/use-file-read.ts';
import { useNearView } from '../app/use-near-view.ts';
import { dataUrl, notAnImage, previewPlan, previewText } from '../logic/file-preview.ts';
import { shownLabel } from '../logic/run-files.ts';
import { FileDownload } from './FileDownload.tsx';

interface Props {
  client: DesktopClient;
  session: string;
  /** The heap the run made, which keeps what it showed. */
  heap: string;
  shown: readonly ShownItem[];
}

/**
 * What a run showed with display(), in order: images drawn, text as text, anything else to
 * download. Each item is read only while its cell is near the view: a session of 500 runs that
 * each showed a large chart would otherwise read them all as it opens.
 */
export function RunShown({ client, session, heap, shown }: Props) {
  if (shown.length === 0) return null;
  return (
    <ol className="run-shown" aria-label="Shown by the run">
      {shown.map((item, index) => (
        <li key={item.path}>
          <Shown client={client} session={session} heap={heap} item={item} index={index} />
        </li>
      ))}
    </ol>
  );
}

function Shown({
  client,
  session,
  heap,
  item,
  index,
}: {
  client: DesktopClient;
  session: string;
  heap: string;
  item: ShownItem;
  index: number;
}) {
  const plan = previewPlan({ path: item.path, size: item.size, mimeType: item.mimeType });
  const drawn = item.kind !== 'resource' && plan.kind !== 'none';
  const figure = useRef<HTMLElement>(null);
  const near = useNearView(figure);
  const read = useFileRead(client, session, heap, item.path, drawn && near);
  const label = shownLabel(item, index);
  const [undrawn, setUndrawn] = useState(false);
  // Let go far from the view, it keeps its height, so what is in view does not move: measured
  // as it goes far, while it is still drawn.
  const [height, setHeight] = useState<number>();
  useLayoutEffect(() => {
    if (!near && figure.current) setHeight(figure.current.offsetHeight);
  }, [near]);
  return (
    <figure
      ref={figure}
      className={`shown${drawn && read.base64 === undefined ? ' shown-waiting' : ''}`}
      style={read.base64 === undefined && height ? { minHeight: height } : {}}
    >
      {!drawn ? (
        <FileDownload client={client} session={session} heap={heap} path={item.path} />
      ) : read.problem ? (
        <p role="alert" className="problem">
          {read.problem}
        </p>
      ) : read.base64 === undefined ? (
        <p className="meta">{near ? 'Reading…' : 'Shown when scrolled to'}</p>
      ) : plan.kind === 'image' && !undrawn ? (
        <img
          src={dataUrl(item.mimeType, read.base64)}
          alt={label}
          onError={() => setUndrawn(true)}
        />
      ) : plan.kind === 'image' ? (
        <p className="hint">{notAnImage(item.mimeType)}</p>
      ) : (
        <pre className="shown-text">{previewText(read.base64).text}</pre>
      )}
      <figcaption className="meta name">{label}</figcaption>
    </figure>
  );
}
