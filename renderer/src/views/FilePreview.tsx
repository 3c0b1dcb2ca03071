import { useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { useFileRead } from '../app/use-file-read.ts';
import {
  dataUrl,
  imageProblem,
  notAnImage,
  previewPlan,
  previewText,
  typeOf,
} from '../logic/file-preview.ts';
import type { FileRow } from '../logic/file-tree.ts';
import { formatBytes, formatTime, shortHeap } from '../logic/format.ts';
import { visibleText } from '../logic/visible-text.ts';
import { FileDownload } from './FileDownload.tsx';

interface Props {
  client: DesktopClient;
  session: string;
  heap: string;
  file: FileRow;
}

/** The file chosen in the Files panel: what it is, its content when it can be shown, Download. */
export function FilePreview({ client, session, heap, file }: Props) {
  const plan = previewPlan(file);
  const read = useFileRead(client, session, heap, file.path, plan.kind !== 'none');
  const type = typeOf(file);
  // Bytes the browser could not draw after all (a damaged image whose magic is right).
  const [undrawn, setUndrawn] = useState(false);
  const notImage =
    plan.kind === 'image' && read.base64 !== undefined
      ? undrawn
        ? notAnImage(type)
        : imageProblem(type, read.base64)
      : undefined;
  return (
    <section className="file-preview" aria-label={`Preview of ${visibleText(file.path)}`}>
      <header className="row">
        <code className="file-path name">{visibleText(file.path)}</code>
        <span className="meta">
          {type} · {formatBytes(file.size)}
          {file.mtime && ` · written ${formatTime(file.mtime)}`}
        </span>
        <FileDownload
          client={client}
          session={session}
          heap={heap}
          path={file.path}
          base64={read.base64}
        />
      </header>
      {plan.kind === 'none' ? (
        <p className="hint">{plan.why}</p>
      ) : read.problem ? (
        <p role="alert" className="problem">
          {read.problem}
        </p>
      ) : read.base64 === undefined ? (
        <p className="meta">Reading…</p>
      ) : notImage ? (
        <p className="hint">{notImage}</p>
      ) : plan.kind === 'image' ? (
        <img
          className="file-image"
          src={dataUrl(type, read.base64)}
          alt={`${visibleText(file.name)} in heap ${shortHeap(heap)}`}
          onError={() => setUndrawn(true)}
        />
      ) : (
        <TextPreview name={file.name} base64={read.base64} />
      )}
    </section>
  );
}

function TextPreview({ name, base64 }: { name: string; base64: string }) {
  const { text, cut } = previewText(base64);
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is scrolled by keyboard */}
      <section className="file-text" tabIndex={0} aria-label={`Text of ${name}`}>
        <pre data-testid="file-text">{text}</pre>
      </section>
      {cut && (
        <p className="hint">
          The first {text.length.toLocaleString('en')} characters: download it for the rest.
        </p>
      )}
    </>
  );
}
