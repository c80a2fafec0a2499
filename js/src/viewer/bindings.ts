// Which columns of the uploaded tables feed labels, colors and sizes, following pygraphistry's
// binding names (`node_*` in node_encodings; `point_*` is the older spelling of the same thing).
import type { Bindings } from "./types";
import { Decimal, Instant } from "./values";

/** The first binding among `names` whose column exists in the table. */
export function boundColumn(bindings: Bindings, names: readonly string[], columns: ReadonlySet<string>): string | null {
  for (const name of names) {
    const column = bindings[name];
    if (column !== undefined && columns.has(column)) return column;
  }
  return null;
}

/**
 * The node table column to label nodes with, or null to label them with their id: the title
 * (Graphistry's "minimized label"), else the label (its longer popup text).
 */
export function nodeLabelColumn(bindings: Bindings, columns: ReadonlySet<string>): string | null {
  return boundColumn(bindings, ["node_title", "point_title", "node_label", "point_label"], columns);
}

/** The edge table column naming an edge in its tooltip (title, else label), or null. */
export function edgeTitleColumn(bindings: Bindings, columns: ReadonlySet<string>): string | null {
  return boundColumn(bindings, ["edge_title", "edge_label"], columns);
}

/** The edge table column edge widths come from: a bound size, else the edge weight. */
export function edgeWidthColumn(bindings: Bindings, columns: ReadonlySet<string>): string | null {
  return boundColumn(bindings, ["edge_size", "edge_weight"], columns);
}

export function nodeColorColumn(bindings: Bindings, columns: ReadonlySet<string>): string | null {
  return boundColumn(bindings, ["node_color", "point_color"], columns);
}

export function nodeSizeColumn(bindings: Bindings, columns: ReadonlySet<string>): string | null {
  return boundColumn(bindings, ["node_size", "point_size"], columns);
}

export function edgeColorColumn(bindings: Bindings, columns: ReadonlySet<string>): string | null {
  return boundColumn(bindings, ["edge_color"], columns);
}

/** Pixel sizes for graphs of a given order: big graphs get small nodes so structure stays visible. */
export function sizeRange(nodeCount: number): { readonly min: number; readonly max: number; readonly base: number } {
  if (nodeCount > 20_000) return { min: 1.5, max: 8, base: 2 };
  if (nodeCount > 2_000) return { min: 2, max: 10, base: 3 };
  if (nodeCount > 200) return { min: 3, max: 14, base: 5 };
  return { min: 4, max: 18, base: 8 };
}

/** A bound value as a finite number (numbers, bigints, numeric strings), or null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  // Instants and decimals (values.ts) scale as the numbers they stand for.
  if (value instanceof Instant || value instanceof Decimal) return toNumber(value.valueOf());
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/**
 * A function from a bound size value to a pixel size: linear from the column's min to max onto
 * `[range.min, range.max]`. Values that are not numbers, and constant columns, get `range.base`.
 */
export function sizeScale(
  values: Iterable<unknown>,
  range: { readonly min: number; readonly max: number; readonly base: number },
): (value: unknown) => number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    const n = toNumber(value);
    if (n === null) continue;
    if (n < lo) lo = n;
    if (n > hi) hi = n;
  }
  if (!(hi > lo)) return () => range.base;
  const span = hi - lo;
  return (value) => {
    const n = toNumber(value);
    if (n === null) return range.base;
    return range.min + ((n - lo) / span) * (range.max - range.min);
  };
}
