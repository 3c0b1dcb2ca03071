/**
 * Whether a process with this id runs (one that exists but is not ours to signal runs too): what
 * a data directory holds of a server (server.json, its build folders) outlives one that crashed.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
