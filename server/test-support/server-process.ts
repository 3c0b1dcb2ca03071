import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { newTempDir, removeDir } from './temp-dir.ts';

export const BIN = fileURLToPath(new URL('../../bin/mcp-isolate.mjs', import.meta.url));

export interface ServerProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr: () => string;
  /** SIGTERM, and the exit code. */
  stop: () => Promise<number | null>;
}

/** A real `mcp-isolate` process on a free port, stopped after the test file. */
export async function startServerProcess(
  args: string[] = [],
  /** `node`: the runtime to start it on, this test's own unless given. */
  options: { dataDir?: string; env?: Record<string, string>; node?: string } = {},
): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? (await newTempDir());
  const child = spawn(
    options.node ?? process.execPath,
    [BIN, '--port', '0', '--data-dir', dataDir, ...args],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...options.env },
    },
  );
  // One stop, however often asked: a second SIGTERM would cut the first one's clean exit short.
  let stopped: Promise<number | null> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      return code as number | null;
    })();
    return stopped;
  };
  // Stopped before its folder goes: a server still writing would make folders again.
  after(async () => {
    await stop();
    if (!options.dataDir) await removeDir(dataDir);
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /MCP Isolate listening on (\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${stderr}`)));
  });
  return { url, dataDir, child, stderr: () => stderr, stop };
}
