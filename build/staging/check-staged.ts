import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs the staged runtime: its version, isolated-vm, esbuild's binary (what package imports are
 * bundled with), and one run_js over stdio.
 */
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
  const esbuild = await run(
    staged.runtime,
    [
      '-e',
      "process.stdout.write(require('esbuild').transformSync('let n: number = 1', { loader: 'ts' }).code)",
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
      esbuild: esbuild.stdout.trim(),
      runJs: result.result?.structuredContent?.value,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
