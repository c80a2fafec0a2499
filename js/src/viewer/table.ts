// A narrow view of an Arrow table: named columns read by row. Keeps the graph builder independent
// of apache-arrow's generic types, and lets it read any column type (ids may be strings, int64
// bigints or floats).
import type { Table } from "apache-arrow";

export interface ColumnReader {
  get(row: number): unknown;
}

export interface Columns {
  readonly numRows: number;
  readonly names: ReadonlySet<string>;
  /** The column, or null when the table has none of that name. */
  column(name: string): ColumnReader | null;
}

/** Wraps an apache-arrow Table. */
export function arrowColumns(table: Table): Columns {
  const names = new Set(table.schema.fields.map((field) => field.name));
  return {
    numRows: table.numRows,
    names,
    column(name: string): ColumnReader | null {
      if (!names.has(name)) return null;
      const vector = table.getChild(name);
      if (vector === null) return null;
      return { get: (row: number): unknown => vector.get(row) };
    },
  };
}
