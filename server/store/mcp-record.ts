// What a run's calls of the user's other MCP servers received, as its journal entry records it:
// replay serves exactly this and never asks a server again. The arguments and results are kept
// in the blob store (blob-store.ts) by their hash, so the heap id covers them and the journal
// line, read whole on every restore, stays small.

/** One call of a tool (`mcp.call`), or a listing of the servers and their tools. */
export interface McpExchange {
  request:
    | {
        op: 'call';
        server: string;
        tool: string;
        /** Hash of the arguments' JSON text, as the guest serialised it. */
        arguments: string;
      }
    | { op: 'list' };
  /** The CallToolResult's or the listing's JSON text, by hash. */
  result?: { blob: string; bytes: number };
  /** Why the call got no result: refused by a setting, or failed (the server, the protocol). */
  error?: { message: string; refused?: true; code?: number };
  /** Wall-clock time the host spent on it (informative, not hashed). */
  ms: number;
}
