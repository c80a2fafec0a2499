// Colors from a plottable's bindings: Graphistry palette integers or CSS color strings.
import { HTML_COLORS } from "sigma/utils";

import type { CategoricalColorEncoding } from "./types";

/**
 * Graphistry's categorical palette for integer color codes (ColorBrewer "Paired", 12 classes);
 * larger codes wrap around.
 */
export const PALETTE: readonly string[] = [
  "#a6cee3", "#1f78b4", "#b2df8a", "#33a02c", "#fb9a99", "#e31a1c",
  "#fdbf6f", "#ff7f00", "#cab2d6", "#6a3d9a", "#ffff99", "#b15928",
];

export const DEFAULT_NODE_COLOR = "#1f78b4";
export const DEFAULT_EDGE_COLOR = "#b8c2cc";

const NAMED: Readonly<Record<string, string>> = HTML_COLORS;
const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/;
const HEX4 = /^#([0-9a-f])([0-9a-f])([0-9a-f])([0-9a-f])$/;
// What sigma's parser reads: integer channels and an optional alpha.
const RGB = /^rgba?\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*(?:,\s*(?:0|1|0?\.\d+)\s*)?\)$/;
const INTEGER = /^\d+$/;

/** The palette color of an integer code, or null for a negative or fractional number. */
export function paletteColor(code: number): string | null {
  if (!Number.isInteger(code) || code < 0) return null;
  return PALETTE[code % PALETTE.length] ?? null;
}

/**
 * A color sigma can draw for a bound value, or null when the value is not a color (the caller
 * then uses its default). Integers (also as bigint or digit strings, as Arrow may deliver them)
 * are palette codes; strings are hex, `rgb()`/`rgba()` or CSS color names.
 */
export function resolveColor(value: unknown): string | null {
  if (typeof value === "number") return paletteColor(value);
  if (typeof value === "bigint") return value >= 0n ? paletteColor(Number(value % BigInt(PALETTE.length))) : null;
  if (typeof value !== "string") return null;
  const text = value.trim().toLowerCase();
  if (text === "") return null;
  if (INTEGER.test(text)) return paletteColor(Number(text));
  if (HEX.test(text)) return text;
  const short = HEX4.exec(text);
  if (short !== null) {
    const [, r, g, b, a] = short as unknown as [string, string, string, string, string];
    return `#${r}${r}${g}${g}${b}${b}${a}${a}`;
  }
  if (RGB.test(text)) return text.replace(/\s+/g, "");
  const named = NAMED[text];
  return named === undefined ? null : named.toLowerCase();
}

/** The color a categorical mapping gives a value (`fixed`, else `other`), or null. */
export function mappedColor(mapping: CategoricalColorEncoding, value: unknown): string | null {
  if (value !== null && value !== undefined) {
    const fixed = mapping.fixed[String(value)];
    if (fixed !== undefined) return resolveColor(fixed);
  }
  return mapping.other === null ? null : resolveColor(mapping.other);
}
