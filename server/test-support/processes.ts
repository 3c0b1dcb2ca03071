import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';

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
