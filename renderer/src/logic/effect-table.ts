import type { EffectKind, EffectOf } from '../../../contract/effect-kinds.ts';

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
