// The app electron-builder packs into app.asar (`directories.app` in electron-builder.yml): the
// shell only. The project's package.json lists the server's dependencies, which the shell never
// loads (the server brings its own node_modules as a resource), so the app gets a package.json of
// its own without any.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The shell's files, relative to the project and, the same, to the app folder. */
export const SHELL_FILES = [
  'electron/dist/main.cjs',
  'electron/dist/preload.cjs',
  'renderer/dist',
] as const;

interface Manifest {
  name: string;
  productName: string;
  version: string;
  description: string;
  license: string;
  main: string;
}

/** The app's package.json: what Electron and electron-builder read, no dependencies. */
export function appManifest(project: Manifest): Manifest {
  const { name, productName, version, description, license, main } = project;
  return { name, productName, version, description, license, main };
}

/** Stages the shell into `out` (emptied first) from the project at `root`. */
export async function stageAppShell(root: string, out: string): Promise<void> {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  for (const path of SHELL_FILES) {
    await cp(join(root, path), join(out, path), { recursive: true });
  }
  const project = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  await writeFile(join(out, 'package.json'), `${JSON.stringify(appManifest(project), null, 2)}\n`);
}
