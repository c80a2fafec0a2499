// Arrow tables + bindings -> a graphology graph carrying what sigma draws (x, y, size, color,
// label). One pass over each table: large graphs (100k edges) must load fast.
import Graph from "graphology";

import { edgeColorColumn, edgeWidthColumn, nodeColorColumn, nodeLabelColumn, nodeSizeColumn, sizeRange, sizeScale, boundColumn } from "./bindings";
import { categoryKey, colorScale } from "./color_scale";
import { DEFAULT_EDGE_COLOR, DEFAULT_NODE_COLOR, withOpacity } from "./colors";
import { formatCount } from "./counts";
import { ViewerError } from "./errors";
import { readNodeMarks, rowBadges, type NodeBadge, type NodeMarks } from "./marks";
import { spiralPosition } from "./positions";
import type { ColumnReader, Columns } from "./table";
import type { DatasetMeta, Encodings, SizeEncoding } from "./types";
import { DEFAULT_VIEW_PARAMS, type ViewParams } from "./view_params";

export interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  /** Among the `pointsOfInterestMax` nodes that keep a label (view_params.ts). */
  poi?: boolean;
  /** The code of the node's icon, drawn inside it (marks.ts). */
  icon?: string;
  /** The node's badges, drawn at its edge (marks.ts). */
  badges?: readonly NodeBadge[];
}

export interface EdgeAttributes {
  size: number;
  color: string;
}

export type ViewerGraph = Graph<NodeAttributes, EdgeAttributes>;

export interface BuiltGraph {
  readonly graph: ViewerGraph;
  /** True when the plottable bound node positions (node_x/node_y): no layout is needed. */
  readonly positioned: boolean;
  /** Edges dropped because their source or destination is null. */
  readonly skippedEdges: number;
  /** What was drawn of a graph over the draw limits (every k-th row), or null: all of it. */
  readonly sampled: Sampled | null;
  /** The node icons and badges read from the node table, or null when none is bound. */
  readonly marks: NodeMarks | null;
}

/** Of a graph too big to draw whole: how many nodes and edges are drawn, of how many. */
export interface Sampled {
  readonly nodes: number;
  /** Rows of the node table; null for an edge-only dataset (its nodes are the edges' ends). */
  readonly totalNodes: number | null;
  readonly edges: number;
  readonly totalEdges: number;
}

export interface DrawLimits {
  readonly nodes: number;
  readonly edges: number;
}

/**
 * The most a page draws: past this, one frame takes seconds (software WebGL: ~3 s for 100k edges)
 * and a million edges would hang the tab. A bigger graph is drawn as a sample: every k-th node
 * row and edge row, so the same dataset gives the same sample.
 */
export const DRAW_LIMITS: DrawLimits = { nodes: 100_000, edges: 100_000 };

/**
 * The limits where WebGL runs in software (no GPU, as in headless browsers and some VMs). There
 * every frame is drawn by the CPU, and the page redraws after each pan or zoom: the sample is
 * sized so that a redraw stays near the 0.2 s a page may be busy at a time. An edge is a long,
 * thin quad the CPU shades pixel by pixel, ~12 µs each here against ~3 µs for a node (SwiftShader,
 * 1000x700): 25k nodes and 10k edges redraw in ~0.19 s, with 20k edges ~0.33 s. Zoomed in, edges
 * cross more of the screen: ~0.27 s with 10k (bench/figures_viewer.py times a zoom).
 */
export const SOFTWARE_DRAW_LIMITS: DrawLimits = { nodes: 50_000, edges: 10_000 };

/** Whether a WebGL renderer's name is a software rasterizer. */
export function isSoftwareRenderer(name: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software/i.test(name);
}

/**
 * The page's one notice about a sampled graph; the header keeps the whole graph's counts
 * (main.ts), so this says only what is drawn of them.
 */
export function sampledNotice(sampled: Sampled): string {
  const edges = `drawing ${formatCount(sampled.edges)} of ${formatCount(sampled.totalEdges)} edges`;
  const nodes =
    sampled.totalNodes === null || sampled.nodes === sampled.totalNodes
      ? ""
      : ` and ${formatCount(sampled.nodes)} of ${formatCount(sampled.totalNodes)} nodes`;
  return `Too big to draw whole here: ${edges}${nodes} (an even sample of the rows).`;
}

/**
 * How many nodes the whole graph has: the node table's distinct ids plus the edge endpoints
 * missing from it (one pass over every row; main.ts runs it only for a sampled graph, whose drawn
 * nodes are not all of them).
 */
export function countAllNodes(edges: Columns, nodes: Columns | null, meta: DatasetMeta): number {
  const keys = new Set<string>();
  if (nodes !== null) {
    const ids = requireColumn(nodes, meta.nodeEncodings.bindings["node"], "node", "nodes");
    for (let row = 0; row < nodes.numRows; row++) {
      const key = nodeKey(ids.get(row));
      if (key !== null) keys.add(key);
    }
  }
  const bindings = meta.edgeEncodings.bindings;
  const sources = requireColumn(edges, bindings["source"], "source", "edges");
  const destinations = requireColumn(edges, bindings["destination"], "destination", "edges");
  for (let row = 0; row < edges.numRows; row++) {
    const source = nodeKey(sources.get(row));
    const destination = nodeKey(destinations.get(row));
    if (source !== null && destination !== null) keys.add(source).add(destination);
  }
  return keys.size;
}

/** Whether two edges join the same two nodes (either way round): they are drawn as curves. */
export function hasParallelEdges(graph: ViewerGraph): boolean {
  let found = false;
  graph.someNode((node) => {
    const seen = new Set<string>();
    graph.forEachOutEdge(node, (_edge, _attributes, _source, target) => {
      if (seen.has(target)) found = true;
      seen.add(target);
    });
    if (!found) {
      graph.forEachInEdge(node, (_edge, _attributes, source) => {
        if (source !== node && seen.has(source)) found = true;
        seen.add(source);
      });
    }
    return found;
  });
  return found;
}

/**
 * Marks the `max` nodes of highest degree (ties: first added) as points of interest, the only
 * ones that keep a label (`pointsOfInterestMax`, view_params.ts).
 */
export function markPointsOfInterest(graph: ViewerGraph, max: number): void {
  const order = graph.nodes().map((node, index) => ({ node, index, degree: graph.degree(node) }));
  order.sort((a, b) => b.degree - a.degree || a.index - b.index);
  for (const [rank, { node }] of order.entries()) graph.setNodeAttribute(node, "poi", rank < max);
}

/** The notice of a large graph drawn without a GPU, which keeps its seeded positions (main.ts). */
export const NOT_LAID_OUT_NOTICE =
  "Not laid out: this browser draws without a GPU (software WebGL), where moving this many nodes would freeze the page for seconds.";

/** A graph with more nodes than this (or edges: {@link isLargeGraph}) is a large graph. */
export const LARGE_GRAPH_NODES = 5_000;

/** Graphs this big are drawn with fewer labels, no edges while moving, and a non-live layout. */
export function isLargeGraph(nodes: number, edges: number): boolean {
  return nodes > LARGE_GRAPH_NODES || edges > 20_000;
}

/** The node key of an id value: ids of any Arrow type become strings; null has none. */
export function nodeKey(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function labelText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === "string" ? value : String(value);
  return text === "" ? null : text;
}

function finiteNumber(value: unknown): number | null {
  const n = typeof value === "bigint" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : null;
}

function requireColumn(table: Columns, column: string | undefined, binding: string, tableName: string): ColumnReader {
  if (column === undefined) {
    throw new ViewerError(`This graph cannot be drawn: no column is bound as "${binding}" for the ${tableName}.`);
  }
  const reader = table.column(column);
  if (reader === null) {
    throw new ViewerError(
      `This graph cannot be drawn: the ${tableName} table has no column "${column}" (bound as "${binding}").`,
    );
  }
  return reader;
}

/** The values of `table`'s column `name` (each row once), or null when it has none. */
export function tableValues(table: Columns): (name: string) => Iterable<unknown> | null {
  return (name) => {
    const reader = table.column(name);
    return reader === null ? null : columnValues(reader, table.numRows);
  };
}

/** A per-row color function for one table, from its colour encoding or binding (color_scale.ts). */
function colorReader(table: Columns, encodings: Encodings, column: string | null, fallback: string, opacity = 1): (row: number) => string {
  const scale = colorScale(encodings.colorMapping, column, tableValues(table));
  const reader = scale === null ? null : table.column(scale.column);
  const base = withOpacity(fallback, opacity);
  if (scale === null || reader === null) return () => base;
  return (row) => {
    const color = scale.color(reader.get(row));
    return color === null ? base : withOpacity(color, opacity);
  };
}

/**
 * A per-row size function for one table: a categorical size mapping (encode_point_size) or a
 * bound size column, scaled onto `range`; null when neither applies.
 */
function sizeReader(
  table: Columns,
  mapping: SizeEncoding | null,
  column: string | null,
  range: { readonly min: number; readonly max: number; readonly base: number },
): ((row: number) => number) | null {
  const mapped = mapping === null ? null : table.column(mapping.attribute);
  if (mapping !== null && mapped !== null) {
    const sizeOf = (row: number): number | null => {
      const value = mapped.get(row);
      const fixed = value === null || value === undefined ? undefined : mapping.fixed[categoryKey(value)];
      return fixed ?? mapping.other;
    };
    const rows = { *[Symbol.iterator]() { for (let row = 0; row < table.numRows; row++) yield sizeOf(row); } };
    const scale = sizeScale(rows, range);
    return (row) => scale(sizeOf(row));
  }
  const reader = column === null ? null : table.column(column);
  if (reader === null) return null;
  const scale = sizeScale(columnValues(reader, table.numRows), range);
  return (row) => scale(reader.get(row));
}

/** Edge widths in pixels: thin by default, up to a few pixels for the heaviest edges. */
export function edgeWidthRange(edgeRows: number): { readonly min: number; readonly max: number; readonly base: number } {
  const base = edgeRows > 20_000 ? 0.5 : 1;
  return { min: base * 0.75, max: base * 8, base };
}

function columnValues(reader: ColumnReader, rows: number): Iterable<unknown> {
  return {
    *[Symbol.iterator]() {
      for (let row = 0; row < rows; row++) yield reader.get(row);
    },
  };
}

/** The node keys at the ends of every `step`-th edge row. */
function edgeEnds(sources: ColumnReader, destinations: ColumnReader, rows: number, step: number): Set<string> {
  const ends = new Set<string>();
  for (let row = 0; row < rows; row += step) {
    const source = nodeKey(sources.get(row));
    const destination = nodeKey(destinations.get(row));
    if (source !== null && destination !== null) ends.add(source).add(destination);
  }
  return ends;
}

/** Every how many rows a table over `limit` rows is sampled (1: every row). */
function sampleStep(rows: number, limit: number): number {
  return Math.max(1, Math.ceil(rows / limit));
}

/**
 * Whether any edge row that {@link buildGraph} may draw is a self-loop (its source and
 * destination the same node key). Known before the graph is built, so the renderer can be started
 * meanwhile (renderer.ts): without self-loops, every edge is a straight quad whatever the graph's
 * size. A false "yes" (a loop whose node is sampled out) only costs that early start.
 */
export function drawsSelfLoops(edges: Columns, meta: DatasetMeta, limits: DrawLimits = DRAW_LIMITS): boolean {
  return someDrawnEdgeRow(edges, meta, limits, (source, destination) => {
    if (source === null || source === undefined || destination === null || destination === undefined) return false;
    if (source === destination) return true;
    if (typeof source === "string" && typeof destination === "string") return false; // other strings, other keys
    // Equal keys from unequal values: a number and its string, two NaNs, two Dates of one instant.
    return nodeKey(source) === nodeKey(destination);
  });
}

/** Whether `test` holds for the source and destination values of an edge row buildGraph may draw. */
function someDrawnEdgeRow(
  edges: Columns,
  meta: DatasetMeta,
  limits: DrawLimits,
  test: (source: unknown, destination: unknown) => boolean,
): boolean {
  const bindings = meta.edgeEncodings.bindings;
  const sources = requireColumn(edges, bindings["source"], "source", "edges");
  const destinations = requireColumn(edges, bindings["destination"], "destination", "edges");
  const step = sampleStep(edges.numRows, limits.edges);
  for (let row = 0; row < edges.numRows; row += step) {
    if (test(sources.get(row), destinations.get(row))) return true;
  }
  return false;
}

/**
 * Whether the graph {@link buildGraph} makes will have more than `count` nodes, known before it is
 * built: more distinct keys than that among the node rows it keeps whatever else happens (every
 * k-th row of a sampled table) and the ends of the edge rows it draws. Each of those becomes a
 * node unless the node limit is reached first, and that limit is more than `count`.
 */
export function drawsMoreNodesThan(
  edges: Columns,
  nodes: Columns | null,
  meta: DatasetMeta,
  limits: DrawLimits,
  count: number,
): boolean {
  if (limits.nodes <= count) return false;
  const keys = new Set<string>();
  if (nodes !== null) {
    const ids = requireColumn(nodes, meta.nodeEncodings.bindings["node"], "node", "nodes");
    const step = sampleStep(nodes.numRows, limits.nodes);
    for (let row = 0; row < nodes.numRows; row += step) {
      const key = nodeKey(ids.get(row));
      if (key !== null && keys.add(key).size > count) return true;
    }
  }
  return someDrawnEdgeRow(edges, meta, limits, (source, destination) => {
    const sourceKey = nodeKey(source);
    const destinationKey = nodeKey(destination);
    if (sourceKey === null || destinationKey === null) return false; // not drawn
    return keys.add(sourceKey).add(destinationKey).size > count;
  });
}

/**
 * Builds the graph. Nodes come from the node table when there is one (in its row order; from a
 * sampled one, the drawn edges' ends first), and every edge endpoint not in it becomes a node
 * too, so edge-only datasets draw their nodes.
 */
export function buildGraph(
  edges: Columns,
  nodes: Columns | null,
  meta: DatasetMeta,
  limits: DrawLimits = DRAW_LIMITS,
  view: Pick<ViewParams, "pointSize" | "edgeOpacity"> = DEFAULT_VIEW_PARAMS,
): BuiltGraph {
  const edgeBindings = meta.edgeEncodings.bindings;
  const nodeBindings = meta.nodeEncodings.bindings;
  const sources = requireColumn(edges, edgeBindings["source"], "source", "edges");
  const destinations = requireColumn(edges, edgeBindings["destination"], "destination", "edges");

  const graph: ViewerGraph = new Graph<NodeAttributes, EdgeAttributes>({ type: "directed", multi: true, allowSelfLoops: true });
  // Sizes depend on the graph's order, known only roughly before the edges are read: the node
  // table's rows, else (edge-only) the edge count, which errs towards small nodes.
  const estimatedOrder = nodes !== null && nodes.numRows > 0 ? nodes.numRows : edges.numRows;
  const range = sizeRange(estimatedOrder);
  let positioned = false;
  // Over the limits, every k-th row: k the smallest step that brings the rows under the limit.
  const nodeRows = nodes === null ? 0 : nodes.numRows;
  const nodeStep = sampleStep(nodeRows, limits.nodes);
  const edgeStep = sampleStep(edges.numRows, limits.edges);
  let unseenEdges = 0;
  let marks: NodeMarks | null = null;
  // A sampled node table keeps the ends of the drawn edges first, so that those edges are drawn,
  // then every k-th other row, up to the node limit.
  const ends = nodeStep > 1 ? edgeEnds(sources, destinations, edges.numRows, edgeStep) : null;

  if (nodes !== null) {
    const ids = requireColumn(nodes, nodeBindings["node"], "node", "nodes");
    const labelColumn = nodeLabelColumn(nodeBindings, nodes.names);
    const labels = labelColumn === null ? null : nodes.column(labelColumn);
    const color = colorReader(nodes, meta.nodeEncodings, nodeColorColumn(nodeBindings, nodes.names), DEFAULT_NODE_COLOR);
    const sizeOf = sizeReader(nodes, meta.nodeEncodings.sizeMapping, nodeSizeColumn(nodeBindings, nodes.names), range);
    const size = (row: number): number => (sizeOf === null ? range.base : sizeOf(row)) * view.pointSize;
    const xColumn = boundColumn(nodeBindings, ["node_x", "point_x"], nodes.names);
    const yColumn = boundColumn(nodeBindings, ["node_y", "point_y"], nodes.names);
    const xs = xColumn === null ? null : nodes.column(xColumn);
    const ys = yColumn === null ? null : nodes.column(yColumn);
    positioned = xs !== null && ys !== null;
    marks = readNodeMarks(nodes, meta.nodeEncodings.icon, meta.nodeEncodings.badges);
    const nodeMarks = marks;

    const addRow = (row: number): void => {
      const key = nodeKey(ids.get(row));
      if (key === null || graph.hasNode(key)) return; // first row wins on duplicate ids
      if (ends !== null && graph.order >= limits.nodes) return;
      let x = xs === null ? null : finiteNumber(xs.get(row));
      let y = ys === null ? null : finiteNumber(ys.get(row));
      if (x === null || y === null) {
        ({ x, y } = spiralPosition(graph.order));
      }
      const attributes: NodeAttributes = {
        x,
        y,
        size: size(row),
        color: color(row),
        label: (labels === null ? null : labelText(labels.get(row))) ?? key,
      };
      if (nodeMarks !== null) {
        const icon = nodeMarks.icon?.code(row) ?? null;
        if (icon !== null) attributes.icon = icon;
        const badges = rowBadges(nodeMarks, row);
        if (badges.length > 0) attributes.badges = badges;
      }
      graph.addNode(key, attributes);
    };
    if (ends === null) {
      for (let row = 0; row < nodes.numRows; row++) addRow(row);
    } else {
      for (let row = 0; row < nodes.numRows; row++) {
        const key = nodeKey(ids.get(row));
        if (key !== null && ends.has(key)) addRow(row);
      }
      for (let row = 0; row < nodes.numRows; row += nodeStep) addRow(row);
    }
  }

  const edgeColor = colorReader(edges, meta.edgeEncodings, edgeColorColumn(edgeBindings, edges.names), DEFAULT_EDGE_COLOR, view.edgeOpacity);
  const widths = edgeWidthRange(edges.numRows);
  const edgeWidth = sizeReader(edges, meta.edgeEncodings.sizeMapping, edgeWidthColumn(edgeBindings, edges.names), widths);
  const edgeSize = edgeWidth ?? ((): number => widths.base);
  let skippedEdges = 0;
  /** Makes `key` a node if it may be one; false when the edge cannot be drawn (sampled out). */
  const addEndpoint = (key: string): boolean => {
    if (graph.hasNode(key)) return true;
    if (graph.order >= limits.nodes) return false;
    const { x, y } = spiralPosition(graph.order);
    graph.addNode(key, { x, y, size: range.base * view.pointSize, color: DEFAULT_NODE_COLOR, label: key });
    return true;
  };
  for (let row = 0; row < edges.numRows; row += edgeStep) {
    const source = nodeKey(sources.get(row));
    const destination = nodeKey(destinations.get(row));
    if (source === null || destination === null) {
      skippedEdges++;
      continue;
    }
    if (!addEndpoint(source) || !addEndpoint(destination)) {
      unseenEdges++;
      continue;
    }
    graph.addEdgeWithKey(`e${row}`, source, destination, { size: edgeSize(row), color: edgeColor(row) });
  }
  // Nodes added only from edges have no bound position: a partial layout is not a layout.
  if (positioned && nodes !== null && graph.order > nodes.numRows) positioned = false;
  const whole = nodeStep === 1 && edgeStep === 1 && unseenEdges === 0;
  const sampled: Sampled | null = whole
    ? null
    : {
        nodes: graph.order,
        totalNodes: nodes === null ? null : nodeRows,
        edges: graph.size,
        totalEdges: edges.numRows,
      };
  return { graph, positioned, skippedEdges, sampled, marks };
}
