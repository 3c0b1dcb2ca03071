import { type UploadState, uploadStatusText } from '../logic/file-upload.ts';

interface Props {
  uploads: readonly UploadState[];
  className?: string;
}

/** How a session's uploads go, a line each, read out as they change (a refusal as an alert). */
export function UploadStatus({ uploads, className = '' }: Props) {
  return uploads.map((upload) => (
    <p
      key={upload.id}
      role={upload.phase === 'failed' ? 'alert' : 'status'}
      className={`upload-status ${upload.phase === 'failed' ? 'problem' : 'meta'} ${className}`}
      data-testid="upload-status"
    >
      {uploadStatusText(upload)}
    </p>
  ));
}
