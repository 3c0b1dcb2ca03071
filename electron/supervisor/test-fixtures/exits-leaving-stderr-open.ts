// A server that dies while a process it started (as a sandbox worker could be) still holds its
// stderr open: the supervisor sees `exit` at once but `close` only when that process ends.
import { spawn } from 'node:child_process';

const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.stderr.write(`holder ${holder.pid}\nmcp-isolate: something broke\n`);
process.exit(3);
