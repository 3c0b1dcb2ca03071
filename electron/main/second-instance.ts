/**
 * `MCP Isolate --quit` quits the running app the normal way (its server stopped first), from a
 * script, an installer or the Electron specs: Windows has no signal that asks an app to quit.
 */
export const QUIT_ARG = '--quit';

/** What a second launch asks of the running app: to quit, or to show its window. */
export function secondInstanceAction(argv: readonly string[]): 'quit' | 'show' {
  return argv.includes(QUIT_ARG) ? 'quit' : 'show';
}
