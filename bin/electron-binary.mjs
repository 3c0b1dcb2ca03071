// Where Electron's binary is, if it was ever downloaded. Unlike require('electron'), this never
// starts a download: `npm ci` skips it, and machines without the network must not try.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** @returns {{ path?: string, why?: string }} */
export function electronBinary() {
  let folder;
  try {
    folder = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { why: 'the electron package is not installed' };
  }
  const pathFile = join(folder, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      why: 'Electron\'s binary was never downloaded (npm ci skips it; "node node_modules/electron/install.js" fetches it where the network allows)',
    };
  }
  const path = join(folder, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path) ? { path } : { why: `the Electron binary is missing at ${path}` };
}
