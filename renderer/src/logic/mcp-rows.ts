import type { EffectOf } from '../../../contract/effect-kinds.ts';
import { type EffectTable, effectRow, effectsHeading } from './effect-table.ts';
import { formatMs } from './format.ts';

type ToolCall = EffectOf<'mcp'>;

/** One of a run's MCP tool calls (or listings) as its table shows it. */
export interface ToolCallRow {
  server: string;
  /** The tool, or `servers()` for a listing. */
  tool: string;
  arguments: string;
  /** What the code got, or how it went wrong. */
  result: string;
  time: string;
  reason?: string;
  outcome: 'ok' | 'refused' | 'failed' | 'tool-error';
}

const outcomeOf = (call: ToolCall): ToolCallRow['outcome'] =>
  call.refused
    ? 'refused'
    : call.error !== undefined
      ? 'failed'
      : call.toolError
        ? 'tool-error'
        : 'ok';

export function toolCallRow(call: ToolCall): ToolCallRow {
  const outcome = outcomeOf(call);
  const failed = outcome === 'refused' || outcome === 'failed';
  return {
    server: call.server,
    tool: call.tool ?? 'servers()',
    arguments: call.arguments ?? '',
    result: failed ? outcome : (call.result ?? ''),
    time: formatMs(call.ms),
    ...(call.error !== undefined && { reason: call.error }),
    outcome,
  };
}

/** "3 tool calls · 1 failed": how many, and how many were refused, failed or answered an error (isError). */
export const toolCallsHeading = (calls: readonly ToolCall[]): string =>
  effectsHeading(calls, 'tool call', [
    ['refused', (call) => outcomeOf(call) === 'refused'],
    ['failed', (call) => outcomeOf(call) === 'failed'],
    ['answered an error', (call) => outcomeOf(call) === 'tool-error'],
  ]);

/** A run's calls of the user's other MCP servers, in the order made; failed ones with why. */
export const mcpTable: EffectTable<'mcp'> = {
  testId: 'run-tool-calls',
  className: 'network run-tool-calls',
  heading: toolCallsHeading,
  columns: [
    { header: 'Server', width: 'server' },
    { header: 'Tool', long: true },
    { header: 'Arguments', long: true },
    { header: 'Result', long: true },
    { header: 'Time', width: 'time' },
  ],
  row: (call) => effectRow(toolCallRow(call), ['server', 'tool', 'arguments', 'result', 'time']),
};
