import { useEffect, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { FileListing } from '../../../contract/session-files.ts';

/**
 * The files of one heap of a session, loaded again when `version` changes (a run of the session
 * ended). The answer of a heap no longer asked for is dropped.
 */
export function useFileListing(
  client: DesktopClient,
  session: string,
  heap: string,
  version: number,
): { listing?: FileListing; problem?: string } {
  const [loaded, setLoaded] = useState<{ heap: string; listing?: FileListing; problem?: string }>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: version says when to load again
  useEffect(() => {
    let current = true;
    client.listFiles({ session, heap }).then(
      (listing) => current && setLoaded({ heap, listing }),
      (error: Error) => current && setLoaded({ heap, problem: error.message }),
    );
    return () => {
      current = false;
    };
  }, [client, session, heap, version]);
  if (loaded?.heap !== heap) return {};
  return {
    ...(loaded.listing && { listing: loaded.listing }),
    ...(loaded.problem !== undefined && { problem: loaded.problem }),
  };
}
