import { useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { downloadBytes, downloadName } from '../logic/download.ts';
import { bytesOfBase64, typeOf } from '../logic/file-preview.ts';

interface Props {
  client: DesktopClient;
  session: string;
  heap: string;
  path: string;
  /** Its bytes when already read (the preview's), so they are not asked for again. */
  base64?: string | undefined;
  label?: string;
}

/** Downloads one file of a heap under its own name (never its path). */
export function FileDownload({ client, session, heap, path, base64, label }: Props) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const name = downloadName(path);
  const save = (file: { path: string; mimeType?: string }, bytes: string) =>
    downloadBytes(name, bytesOfBase64(bytes), typeOf(file));
  const download = () => {
    setProblem(undefined);
    if (base64 !== undefined) {
      save({ path }, base64);
      return;
    }
    setBusy(true);
    client
      .readFile({ session, heap, path })
      .then(
        (read) => save(read.file, read.base64),
        (error: Error) => setProblem(error.message),
      )
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button
        type="button"
        className="secondary small"
        onClick={download}
        disabled={busy}
        aria-label={`Download ${name}`}
      >
        {label ?? 'Download'}
      </button>
      {problem && (
        <span role="alert" className="problem">
          {problem}
        </span>
      )}
    </>
  );
}
