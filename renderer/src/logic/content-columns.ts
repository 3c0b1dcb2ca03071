/** A column of a table sized to its content. */
export interface ContentColumn {
  heading: string;
  /** The texts its cells hold, or may hold: a column of known values lists them all. */
  texts: Iterable<string>;
  /** Takes the room the others leave: at least `min` pixels, `wants` when the table has room. */
  flexible?: { min: number; wants: number };
  /**
   * Gives way when room runs short, down to its heading's width (its cells then cut, with the
   * whole text one hover away).
   */
  yields?: boolean;
}

/** Text widths in pixels, as a cell's font and a heading's draw them. */
export interface TextMeasure {
  cell: (text: string) => number;
  heading: (text: string) => number;
}

/** A table's CSS grid columns, and the width in pixels its columns want together. */
export interface ContentLayout {
  template: string;
  width: number;
}

/**
 * CSS grid columns for a table, each as wide as its widest text (its heading included), so no
 * cell is cut while there is room. When room runs short the flexible column shrinks to its
 * minimum first, then the yielding ones give way; the others always keep their width, and no
 * heading is ever cut.
 */
export function contentColumns(
  columns: readonly ContentColumn[],
  measure: TextMeasure,
): ContentLayout {
  let total = 0;
  const tracks = columns.map((column) => {
    if (column.flexible) {
      total += column.flexible.wants;
      return `minmax(${column.flexible.min}px, 1fr)`;
    }
    // A pixel over, so a width the browser rounds down never cuts the last letter.
    const heading = Math.ceil(measure.heading(column.heading)) + 1;
    let width = heading;
    for (const text of column.texts) width = Math.max(width, Math.ceil(measure.cell(text)) + 1);
    total += width;
    return column.yields ? `minmax(${heading}px, ${width}px)` : `${width}px`;
  });
  return { template: tracks.join(' '), width: total };
}
