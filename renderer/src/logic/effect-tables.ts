import type { EffectKind } from '../../../contract/effect-kinds.ts';
import type { EffectTable } from './effect-table.ts';
import { mcpTable } from './mcp-rows.ts';
import { fetchTable } from './network-rows.ts';
import { importTable } from './package-rows.ts';

/**
 * Each effect kind's table, in the order a run shows them: its imports, then its fetches, then
 * its tool calls.
 */
export const EFFECT_TABLES: { [K in EffectKind]: EffectTable<K> } = {
  import: importTable,
  fetch: fetchTable,
  mcp: mcpTable,
};
