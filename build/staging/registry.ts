import { npm } from './npm.ts';

/**
 * Whether the npm registry has `spec` (NAME@VERSION). `npm view` answers with the version, or
 * fails with E404 for a missing package or version; any other failure (no network) is thrown.
 */
export async function registryHas(spec: string): Promise<boolean> {
  try {
    const { stdout } = await npm(['view', spec, 'version', '--json']);
    return stdout.trim() !== '';
  } catch (error) {
    const { stdout = '' } = error as { stdout?: string };
    if (/"code":\s*"E404"/.test(stdout)) return false;
    throw error;
  }
}
