// One colour scale per side of the graph, from what pygraphistry asked for: a categorical mapping
// (with its `other`), a palette spread over a column's range (continuous) or over its distinct
// values, or a bound column of colours. A bound column whose values are not colours (names,
// categories) goes through the default palette, as in Graphistry. graph.ts colours items with it
// and legend.ts describes it, so the legend names exactly what is drawn.
import { toNumber } from "./bindings";
import { PALETTE, gradientColor, mappedColor, resolveColor } from "./colors";
import type { CategoricalColorEncoding, ColorEncoding } from "./types";
import { formatValue } from "./values";

/** Most swatches a legend lists; the rest are counted. */
export const MAX_ENTRIES = 10;

export interface SwatchLegend {
  readonly kind: "swatches";
  readonly column: string;
  readonly entries: ReadonlyArray<{ readonly label: string; readonly color: string }>;
  /** Values left out beyond MAX_ENTRIES. */
  readonly more: number;
}

export interface GradientLegend {
  readonly kind: "gradient";
  readonly column: string;
  readonly colors: readonly string[];
  readonly min: string;
  readonly max: string;
}

export interface ColorScale {
  /** The column whose values pick the colours. */
  readonly column: string;
  /** The colour of a row's value, or null: the side's default colour. */
  color(value: unknown): string | null;
  readonly legend: SwatchLegend | GradientLegend | null;
}

/** The key a value is matched by in a categorical mapping (pygraphistry's keys are its str()). */
export function categoryKey(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

function swatches(column: string, entries: Array<{ label: string; color: string }>): SwatchLegend | null {
  if (entries.length === 0) return null;
  return { kind: "swatches", column, entries: entries.slice(0, MAX_ENTRIES), more: Math.max(0, entries.length - MAX_ENTRIES) };
}

/** Distinct non-null values in order of first appearance, by their category key. */
function distinct(values: Iterable<unknown>): Map<string, unknown> {
  const seen = new Map<string, unknown>();
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const key = categoryKey(value);
    if (!seen.has(key)) seen.set(key, value);
  }
  return seen;
}

/** Each distinct value the next colour of `colors`, in sorted order so a sample colours alike. */
function roundRobin(column: string, values: Iterable<unknown>, colors: readonly string[]): ColorScale {
  const keys = [...distinct(values)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const drawable = colors.map(resolveColor).filter((c): c is string => c !== null);
  const palette = drawable.length === 0 ? PALETTE : drawable;
  const byKey = new Map(keys.map(([key], i) => [key, palette[i % palette.length]!]));
  return {
    column,
    color: (value) => (value === null || value === undefined ? null : (byKey.get(categoryKey(value)) ?? null)),
    legend: swatches(
      column,
      keys.map(([key, value]) => ({ label: formatValue(value), color: byKey.get(key)! })),
    ),
  };
}

function continuous(column: string, values: Iterable<unknown>, colors: readonly string[]): ColorScale {
  let lo = Infinity;
  let hi = -Infinity;
  let loValue: unknown = null;
  let hiValue: unknown = null;
  for (const value of values) {
    const n = toNumber(value);
    if (n === null) continue;
    if (n < lo) [lo, loValue] = [n, value];
    if (n > hi) [hi, hiValue] = [n, value];
  }
  if (!(hi >= lo)) return { column, color: () => null, legend: null };
  const span = hi - lo;
  const drawable = colors.filter((c) => resolveColor(c) !== null);
  return {
    column,
    color: (value) => {
      const n = toNumber(value);
      return n === null ? null : gradientColor(drawable, span === 0 ? 0 : (n - lo) / span);
    },
    legend: { kind: "gradient", column, colors: drawable.map((c) => resolveColor(c)!), min: formatValue(loValue), max: formatValue(hiValue) },
  };
}

/**
 * The colour scale of one side: the `encode_*_color` encoding when its column exists, else the
 * bound colour column, else null (the side's default colour, no legend). `values(column)` reads
 * a column's values (each row once).
 */
export function colorScale(
  encoding: ColorEncoding | null,
  boundColumn: string | null,
  values: (column: string) => Iterable<unknown> | null,
): ColorScale | null {
  const encoded = encoding === null ? null : values(encoding.attribute);
  if (encoding !== null && encoded !== null) {
    if (encoding.kind === "continuous") return continuous(encoding.attribute, encoded, encoding.colors);
    if (encoding.kind === "categorical") return categoricalScale(encoding);
    return roundRobin(encoding.attribute, encoded, encoding.colors);
  }
  const bound = boundColumn === null ? null : values(boundColumn);
  if (boundColumn === null || bound === null) return null;
  // Colours as given (palette codes, CSS colours) when every value is one; otherwise categories.
  const seen = distinct(bound);
  const allColors = [...seen.values()].every((value) => resolveColor(value) !== null);
  if (!allColors) return roundRobin(boundColumn, seen.values(), PALETTE);
  return {
    column: boundColumn,
    color: resolveColor,
    legend: swatches(
      boundColumn,
      [...seen.values()].map((value) => ({ label: formatValue(value), color: resolveColor(value)! })),
    ),
  };
}

/** A categorical mapping: listed values their colour, the rest `other` (null: the default). */
function categoricalScale(mapping: CategoricalColorEncoding): ColorScale {
  const entries = Object.entries(mapping.fixed)
      .map(([label, color]) => ({ label, color: resolveColor(color) }))
      .filter((entry): entry is { label: string; color: string } => entry.color !== null);
    const other = mapping.other === null ? null : resolveColor(mapping.other);
    if (other !== null) entries.push({ label: "other", color: other });
    return {
      column: mapping.attribute,
      color: (value) => mappedColor(mapping, value === null || value === undefined ? value : categoryKey(value)),
      legend: swatches(mapping.attribute, entries),
    };
}
