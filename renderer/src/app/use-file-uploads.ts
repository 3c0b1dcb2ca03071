import { useCallback, useRef, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { RunRecord } from '../../../contract/run-record.ts';
import type { SessionSummary } from '../../../contract/sessions.ts';
import {
  nearSessionLimits,
  type UploadState,
  uploadInput,
  uploadRefusal,
  withUpload,
} from '../logic/file-upload.ts';

export interface FileUploads {
  /** Each session's uploads under way and the latest ended ones. */
  states: Readonly<Record<string, readonly UploadState[]>>;
  /**
   * Uploads `files` into `folder` of the session, as one run (uploadFiles); the run when it
   * was made, undefined when the upload failed (its state says why).
   */
  upload: (
    session: Pick<SessionSummary, 'name' | 'fileBytes' | 'files'>,
    files: readonly File[],
    folder: string,
    from: UploadState['from'],
  ) => Promise<{ run: RunRecord; paths: string[] } | undefined>;
}

/**
 * The window's uploads: each a run of its own in its session. Kept above the Sessions view (its
 * list and the session's Files panel), so how an upload went is still said after leaving the
 * view and coming back. The file limits are checked from the files' sizes before any is read.
 */
export function useFileUploads(client: DesktopClient): FileUploads {
  const [states, setStates] = useState<Record<string, readonly UploadState[]>>({});
  const lastId = useRef(0);
  const upload = useCallback<FileUploads['upload']>(
    async (session, files, folder, from) => {
      const id = ++lastId.current;
      const names = files.map((file) => file.name);
      const bytes = files.reduce((sum, file) => sum + file.size, 0);
      const set = (state: Pick<UploadState, 'phase' | 'read' | 'problem' | 'refused'>) =>
        setStates((current) => ({
          ...current,
          [session.name]: withUpload(current[session.name] ?? [], {
            id,
            session: session.name,
            folder,
            from,
            names,
            bytes,
            ...state,
          }),
        }));
      const refuse = (problem: string) => {
        set({ phase: 'failed', problem, refused: true });
        return undefined;
      };
      set({ phase: 'reading', read: 0 });
      try {
        const limits = await client.getSettings({});
        // Only near a session limit are the folder's files asked for: one of the same name is
        // replaced, not added.
        const existing = nearSessionLimits(files, limits, session)
          ? (await client.listFiles({ session: session.name, path: folder }).catch(() => undefined))
              ?.files
          : undefined;
        const refusal = uploadRefusal(files, folder, limits, session, existing);
        if (refusal) return refuse(refusal);
        const input = await uploadInput(files, folder, (read) => set({ phase: 'reading', read }));
        if ('problem' in input) return refuse(input.problem);
        set({ phase: 'sending' });
        const { run } = await client.uploadFiles({ session: session.name, files: input.files });
        set({ phase: 'done' });
        return { run, paths: input.paths };
      } catch (error) {
        // A file that cannot be read (gone from the disk since it was picked) fails like a refusal.
        set({ phase: 'failed', problem: (error as Error).message });
        return undefined;
      }
    },
    [client],
  );
  return { states, upload };
}
