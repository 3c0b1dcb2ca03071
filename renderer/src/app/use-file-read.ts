import { useEffect, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { FileInfo } from '../../../contract/session-files.ts';

export interface FileRead {
  file?: FileInfo;
  base64?: string;
  problem?: string;
}

/**
 * One file of a heap, read once while `wanted` (a heap's files never change); its bytes are let
 * go when it no longer is.
 */
export function useFileRead(
  client: DesktopClient,
  session: string,
  heap: string,
  path: string,
  wanted: boolean,
): FileRead {
  const [read, setRead] = useState<FileRead>({});
  useEffect(() => {
    if (!wanted) {
      setRead((before) => (before.base64 === undefined && !before.problem ? before : {}));
      return;
    }
    let current = true;
    client.readFile({ session, heap, path }).then(
      ({ file, base64 }) => current && setRead({ file, base64 }),
      (error: Error) => current && setRead({ problem: error.message }),
    );
    return () => {
      current = false;
    };
  }, [client, session, heap, path, wanted]);
  return read;
}
