// An UpstreamManager over real server processes for tests: its message log, the lines it wrote
// to the server's log, asks made the way a run makes them, and waits on its events.
import { after } from 'node:test';
import type { McpServers } from '../../contract/mcp-servers.ts';
import type { UpstreamServerInfo } from '../../contract/mcp-upstreams.ts';
import { MessageLog } from '../messages/message-log.ts';
import type { ToolCallAnswer, ToolListAnswer } from '../sandbox/protocol.ts';
import { UpstreamManager, type UpstreamManagerOptions } from '../upstream/upstream-manager.ts';

export interface TestUpstreams {
  manager: UpstreamManager;
  messages: MessageLog;
  /** What the manager wrote to the server's log. */
  lines: string[];
  call(
    server: string,
    tool: string,
    args?: unknown,
    options?: { maxBytes?: number; timeoutMs?: number; signal?: AbortSignal },
  ): Promise<ToolCallAnswer>;
  list(options?: { maxBytes?: number; timeoutMs?: number }): Promise<ToolListAnswer>;
  /** The status of `name` once `holds` does (told by the manager's events, within a bound). */
  until(
    name: string,
    holds: (status: UpstreamServerInfo) => boolean,
    withinMs?: number,
  ): Promise<UpstreamServerInfo>;
  status(name: string): UpstreamServerInfo | undefined;
}

/** A manager configured with `servers`, closed after the test file. */
export async function testUpstreams(
  servers: McpServers,
  options: Partial<UpstreamManagerOptions> = {},
): Promise<TestUpstreams> {
  const messages = new MessageLog();
  const lines: string[] = [];
  const manager = new UpstreamManager({
    messages,
    logLine: (line) => lines.push(line),
    ...options,
  });
  after(() => manager.close());
  await manager.configure(servers);
  const status = (name: string) => manager.states().find((s) => s.name === name);
  return {
    manager,
    messages,
    lines,
    status,
    call: (server, tool, args = {}, { maxBytes = 1 << 24, timeoutMs = 30_000, signal } = {}) =>
      manager.ask(
        {
          type: 'tool-call',
          server,
          tool,
          arguments: typeof args === 'string' ? args : JSON.stringify(args),
          maxBytes,
          timeoutMs,
        },
        { session: 'test', signal: signal ?? new AbortController().signal },
      ),
    list: ({ maxBytes = 1 << 24, timeoutMs = 30_000 } = {}) =>
      manager.ask(
        { type: 'tool-list', maxBytes, timeoutMs },
        { session: 'test', signal: new AbortController().signal },
      ),
    until: (name, holds, withinMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const now = status(name);
          if (!now || !holds(now)) return false;
          clearTimeout(timer);
          unsubscribe();
          resolve(now);
          return true;
        };
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`${name} never got there: ${JSON.stringify(status(name))}`));
        }, withinMs);
        const unsubscribe = manager.subscribe(check);
        check();
      }),
  };
}

/** A call's result as the SDK gave it, or throws with the answer it got instead. */
export function resultOf(answer: ToolCallAnswer): {
  content: { type: string; text?: string }[];
  structuredContent?: unknown;
  isError?: boolean;
} {
  if (!('result' in answer)) throw new Error(`no result: ${JSON.stringify(answer)}`);
  return JSON.parse(answer.result);
}

/** The text of a call's first content. */
export const textOf = (answer: ToolCallAnswer): string => resultOf(answer).content[0]?.text ?? '';
