import { after } from 'node:test';
import { BIN } from '../../../server/test-support/server-process.ts';
import { tempDir } from '../../../server/test-support/temp-dir.ts';
import { ServerSupervisor, type SupervisorState } from '../server-supervisor.ts';

export type Running = SupervisorState & { phase: 'running' };

/**
 * A ServerSupervisor over the real server on a free port in a fresh data directory, stopped
 * after the test; `nextRunning` resolves at its next `running` state (subscribe before start).
 */
export async function supervisedServer() {
  const dataDir = await tempDir();
  const supervisor = new ServerSupervisor({
    node: process.execPath,
    serverScript: BIN,
    dataDir,
    args: ['--port', '0'],
  });
  after(() => supervisor.stop());
  const nextRunning = () =>
    new Promise<Running>((resolve) =>
      supervisor.subscribe((state) => state.phase === 'running' && resolve(state)),
    );
  return { supervisor, dataDir, nextRunning };
}
