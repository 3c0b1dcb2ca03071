import type { EffectKind, EffectOf } from '../../../contract/effect-kinds.ts';
import { plural } from './format.ts';

/** A column of a run's effects table. */
export interface EffectColumn {
  header: string;
  /** The class of its `<col>`, which sizes it (styles.css); none takes the room left. */
  width?: string;
  /** A long text (a URL, a specifier), cut to fit and whole on hover. */
  long?: boolean;
  /** Shown only when some row has something in it. */
  optional?: boolean;
}

/** One effect as its table shows it: a cell per column, and why it went wrong, if it did. */
export interface EffectRow {
  cells: string[];
  reason?: string;
  /** The row's class: `ok`, or how it went wrong (styles.css colours them). */
  outcome: string;
}

/** How a run's effects of one kind show (views/RunEffects.tsx): one table, a row per effect. */
export interface EffectTable<K extends EffectKind> {
  testId: string;
  className: string;
  /** Its caption, which also names it: "3 requests · 1 refused". */
  heading: (effects: readonly EffectOf<K>[]) => string;
  columns: readonly EffectColumn[];
  row: (effect: EffectOf<K>) => EffectRow;
}

/** "3 requests · 1 refused": how many effects, then how many of each sort worth a look, when any. */
export function effectsHeading<E>(
  effects: readonly E[],
  noun: string,
  sorts: readonly (readonly [label: string, isOfSort: (effect: E) => boolean])[],
): string {
  return [
    plural(effects.length, noun),
    ...sorts.flatMap(([label, isOfSort]) => {
      const count = effects.filter(isOfSort).length;
      return count > 0 ? [`${count} ${label}`] : [];
    }),
  ].join(' · ');
}

/** A table's row from a row object: the named fields as its cells, in column order. */
export function effectRow<R extends { reason?: string; outcome: string }>(
  row: R,
  cells: readonly { [F in keyof R]: R[F] extends string ? F : never }[keyof R][],
): EffectRow {
  return {
    cells: cells.map((field) => row[field] as string),
    ...(row.reason !== undefined && { reason: row.reason }),
    outcome: row.outcome,
  };
}
