// A node's or an edge's attributes, as a compact table: shown on hover next to the pointer, and
// kept in a details panel on click. The values come from the Arrow tables' own columns.
import type { ViewerGraph } from "./graph";
import { nodeKey } from "./graph";
import type { Columns } from "./table";
import { formatValue } from "./values";

/** Most columns one table shows; the rest are counted. */
export const MAX_ROWS = 12;

export { formatValue } from "./values";

export interface AttributeTable {
  /** The heading: a node's label (and id), an edge's "source → target". */
  readonly title: string;
  readonly rows: ReadonlyArray<readonly [string, string]>;
  /** Columns left out (beyond MAX_ROWS). */
  readonly more: number;
}

/** One row of `table` as `[column, value]` pairs, in the table's column order. */
export function rowAttributes(table: Columns, row: number, skip: ReadonlySet<string> = new Set()): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of table.names) {
    if (skip.has(name)) continue;
    out.push([name, formatValue(table.column(name)?.get(row))]);
  }
  return out;
}

function limited(title: string, rows: Array<[string, string]>): AttributeTable {
  return { title, rows: rows.slice(0, MAX_ROWS), more: Math.max(0, rows.length - MAX_ROWS) };
}

/** Where each node's row is in the node table (first row wins, as when the graph was built). */
export function nodeRowIndex(nodes: Columns, idColumn: string): Map<string, number> {
  const index = new Map<string, number>();
  const ids = nodes.column(idColumn);
  if (ids === null) return index;
  for (let row = 0; row < nodes.numRows; row++) {
    const key = nodeKey(ids.get(row));
    if (key !== null && !index.has(key)) index.set(key, row);
  }
  return index;
}

/** The edge table row of an edge key (`e<row>`, as graph.ts names edges), or null. */
export function edgeRow(edge: string): number | null {
  const match = /^e(\d+)$/.exec(edge);
  return match === null ? null : Number(match[1]);
}

export interface AttributeSource {
  node(node: string): AttributeTable;
  edge(edge: string): AttributeTable;
}

/**
 * Reads attributes from the tables the graph was built from. The node index is built on first
 * use, so a graph nobody hovers costs nothing.
 */
export function attributeSource(
  graph: ViewerGraph,
  edges: Columns,
  nodes: Columns | null,
  nodeIdColumn: string | null,
  edgeTitleColumn: string | null = null,
): AttributeSource {
  const edgeTitles = edgeTitleColumn === null ? null : edges.column(edgeTitleColumn);
  let index: Map<string, number> | null = null;
  return {
    node(node) {
      const label = graph.hasNode(node) ? graph.getNodeAttribute(node, "label") : node;
      const title = label === node ? node : `${label} (${node})`;
      const rows: Array<[string, string]> = [];
      if (nodes !== null && nodeIdColumn !== null) {
        index ??= nodeRowIndex(nodes, nodeIdColumn);
        const row = index.get(node);
        if (row !== undefined) rows.push(...rowAttributes(nodes, row));
      }
      if (rows.length === 0) rows.push(["id", node]);
      if (graph.hasNode(node)) rows.push(["degree", graph.degree(node).toLocaleString("en-US")]);
      return limited(title, rows);
    },
    edge(edge) {
      const known = graph.hasEdge(edge);
      const row = edgeRow(edge);
      const ends = known ? `${graph.getNodeAttribute(graph.source(edge), "label")} → ${graph.getNodeAttribute(graph.target(edge), "label")}` : edge;
      const named = edgeTitles === null || row === null ? null : edgeTitles.get(row);
      let title = named === null || named === undefined || named === "" ? ends : `${formatValue(named)} (${ends})`;
      // Parallel edges are drawn side by side (appearance.ts); the count says how many there are.
      const parallel = known ? graph.edges(graph.source(edge), graph.target(edge)).length : 1;
      if (parallel > 1) title += ` · ${parallel} edges between these nodes`;
      const rows = row !== null && row < edges.numRows ? rowAttributes(edges, row) : [];
      return limited(title, rows);
    },
  };
}

/** The table as DOM: a heading and a two-column table (column, value). */
export function renderAttributeTable(doc: Document, table: AttributeTable, headingLevel: "h2" | "p" = "p"): HTMLElement {
  const box = doc.createElement("div");
  box.className = "gj-attributes";
  const heading = doc.createElement(headingLevel);
  heading.className = "gj-attributes-title";
  heading.textContent = table.title;
  const grid = doc.createElement("table");
  const body = doc.createElement("tbody");
  for (const [name, value] of table.rows) {
    const tr = doc.createElement("tr");
    const th = doc.createElement("th");
    th.scope = "row";
    th.textContent = name;
    const td = doc.createElement("td");
    td.textContent = value;
    tr.append(th, td);
    body.append(tr);
  }
  grid.append(body);
  box.append(heading, grid);
  if (table.more > 0) {
    const more = doc.createElement("p");
    more.className = "gj-attributes-more";
    more.textContent = `and ${table.more} more column${table.more === 1 ? "" : "s"}`;
    box.append(more);
  }
  return box;
}

/** Keeps a box of `width`×`height` at pointer (x, y) inside a container of `bounds`, off the pointer. */
export function tooltipPosition(
  x: number,
  y: number,
  width: number,
  height: number,
  bounds: { width: number; height: number },
  offset = 14,
): { left: number; top: number } {
  let left = x + offset;
  let top = y + offset;
  if (left + width > bounds.width) left = x - offset - width;
  if (top + height > bounds.height) top = y - offset - height;
  return { left: Math.max(0, Math.min(left, bounds.width - width)), top: Math.max(0, Math.min(top, bounds.height - height)) };
}
