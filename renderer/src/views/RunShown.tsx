import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { ShownItem } from '../../../contract/session-files.ts';
import { useFileRead } from '../app/use-file-read.ts';
import { dataUrl, previewPlan, previewText } from '../logic/file-preview.ts';
import { shownLabel } from '../logic/run-files.ts';
import { FileDownload } from './FileDownload.tsx';

interface Props {
  client: DesktopClient;
  session: string;
  /** The heap the run made, which keeps what it showed. */
  heap: string;
  shown: readonly ShownItem[];
}

/** What a run showed with display(), in order: images drawn, text as text, anything else to download. */
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
  const read = useFileRead(client, session, heap, item.path, drawn);
  const label = shownLabel(item, index);
  return (
    <figure className="shown">
      {!drawn ? (
        <FileDownload client={client} session={session} heap={heap} path={item.path} />
      ) : read.problem ? (
        <p role="alert" className="problem">
          {read.problem}
        </p>
      ) : read.base64 === undefined ? (
        <p className="meta">Reading…</p>
      ) : plan.kind === 'image' ? (
        <img src={dataUrl(item.mimeType, read.base64)} alt={label} />
      ) : (
        <pre className="shown-text">{previewText(read.base64).text}</pre>
      )}
      <figcaption className="meta">{label}</figcaption>
    </figure>
  );
}
