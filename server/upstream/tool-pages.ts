// An upstream's tools/list, page by page: the SDK's own walk holds every page (up to 64 of them,
// each up to the message bound) before anything can cut it, and gives each page the whole time
// anew. Here the walk stops once the tools kept reach a count or a size, and all pages share one
// deadline.
import type { Client, Tool } from '@modelcontextprotocol/client';
import { MAX_MCP_NAME } from '../sandbox/tools/upstream-refusal.ts';

/** Pages asked at most: a server naming cursors for ever is listed as far as this. */
const MAX_PAGES = 64;

export interface ToolPagesBounds {
  /** Tools kept at most. */
  maxTools: number;
  /** Bytes of the tools kept (as JSON) at most. */
  maxBytes: number;
}

/** The tools listed, and why the listing was cut short if it was. */
export interface ToolPages {
  tools: Tool[];
  cut?: string;
  /** Tools left out for a name longer than any call may name, which no one could call. */
  overlong: number;
}

/** `time` is the walk's: its signal, and the `performance.now()` time all pages must be in by. */
export async function listToolPages(
  client: Client,
  time: { signal: AbortSignal; deadline: number },
  { maxTools, maxBytes }: ToolPagesBounds,
): Promise<ToolPages> {
  const tools: Tool[] = [];
  let overlong = 0;
  let bytes = 0;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const timeout = Math.max(1, Math.round(time.deadline - performance.now()));
    const result = await client.request(
      { method: 'tools/list', params: cursor === undefined ? {} : { cursor } },
      { signal: time.signal, timeout, maxTotalTimeout: timeout },
    );
    for (const tool of result.tools) {
      if (tool.name.length > MAX_MCP_NAME) {
        overlong++;
        continue;
      }
      if (tools.length >= maxTools) return { tools, overlong, cut: `more than ${maxTools} tools` };
      bytes += Buffer.byteLength(JSON.stringify(tool));
      if (bytes > maxBytes) return { tools, overlong, cut: `tools over ${maxBytes} bytes` };
      tools.push(tool);
    }
    cursor = result.nextCursor;
    if (cursor === undefined) return { tools, overlong };
  }
  return { tools, overlong, cut: `more than ${MAX_PAGES} pages` };
}
