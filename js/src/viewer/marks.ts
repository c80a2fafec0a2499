// Icons and badges on the nodes (`encode_point_icon`, `encode_point_badge`, `bind(point_icon=)`).
// Graphistry's viewer draws Font Awesome glyphs; this page has no icon font (nothing is fetched
// from elsewhere), so each icon is drawn as a short code of its name inside the node ("L" for
// "laptop", "Sh" and "Se" for "shield" and "server"), each badge as a small disc with its code at
// the node's corner, and the legend says which code is which icon. Text marks (`as_text=True`)
// are drawn as their text. Images (URLs, data URIs) are not fetched: they are named in the
// notice (unshown.ts). mark_layer.ts draws what this module reads.
import { categoryKey } from "./color_scale";
import type { Columns } from "./table";
import type { BadgeEncoding, MarkEncoding } from "./types";

/** A badge as drawn on one node. */
export interface NodeBadge {
  readonly text: string;
  readonly position: string;
  readonly fill: string;
  readonly ink: string;
}

/** Badge colours when the encoding names none: a dark disc with white text, on any background. */
export const BADGE_FILL = "#37474f";
export const BADGE_INK = "#ffffff";

/** Longest text a mark shows (an `as_text` value is cut to this many characters). */
export const MAX_MARK_TEXT = 3;

/** Whether an icon value is an image (URL or data URI) rather than a Font Awesome name. */
export function isImageIcon(name: string): boolean {
  return /^(https?:|data:)/i.test(name.trim());
}

/** The Font Awesome name as a person reads it: "fa-laptop" and "fa fa-laptop" are "laptop". */
export function iconName(name: string): string {
  return name.trim().replace(/^(fa[srb]?\s+)?fa-/i, "");
}

function words(name: string): string[] {
  return iconName(name).split(/[-_\s]+/).filter((word) => word !== "");
}

function upperFirst(text: string): string {
  const [first = "", ...rest] = [...text];
  return first.toUpperCase() + rest.join("");
}

/** The codes a name may be drawn as, shortest first: "L"; "FT" for "file-text"; "Fi"; "Fi2". */
function candidates(name: string): string[] {
  const parts = words(name);
  if (parts.length === 0) return ["?"];
  const letters = [...parts.join("")];
  const initials = parts.slice(0, 2).map((part) => [...part][0]!.toUpperCase()).join("");
  const two = upperFirst(letters.slice(0, 2).join("").toLowerCase());
  const list = [initials, two];
  for (let i = 2; i <= 9; i++) list.push(`${two}${i}`);
  return list;
}

/**
 * A distinct short code for each icon name (in sorted order, so the same names give the same
 * codes whatever their row order).
 */
export function iconCodes(names: Iterable<string>): Map<string, string> {
  const codes = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of [...new Set(names)].sort()) {
    const code = candidates(name).find((candidate) => !taken.has(candidate)) ?? "?";
    taken.add(code);
    codes.set(name, code);
  }
  return codes;
}

/** The text a mark of `as_text` shows: its first characters. */
export function markText(value: string): string {
  return [...value.trim()].slice(0, MAX_MARK_TEXT).join("");
}

/** The icon name (or text) of each row for one encoding; null: no mark on that row. */
export function markValues(table: Columns, encoding: MarkEncoding): ((row: number) => string | null) | null {
  const reader = table.column(encoding.attribute);
  if (reader === null) return null;
  return (row) => {
    const value = reader.get(row);
    const key = value === null || value === undefined ? null : categoryKey(value);
    let name: string | null;
    if (encoding.mapped) {
      name = key !== null && Object.prototype.hasOwnProperty.call(encoding.fixed, key) ? encoding.fixed[key]! : encoding.other;
    } else {
      name = key;
    }
    return name === null || name.trim() === "" ? null : name;
  };
}

/** One encoding's marks, read over a table: each row's code, and which code is which name. */
export interface ReadMarks {
  readonly code: (row: number) => string | null;
  /** Icon name (or text) → code, in the codes' sorted order; for the legend. */
  readonly key: ReadonlyMap<string, string>;
  /** Rows whose icon is an image, not drawn (named in the notice). */
  readonly images: number;
}

/** Reads one encoding's marks over the table's rows; null when the column is missing. */
export function readMarks(table: Columns, encoding: MarkEncoding): ReadMarks | null {
  const values = markValues(table, encoding);
  if (values === null) return null;
  const names = new Set<string>();
  let images = 0;
  for (let row = 0; row < table.numRows; row++) {
    const name = values(row);
    if (name === null) continue;
    if (!encoding.asText && isImageIcon(name)) images++;
    else names.add(name);
  }
  const key = encoding.asText
    ? new Map([...names].sort().map((name) => [name, markText(name)] as const))
    : iconCodes(names);
  return {
    code: (row) => {
      const name = values(row);
      return name === null ? null : (key.get(name) ?? null);
    },
    key,
    images,
  };
}

/** Per row, the node's icon code and its badges, from the node table; null when none is bound. */
export interface NodeMarks {
  readonly icon: ReadMarks | null;
  readonly badges: ReadonlyArray<{ readonly encoding: BadgeEncoding; readonly marks: ReadMarks }>;
}

export function readNodeMarks(nodes: Columns, icon: MarkEncoding | null, badges: readonly BadgeEncoding[]): NodeMarks | null {
  const iconMarks = icon === null ? null : readMarks(nodes, icon);
  const badgeMarks = badges.flatMap((encoding) => {
    const marks = readMarks(nodes, encoding);
    return marks === null ? [] : [{ encoding, marks }];
  });
  return iconMarks === null && badgeMarks.length === 0 ? null : { icon: iconMarks, badges: badgeMarks };
}

/** The badges of one row. */
export function rowBadges(marks: NodeMarks, row: number): NodeBadge[] {
  const out: NodeBadge[] = [];
  for (const { encoding, marks: read } of marks.badges) {
    const text = read.code(row);
    if (text === null) continue;
    out.push({ text, position: encoding.position, fill: encoding.fill ?? BADGE_FILL, ink: encoding.ink ?? BADGE_INK });
  }
  return out;
}

/**
 * Where a badge sits, as a fraction of the node's radius from its centre (screen y grows down):
 * Graphistry's positions `TopRight`, `Left`, `Bottom`, ...; an unknown one at the top right.
 */
export function badgeOffset(position: string): { readonly x: number; readonly y: number } {
  const p = position.toLowerCase();
  const x = p.includes("left") ? -1 : p.includes("right") ? 1 : 0;
  const y = p.startsWith("top") ? -1 : p.startsWith("bottom") ? 1 : 0;
  if (x === 0 && y === 0) return p === "cover" ? { x: 0, y: 0 } : { x: 0.71, y: -0.71 };
  const diagonal = x !== 0 && y !== 0 ? Math.SQRT1_2 : 1;
  return { x: x * diagonal, y: y * diagonal };
}
