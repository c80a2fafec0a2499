// The legend: what the bound colours, sizes, icons and badges mean. Built from the same bindings and columns the
// graph builder reads (bindings.ts), so it names exactly what is drawn.
import { edgeColorColumn, edgeWidthColumn, nodeColorColumn, nodeSizeColumn, toNumber } from "./bindings";
import { MAX_ENTRIES, colorScale } from "./color_scale";
import { tableValues } from "./graph";
import { BADGE_FILL, BADGE_INK, iconName, readNodeMarks, type ReadMarks } from "./marks";
import { formatValue } from "./values";
import type { Columns } from "./table";
import type { DatasetMeta, Encodings } from "./types";

export { MAX_ENTRIES } from "./color_scale";

export interface ColorSection {
  readonly kind: "color";
  /** "Node color" or "Edge color". */
  readonly title: string;
  /** The column the colours come from. */
  readonly column: string;
  readonly entries: ReadonlyArray<{ readonly label: string; readonly color: string }>;
  /** Values left out beyond MAX_ENTRIES. */
  readonly more: number;
}

/** A continuous palette: the gradient from the column's smallest value to its largest. */
export interface GradientSection {
  readonly kind: "gradient";
  readonly title: string;
  readonly column: string;
  readonly colors: readonly string[];
  readonly min: string;
  readonly max: string;
}

export interface SizeSection {
  readonly kind: "size";
  /** "Node size" or "Edge width". */
  readonly title: string;
  readonly column: string;
  readonly min: string;
  readonly max: string;
}

/** Icons or a badge: which code drawn on the nodes is which icon (marks.ts). */
export interface MarkSection {
  readonly kind: "marks";
  /** "Node icon" or "Node badge (TopRight)". */
  readonly title: string;
  readonly column: string;
  readonly entries: ReadonlyArray<{ readonly code: string; readonly name: string }>;
  /** Codes left out beyond MAX_ENTRIES. */
  readonly more: number;
  /** A badge's fill and ink, for its codes' chips; null: an icon, drawn on the node's colour. */
  readonly chip: { readonly fill: string; readonly ink: string } | null;
}

export type LegendSection = ColorSection | GradientSection | SizeSection | MarkSection;

function markSection(title: string, column: string, read: ReadMarks | null, chip: MarkSection["chip"]): MarkSection | null {
  if (read === null || read.key.size === 0) return null;
  const entries = [...read.key].map(([name, code]) => ({ code, name: iconName(name) }));
  return { kind: "marks", title, column, entries: entries.slice(0, MAX_ENTRIES), more: Math.max(0, entries.length - MAX_ENTRIES), chip };
}

/** The legend's sections of node icons and badges, each only when drawn. */
function markSections(meta: DatasetMeta, nodes: Columns): MarkSection[] {
  const { icon, badges } = meta.nodeEncodings;
  const marks = readNodeMarks(nodes, icon, badges);
  if (marks === null) return [];
  const sections: Array<MarkSection | null> = [icon === null ? null : markSection("Node icon", icon.attribute, marks.icon, null)];
  for (const { encoding, marks: read } of marks.badges) {
    const chip = { fill: encoding.fill ?? BADGE_FILL, ink: encoding.ink ?? BADGE_INK };
    sections.push(markSection(`Node badge (${encoding.position})`, encoding.attribute, read, chip));
  }
  return sections.filter((section): section is MarkSection => section !== null);
}

function colorSection(title: string, table: Columns, encodings: Encodings, column: string | null): ColorSection | GradientSection | null {
  const legend = colorScale(encodings.colorMapping, column, tableValues(table))?.legend ?? null;
  if (legend === null) return null;
  if (legend.kind === "gradient") return { ...legend, kind: "gradient", title };
  return { kind: "color", title, column: legend.column, entries: legend.entries, more: legend.more };
}

function sizeSection(title: string, table: Columns, column: string | null): SizeSection | null {
  const reader = column === null ? null : table.column(column);
  if (reader === null || column === null) return null;
  let lo = Infinity;
  let hi = -Infinity;
  let loValue: unknown = null;
  let hiValue: unknown = null;
  for (let row = 0; row < table.numRows; row++) {
    const value = reader.get(row);
    const n = toNumber(value);
    if (n === null) continue;
    if (n < lo) [lo, loValue] = [n, value];
    if (n > hi) [hi, hiValue] = [n, value];
  }
  if (!(hi >= lo)) return null;
  return { kind: "size", title, column, min: formatValue(loValue), max: formatValue(hiValue) };
}

/** The legend's sections: node colours and sizes, edge colours and widths, each only when bound. */
export function legendSections(meta: DatasetMeta, edges: Columns, nodes: Columns | null): LegendSection[] {
  const sections: LegendSection[] = [];
  if (nodes !== null) {
    const bindings = meta.nodeEncodings.bindings;
    const color = colorSection("Node color", nodes, meta.nodeEncodings, nodeColorColumn(bindings, nodes.names));
    if (color !== null) sections.push(color);
    const size = sizeSection("Node size", nodes, nodeSizeColumn(bindings, nodes.names));
    if (size !== null) sections.push(size);
    sections.push(...markSections(meta, nodes));
  }
  const edgeBindings = meta.edgeEncodings.bindings;
  const edgeColor = colorSection("Edge color", edges, meta.edgeEncodings, edgeColorColumn(edgeBindings, edges.names));
  if (edgeColor !== null) sections.push(edgeColor);
  const width = sizeSection("Edge width", edges, edgeWidthColumn(edgeBindings, edges.names));
  if (width !== null) sections.push(width);
  return sections;
}

/** The legend as a disclosure (open unless `collapsed`), or null when nothing is bound. */
export function renderLegend(doc: Document, sections: readonly LegendSection[], collapsed: boolean): HTMLElement | null {
  if (sections.length === 0) return null;
  const details = doc.createElement("details");
  details.className = "gj-legend gj-panel";
  details.open = !collapsed;
  const summary = doc.createElement("summary");
  summary.textContent = "Legend";
  details.append(summary);
  for (const section of sections) {
    const box = doc.createElement("section");
    box.className = `gj-legend-section gj-legend-${section.kind}`;
    const heading = doc.createElement("p");
    heading.className = "gj-legend-title";
    heading.textContent = `${section.title}: ${section.column}`;
    box.append(heading);
    const list = doc.createElement("ul");
    if (section.kind === "color") {
      for (const entry of section.entries) {
        const item = doc.createElement("li");
        const swatch = doc.createElement("span");
        swatch.className = "gj-swatch";
        swatch.setAttribute("aria-hidden", "true");
        swatch.style.setProperty("background-color", entry.color);
        item.append(swatch, entry.label);
        list.append(item);
      }
      if (section.more > 0) list.append(moreItem(doc, section.more));
    } else if (section.kind === "marks") {
      for (const entry of section.entries) {
        const item = doc.createElement("li");
        const chip = doc.createElement("span");
        chip.className = "gj-mark-code";
        chip.textContent = entry.code;
        if (section.chip !== null) {
          chip.style.setProperty("background-color", section.chip.fill);
          chip.style.setProperty("color", section.chip.ink);
        }
        item.append(chip, entry.name);
        list.append(item);
      }
      if (section.more > 0) list.append(moreItem(doc, section.more));
    } else if (section.kind === "gradient") {
      const item = doc.createElement("li");
      item.className = "gj-gradient-row";
      const low = doc.createElement("span");
      low.textContent = section.min;
      const bar = doc.createElement("span");
      bar.className = "gj-gradient";
      bar.setAttribute("aria-hidden", "true");
      const stops = section.colors.length === 1 ? [section.colors[0], section.colors[0]] : section.colors;
      bar.style.setProperty("background-image", `linear-gradient(to right, ${stops.join(", ")})`);
      const high = doc.createElement("span");
      high.textContent = section.max;
      item.append(low, bar, high);
      item.setAttribute("aria-label", `from ${section.min} to ${section.max}`);
      list.append(item);
    } else {
      for (const [label, size] of [
        [section.min, "small"],
        [section.max, "large"],
      ] as const) {
        const item = doc.createElement("li");
        const dot = doc.createElement("span");
        dot.className = `gj-size-dot gj-size-${size}`;
        dot.setAttribute("aria-hidden", "true");
        item.append(dot, `${size === "small" ? "smallest" : "largest"}: ${label}`);
        list.append(item);
      }
    }
    box.append(list);
    details.append(box);
  }
  return details;
}

/** The last item of a list cut short: how many entries it leaves out. */
function moreItem(doc: Document, more: number): HTMLLIElement {
  const item = doc.createElement("li");
  item.className = "gj-legend-more";
  item.textContent = `and ${more} more`;
  return item;
}
