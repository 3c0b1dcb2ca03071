import type { Settings } from '../../contract/setting-definitions.ts';

/** What can change while the server runs: its settings, and whether MCP is switched on. */
export interface ServerState {
  settings: Settings;
  /** Off: the MCP routes answer 503 and MCP connections are closed; the admin API stays. */
  mcpRunning: boolean;
  /** The latest problem the server met in the background (a snapshot failed…), in plain words. */
  problem?: string;
}
