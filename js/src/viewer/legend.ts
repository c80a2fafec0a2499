// The legend: what the bound colours and sizes mean. Built from the same bindings and columns the
// graph builder reads (bindings.ts), so it names exactly what is drawn.
import { edgeColorColumn, nodeColorColumn, nodeSizeColumn, toNumber } from "./bindings";
import { mappedColor, resolveColor } from "./colors";
import { formatValue } from "./tooltip";
import type { Columns } from "./table";
import type { DatasetMeta, Encodings } from "./types";

/** Most colour entries one legend section lists; the rest are counted. */
export const MAX_ENTRIES = 10;

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

export interface SizeSection {
  readonly kind: "size";
  readonly title: string;
  readonly column: string;
  readonly min: string;
  readonly max: string;
}

export type LegendSection = ColorSection | SizeSection;

/** The colours of a column's distinct values, in order of first appearance. */
function colorSection(title: string, table: Columns, encodings: Encodings, column: string | null): ColorSection | null {
  const mapping = encodings.colorMapping;
  if (mapping !== null && table.column(mapping.attribute) !== null) {
    const entries = Object.entries(mapping.fixed).map(([value, color]) => ({ label: value, color: resolveColor(color) }));
    const shown = entries.filter((entry): entry is { label: string; color: string } => entry.color !== null);
    const other = mapping.other === null ? null : resolveColor(mapping.other);
    if (other !== null) shown.push({ label: "other", color: other });
    if (shown.length === 0) return null;
    return { kind: "color", title, column: mapping.attribute, entries: shown.slice(0, MAX_ENTRIES), more: Math.max(0, shown.length - MAX_ENTRIES) };
  }
  const reader = column === null ? null : table.column(column);
  if (reader === null || column === null) return null;
  const seen = new Map<string, string>();
  for (let row = 0; row < table.numRows; row++) {
    const value = reader.get(row);
    const label = formatValue(value);
    if (seen.has(label)) continue;
    const color = resolveColor(value);
    if (color !== null) seen.set(label, color);
  }
  if (seen.size === 0) return null;
  const entries = [...seen].map(([label, color]) => ({ label, color }));
  return { kind: "color", title, column, entries: entries.slice(0, MAX_ENTRIES), more: Math.max(0, entries.length - MAX_ENTRIES) };
}

function sizeSection(table: Columns, column: string | null): SizeSection | null {
  const reader = column === null ? null : table.column(column);
  if (reader === null || column === null) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let row = 0; row < table.numRows; row++) {
    const n = toNumber(reader.get(row));
    if (n === null) continue;
    if (n < lo) lo = n;
    if (n > hi) hi = n;
  }
  if (!(hi >= lo)) return null;
  return { kind: "size", title: "Node size", column, min: formatValue(lo), max: formatValue(hi) };
}

/** The legend's sections: node colours, node sizes, edge colours, each only when bound. */
export function legendSections(meta: DatasetMeta, edges: Columns, nodes: Columns | null): LegendSection[] {
  const sections: LegendSection[] = [];
  if (nodes !== null) {
    const bindings = meta.nodeEncodings.bindings;
    const color = colorSection("Node color", nodes, meta.nodeEncodings, nodeColorColumn(bindings, nodes.names));
    if (color !== null) sections.push(color);
    const size = sizeSection(nodes, nodeSizeColumn(bindings, nodes.names));
    if (size !== null) sections.push(size);
  }
  const edgeColor = colorSection("Edge color", edges, meta.edgeEncodings, edgeColorColumn(meta.edgeEncodings.bindings, edges.names));
  if (edgeColor !== null) sections.push(edgeColor);
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
      if (section.more > 0) {
        const item = doc.createElement("li");
        item.className = "gj-legend-more";
        item.textContent = `and ${section.more} more`;
        list.append(item);
      }
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
