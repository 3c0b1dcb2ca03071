import { Fragment } from 'react';
import {
  EFFECT_KINDS,
  type EffectFields,
  type EffectKind,
  type EffectOf,
} from '../../../contract/effect-kinds.ts';
import type { EffectTable } from '../logic/effect-table.ts';
import { EFFECT_TABLES } from '../logic/effect-tables.ts';

/** What a run asked the host for: a table per kind it asked for (EFFECT_TABLES). */
export function RunEffects({ run }: { run: EffectFields }) {
  return (Object.keys(EFFECT_TABLES) as EffectKind[]).map((kind) => {
    const effects = run[EFFECT_KINDS[kind].resultField];
    if (!effects || effects.length === 0) return null;
    return (
      <EffectTableView
        key={kind}
        table={EFFECT_TABLES[kind] as EffectTable<EffectKind>}
        effects={effects as EffectOf<EffectKind>[]}
      />
    );
  });
}

function EffectTableView({
  table,
  effects,
}: {
  table: EffectTable<EffectKind>;
  effects: readonly EffectOf<EffectKind>[];
}) {
  const rows = effects.map(table.row);
  const columns = table.columns
    .map((column, index) => ({ ...column, index }))
    .filter(({ optional, index }) => !optional || rows.some((row) => row.cells[index] !== ''));
  return (
    <table className={table.className} data-testid={table.testId}>
      <caption>{table.heading(effects)}</caption>
      <colgroup>
        {columns.map(({ header, width }) => (
          <col key={header} className={width} />
        ))}
      </colgroup>
      <thead>
        <tr>
          {columns.map(({ header }) => (
            <th key={header} scope="col">
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          // Effects have no id; their order is the run's and never changes.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Fragment key={index}>
            <tr className={row.outcome}>
              {columns.map(({ header, long, index: cell }) =>
                long ? (
                  <td key={header} className="url" title={row.cells[cell]}>
                    {row.cells[cell]}
                  </td>
                ) : (
                  <td key={header}>{row.cells[cell]}</td>
                ),
              )}
            </tr>
            {row.reason !== undefined && (
              <tr className={`reason ${row.outcome}`}>
                <td colSpan={columns.length}>{row.reason}</td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
