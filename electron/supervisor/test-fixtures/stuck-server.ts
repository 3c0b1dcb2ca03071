// A stand-in for the server that the supervisor's tests control exactly: it announces an address
// with its stderr cut mid-line across writes, moves once, and then ignores every request to stop
// (a stuck server), so only a kill ends it. It leaves with its supervisor, not to outlive a test.
// With --no-server-json it announces without writing server.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const dataDir = process.argv[process.argv.indexOf('--data-dir') + 1] as string;
const serverJson = (adminToken: string) =>
  process.argv.includes('--no-server-json') ||
  writeFileSync(join(dataDir, 'server.json'), JSON.stringify({ adminToken }));
const write = async (text: string) => {
  process.stderr.write(text);
  await sleep(50);
};

process.on('message', (message) =>
  process.stderr.write(`fake: ignoring ${JSON.stringify(message)}\n`),
);
process.on('SIGTERM', () => process.stderr.write('fake: ignoring SIGTERM\n'));
process.on('disconnect', () => process.exit(0));
setInterval(() => undefined, 60_000);

serverJson('token-1');
await write('starting\nMCP Isolate listen');
await write('ing on http://127.0.0.1:1');
await write('\n  GUI: http://127.0.0.1:1/#token=token-1\n');
serverJson('token-2');
await write(
  'MCP Isolate listening on http://127.0.0.1:2\n  GUI: http://127.0.0.1:2/#token=token-2\nfake: done\n',
);
