// An app in miniature: supervises a real server on the data directory it is given and prints the
// server's pid and address, so a test can kill this process the way a crash would kill the app.
import { BIN } from '../../../server/test-support/server-process.ts';
import { ServerSupervisor } from '../server-supervisor.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: supervise.ts DATA_DIR');
const supervisor = new ServerSupervisor({
  node: process.execPath,
  serverScript: BIN,
  dataDir,
  args: ['--port', '0'],
});
supervisor.subscribe((state) => {
  if (state.phase === 'running') {
    process.stdout.write(`${JSON.stringify({ pid: state.pid, url: state.url })}\n`);
  }
});
supervisor.start();
