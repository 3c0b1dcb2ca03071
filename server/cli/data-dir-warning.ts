import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dataLayout } from '../store/data-dir.ts';
import { processAlive } from '../store/process-alive.ts';

/**
 * A warning for a stdio process about to serve `dataDir` itself while a server (the desktop
 * app's, or a headless one) runs on the default data directory: the client would not see that
 * server's sessions, nor show in its window. Undefined when there is nothing to warn of.
 */
export async function otherDataDirWarning(
  dataDir: string,
  defaultDir: string,
): Promise<string | undefined> {
  if (resolve(dataDir) === resolve(defaultDir)) return undefined;
  const running = await readFile(dataLayout(defaultDir).serverInfo, 'utf8').then(
    (text) => JSON.parse(text) as { pid?: unknown; url?: unknown },
    () => undefined,
  );
  if (typeof running?.pid !== 'number' || !processAlive(running.pid)) return undefined;
  return `warning: this stdio process uses the data directory ${dataDir}, but the MCP Isolate server at ${String(running.url)} uses ${defaultDir}: they share no sessions, and this client will not show in its window. To join it, pass --data-dir ${JSON.stringify(defaultDir)}.`;
}
