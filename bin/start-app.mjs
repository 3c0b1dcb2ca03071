#!/usr/bin/env node
// `npm start`: the tray app where Electron is installed, otherwise the headless server with its
// GUI in a browser (the address it prints).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const electron = electronBinary();

if (electron.path) {
  const app = spawn(electron.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(`No desktop app here (${electron.why}): starting the headless server.\n`);
  await import(new URL('./mcp-isolate.mjs', import.meta.url).href);
}
