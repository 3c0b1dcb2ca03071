/** Chromium's switches that let another process drive the app's windows and read their pages. */
export const DEBUG_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe'] as const;

export interface LaunchFacts {
  packaged: boolean;
  hasSwitch: (name: string) => boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * Why this launch must not go on, or undefined. A packaged app refuses the remote debugging
 * switches (a debugger attached to the window could call the admin API through the preload),
 * unless MCP_ISOLATE_TEST_SPECS=1: the release's Electron specs drive the packaged app that way.
 * The fuses cannot turn these switches off, as they do --inspect.
 */
export function refusedLaunch({ packaged, hasSwitch, env }: LaunchFacts): string | undefined {
  if (!packaged || env.MCP_ISOLATE_TEST_SPECS === '1') return undefined;
  const given = DEBUG_SWITCHES.filter((name) => hasSwitch(name));
  if (given.length === 0) return undefined;
  return `MCP Isolate does not start with ${given.map((name) => `--${name}`).join(' or ')}: it would let another program control its window. Start it without.`;
}
