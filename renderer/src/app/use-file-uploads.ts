import { useCallback, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { type UploadState, uploadInput } from '../logic/file-upload.ts';

export interface FileUploads {
  /** Each session's latest upload, under way, done or failed. */
  states: Readonly<Record<string, UploadState>>;
  /** Uploads `files` into `folder` of `session`, as one run (uploadFiles). */
  upload: (
    session: string,
    files: readonly File[],
    folder: string,
    from: UploadState['from'],
  ) => void;
}

/**
 * The window's uploads: each a run of its own in its session. Kept above the session list and
 * the session's Files panel, so a drop on the list shows how it went there and in the panel.
 */
export function useFileUploads(client: DesktopClient): FileUploads {
  const [states, setStates] = useState<Record<string, UploadState>>({});
  const upload = useCallback(
    (session: string, files: readonly File[], folder: string, from: UploadState['from']) => {
      const names = files.map((file) => file.name);
      const set = (state: Pick<UploadState, 'bytes' | 'phase' | 'problem'>) =>
        setStates((current) => ({
          ...current,
          [session]: { session, folder, from, names, ...state },
        }));
      set({ bytes: files.reduce((sum, file) => sum + file.size, 0), phase: 'sending' });
      const send = async () => {
        const input = await uploadInput(files, folder);
        if ('problem' in input) {
          set({ bytes: 0, phase: 'failed', problem: input.problem });
          return;
        }
        await client.uploadFiles({ session, files: input.files });
        set({ bytes: input.bytes, phase: 'done' });
      };
      // A file that cannot be read (gone from the disk since it was picked) fails like a refusal.
      send().catch((error: Error) => set({ bytes: 0, phase: 'failed', problem: error.message }));
    },
    [client],
  );
  return { states, upload };
}
