#!/usr/bin/env node
// Starts the server on Node 24 whatever `node` ran this: this one when it is new enough,
// otherwise the Node 24 the package depends on (the `node` npm package).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const main = new URL('../server/cli/main.ts', import.meta.url);
const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
  await import(main.href);
} else {
  const require = createRequire(import.meta.url);
  const node24 = require.resolve('node/bin/node');
  const child = spawn(node24, [fileURLToPath(main), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
