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

/** A color as 0-255 channels and alpha 0-1, or null when sigma could not draw it either. */
export function colorChannels(color: string): [number, number, number, number] | null {
  const resolved = resolveColor(color);
  if (resolved === null) return null;
  if (resolved.startsWith("#")) {
    const hex = resolved.length === 4 ? resolved.replace(/[0-9a-f]/g, (d) => d + d) : resolved;
    const channel = (at: number): number => parseInt(hex.slice(at, at + 2), 16);
    return [channel(1), channel(3), channel(5), hex.length === 9 ? channel(7) / 255 : 1];
  }
  const numbers = resolved.match(/[\d.]+/g)?.map(Number) ?? [];
  const [r = 0, g = 0, b = 0, a = 1] = numbers;
  return [r, g, b, a];
}

function hex2(n: number): string {
  return Math.round(Math.max(0, Math.min(255, n)))
    .toString(16)
    .padStart(2, "0");
}

/** The color at `t` (0-1) along a gradient through `stops` (colors sigma can draw), evenly spaced. */
export function gradientColor(stops: readonly string[], t: number): string | null {
  const channels = stops.map(colorChannels).filter((c): c is [number, number, number, number] => c !== null);
  if (channels.length === 0) return null;
  if (channels.length === 1 || !Number.isFinite(t)) return rgbaHex(channels[0]!);
  const at = Math.max(0, Math.min(1, t)) * (channels.length - 1);
  const i = Math.min(Math.floor(at), channels.length - 2);
  const f = at - i;
  const [a, b] = [channels[i]!, channels[i + 1]!];
  return rgbaHex(a.map((value, k) => value + (b[k]! - value) * f) as [number, number, number, number]);
}

function rgbaHex([r, g, b, a]: readonly [number, number, number, number]): string {
  return `#${hex2(r)}${hex2(g)}${hex2(b)}${a < 1 ? hex2(a * 255) : ""}`;
}

/** `color` with its alpha multiplied by `opacity` (0-1), as #rrggbbaa; unchanged at 1 or unreadable. */
export function withOpacity(color: string, opacity: number): string {
  if (!(opacity < 1)) return color;
  const channels = colorChannels(color);
  if (channels === null) return color;
  const [r, g, b, a] = channels;
  return `#${hex2(r)}${hex2(g)}${hex2(b)}${hex2(a * Math.max(0, opacity) * 255)}`;
}

/** Whether text should be light on `color` (relative luminance under 0.4), or null if unreadable. */
export function isDarkColor(color: string): boolean | null {
  const channels = colorChannels(color);
  if (channels === null) return null;
  const linear = channels.slice(0, 3).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * linear[0]! + 0.7152 * linear[1]! + 0.0722 * linear[2]! < 0.4;
}
