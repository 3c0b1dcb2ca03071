// Stages what the desktop app carries besides Electron: the platform's Node 24 runtime (from the
// npm registry's node-PLATFORM-ARCH package) and the server with its production dependencies
// (isolated-vm with its prebuilds) and the built GUI; then checks that the staged runtime runs,
// loads isolated-vm and serves one run_js over stdio.
//
//   node build/stage-app.ts [--platform linux] [--arch x64] [--out build/staged/linux-x64]
import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface StageOptions {
  platform: NodeJS.Platform;
  arch: string;
  out: string;
  log?: (line: string) => void;
}

/** The version of the `node` devDependency: the runtime the project is tested on. */
async function nodeVersion(): Promise<string> {
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8'));
  return lock.packages['node_modules/node'].version as string;
}

const registryPlatform = (platform: NodeJS.Platform) => (platform === 'win32' ? 'win' : platform);

export async function stageApp({ platform, arch, out, log = () => {} }: StageOptions) {
  const version = await nodeVersion();
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), 'mcp-isolate-stage-'));
  try {
    const pkg = `node-${registryPlatform(platform)}-${arch}@${version}`;
    log(`runtime: ${pkg} from the npm registry`);
    const { stdout } = await run(NPM, ['pack', pkg, '--pack-destination', scratch, '--silent'], {
      cwd: scratch,
      shell: process.platform === 'win32',
    });
    const tarball = join(scratch, stdout.trim().split('\n').at(-1) as string);
    await run('tar', ['-xzf', tarball, '-C', scratch]);
    const runtime = join(out, 'runtime');
    await mkdir(join(runtime, 'bin'), { recursive: true });
    const exe = platform === 'win32' ? 'node.exe' : 'node';
    const source = join(scratch, 'package', 'bin', exe);
    const target = platform === 'win32' ? join(runtime, exe) : join(runtime, 'bin', exe);
    await cp(source, target);

    log('server: sources, built GUI, production dependencies');
    const server = join(out, 'server');
    await mkdir(server, { recursive: true });
    const skipTests = (path: string) => !/\.test\.ts$|test-support/.test(path);
    await cp(join(ROOT, 'bin'), join(server, 'bin'), { recursive: true });
    await cp(join(ROOT, 'server'), join(server, 'server'), { recursive: true, filter: skipTests });
    await cp(join(ROOT, 'renderer', 'dist'), join(server, 'renderer', 'dist'), { recursive: true });
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    // The staged server runs on the staged runtime: it needs no `node` package of its own.
    await writeFile(
      join(server, 'package.json'),
      `${JSON.stringify({ ...manifest, devDependencies: {} }, null, 2)}\n`,
    );
    await cp(join(ROOT, 'package-lock.json'), join(server, 'package-lock.json'));
    // isolated-vm carries its prebuilds for every platform; nothing needs building.
    await run(NPM, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: server,
      shell: process.platform === 'win32',
    });
    return { runtime: target, serverScript: join(server, 'bin', 'mcp-isolate.mjs'), version };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Runs the staged runtime: its version, isolated-vm, and one run_js over stdio. */
export async function checkStaged(staged: { runtime: string; serverScript: string }) {
  const { stdout: version } = await run(staged.runtime, ['--version']);
  const ivm = await run(
    staged.runtime,
    [
      '--no-node-snapshot',
      '-e',
      "const ivm = require('isolated-vm'); console.log(new ivm.Isolate().createContextSync().evalSync('6 * 7'))",
    ],
    { cwd: join(staged.serverScript, '..', '..') },
  );
  const dataDir = await mkdtemp(join(tmpdir(), 'mcp-isolate-stage-check-'));
  try {
    const child = spawn(staged.runtime, [staged.serverScript, '--stdio', '--data-dir', dataDir], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    const answers: unknown[] = [];
    const answered = new Promise<void>((resolve) => {
      lines.on('line', (line) => {
        answers.push(JSON.parse(line));
        if (answers.length === 2) resolve();
      });
    });
    const rpc = (message: object) =>
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    rpc({
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'stage-check', version: '1' },
      },
    });
    rpc({ method: 'notifications/initialized' });
    rpc({
      id: 2,
      method: 'tools/call',
      params: { name: 'run_js', arguments: { code: '[1, 2, 3].map((n) => n * 2)' } },
    });
    await answered;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    await exited;
    const result = answers[1] as { result?: { structuredContent?: { value?: string } } };
    return {
      version: version.trim(),
      isolatedVm: ivm.stdout.trim(),
      runJs: result.result?.structuredContent?.value,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { platform: { type: 'string' }, arch: { type: 'string' }, out: { type: 'string' } },
  });
  const platform = (values.platform ?? process.platform) as NodeJS.Platform;
  const arch = values.arch ?? process.arch;
  const out = values.out ?? join(ROOT, 'build', 'staged', `${platform}-${arch}`);
  const staged = await stageApp({ platform, arch, out, log: (line) => console.log(line) });
  if (platform === process.platform && arch === process.arch) {
    console.log('check:', await checkStaged(staged));
  }
  console.log(`staged into ${out}`);
}
