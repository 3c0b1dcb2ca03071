// What a run's effects received, as its journal entry records it (`effects`): one batch per step
// that asked, in the order the guest received them, each naming its kind. Replay serves exactly
// these and never performs an effect again. Each kind's record type lives beside this file
// (net-record.ts, package-record.ts, mcp-record.ts); every record carries the informative `ms` the heap id
// leaves out.
import type { EffectKind } from '../../contract/effect-kinds.ts';
import type { McpExchange } from './mcp-record.ts';
import type { NetBatches, NetExchange } from './net-record.ts';
import type { PackageBatches, PackageImport } from './package-record.ts';

/** Each kind's record of one effect. */
export interface EffectRecords {
  fetch: NetExchange;
  import: PackageImport;
  mcp: McpExchange;
}

/**
 * The kinds in their fixed order: heap ids hash them in it, and the guest registers its kinds in
 * it (so a step serves them in it). Never reorder it: a new kind goes at the end.
 */
export const EFFECT_KIND_ORDER = [
  'fetch',
  'import',
  'mcp',
] as const satisfies readonly EffectKind[];

/** One step's answers of one kind, as the entry records them. */
export type EffectBatch = {
  [K in EffectKind]: { kind: K; batch: EffectRecords[K][] };
}[EffectKind];

/** The batches of one kind in an entry's effects, in order. */
export const batchesOf = <K extends EffectKind>(
  effects: readonly EffectBatch[] | undefined,
  kind: K,
): EffectRecords[K][][] =>
  (effects ?? [])
    .filter((effect) => effect.kind === kind)
    .map((effect) => effect.batch as EffectRecords[K][]);

/**
 * What the heap id covers of an entry's effects: each kind's batches in the fixed kind order,
 * without their times, the kinds after the last present one left out. For fetch and import this
 * is what entries written before `effects` hashed (`[net]`, `[[], packages]`, `[net, packages]`).
 */
export function hashedEffects(effects: readonly EffectBatch[] | undefined): unknown[] {
  const byKind = EFFECT_KIND_ORDER.map((kind) =>
    batchesOf(effects, kind).map((batch) =>
      batch.map((record: { ms: number }) => {
        const { ms: _ms, ...hashed } = record;
        return hashed;
      }),
    ),
  );
  const present = byKind.findLastIndex((batches) => batches.length > 0);
  return byKind.slice(0, present + 1);
}

/** An entry as journals written before `effects` hold it: its fetches and imports apart. */
export interface LegacyEffects {
  net?: NetBatches;
  packages?: PackageBatches;
}

/**
 * The effects of an entry written before `effects` existed. Their order across kinds was not
 * recorded (replay serves each kind's batches in its own order), so fetches come first.
 */
export const effectsOfLegacy = ({ net, packages }: LegacyEffects): EffectBatch[] => [
  ...(net ?? []).map((batch): EffectBatch => ({ kind: 'fetch', batch })),
  ...(packages ?? []).map((batch): EffectBatch => ({ kind: 'import', batch })),
];
