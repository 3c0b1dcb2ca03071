import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { after } from 'node:test';

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Whether the process has exited (and is not a zombie nobody reaped yet). */
export async function processGone(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // An orphan's new parent may not have reaped it yet (Linux tells; elsewhere it counts as alive).
  const status = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return / Z /.test(status);
}

/** The processes whose parent is `pid` (Linux: read from /proc). */
export async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // The fields after the command's closing parenthesis: state, then the parent's pid.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === pid) children.push(Number(name));
  }
  return children;
}

/** A process started by a test that serves on a port it printed. */
export interface ListeningProcess {
  port: number;
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  stderr: () => string;
  /** SIGTERM, once, resolved when it exited. */
  stop: () => Promise<void>;
}

/**
 * Starts `node ARGS` and waits for `ready` (with the port as its first group) on its stderr or
 * stdout; it is stopped after the test file. A process that exits first rejects with its output.
 */
export async function startListeningProcess(
  args: string[],
  options: { env?: Record<string, string>; ready: RegExp; withinMs?: number },
): Promise<ListeningProcess> {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let output = '';
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    })();
    return stopped;
  };
  after(stop);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no ${options.ready} within ${options.withinMs ?? 30_000} ms: ${output}`));
      void stop();
    }, options.withinMs ?? 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.ready.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before it listened: ${output}`));
    });
  });
  return { port, child, stderr: () => output, stop };
}
