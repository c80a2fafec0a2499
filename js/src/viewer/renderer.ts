// sigma, started before the graph it will draw is built. A WebGL program is compiled when sigma
// starts, but the GPU prepares it for drawing only when it first draws with it: in software WebGL
// (SwiftShader) the first frame of a 100k-edge graph kept the GPU ~0.33 s, the same frame drawn
// again ~0.2 s. Drawing a placeholder of two nodes and an edge first, and flushing it to the GPU,
// lets the GPU do that work while this thread builds the graph; the graph then replaces the
// placeholder in the same task, so the placeholder is never on screen. Only for a graph known to
// be drawn with straight edges before it is built (straightBeforeBuild): the programs depend on it.
import Graph from "graphology";
import Sigma from "sigma";
import type { Settings } from "sigma/settings";

import { labelSettings, viewerOptions, type ViewerRenderer } from "./appearance";
import { STRAIGHT_DRAWING, type EdgeDrawing } from "./drawing";
import {
  LARGE_GRAPH_NODES,
  drawsMoreNodesThan,
  drawsSelfLoops,
  type DrawLimits,
  type EdgeAttributes,
  type NodeAttributes,
  type ViewerGraph,
} from "./graph";
import { skipLabelGlyphPrepass } from "./label_glyphs";
import type { Columns } from "./table";
import type { Theme } from "../protocol/frames";
import type { DatasetMeta } from "./types";

/** Two nodes joined by an edge, unlabelled: what every graph's first frame draws, in small. */
export function placeholderGraph(): ViewerGraph {
  const graph: ViewerGraph = new Graph<NodeAttributes, EdgeAttributes>({ type: "directed", multi: true, allowSelfLoops: true });
  const node = { size: 1, color: "#000000", label: "" };
  graph.addNode("placeholder-a", { ...node, x: 0, y: 0 });
  graph.addNode("placeholder-b", { ...node, x: 1, y: 1 });
  graph.addEdgeWithKey("placeholder", "placeholder-a", "placeholder-b", { size: 1, color: "#000000" });
  return graph;
}

/**
 * A renderer drawing the placeholder, its drawing sent to the GPU. `straightEdges`: every edge a
 * straight quad, as for graphs without self-loops and large graphs (appearance.ts); the programs
 * depend on it, so a graph that needs loops needs a renderer started without it. `drawing`: curves
 * for parallel edges, arrows, a label limit (appearance.ts), which also change the programs.
 */
export function startRenderer(container: HTMLElement, theme: Theme, straightEdges: boolean, drawing: EdgeDrawing = STRAIGHT_DRAWING): ViewerRenderer {
  const renderer: ViewerRenderer = new Sigma(placeholderGraph(), container, viewerOptions({}, theme, straightEdges, drawing));
  renderer.getWebGLContext().flush();
  return renderer;
}

/**
 * Whether `graph` is drawn with straight edges only (4 vertices each): it has no self-loops, or
 * it is large, where a loop around a node a few pixels wide would not show anyway. Otherwise sigma's
 * loop path serves every edge, at a loop's vertices each.
 */
export function drawsStraightEdges(graph: ViewerGraph, large: boolean): boolean {
  return large || graph.selfLoopCount === 0;
}

/**
 * The same rule before the graph is built, from its tables: true when the graph they make is sure
 * to be drawn with straight edges (no self-loop among the edge rows it draws, or more nodes than a
 * large graph's); false when that is known only once it is built.
 */
export function straightBeforeBuild(edges: Columns, nodes: Columns | null, meta: DatasetMeta, limits: DrawLimits): boolean {
  return !drawsSelfLoops(edges, meta, limits) || drawsMoreNodesThan(edges, nodes, meta, limits, LARGE_GRAPH_NODES);
}

/**
 * sigma 4.0.4 groups parallel edges (to spread them as curves) with an index that keeps the graph
 * it was constructed with: after setGraph it would still read the placeholder's edges, so every
 * edge of ours would count as alone and parallel edges would be drawn on top of each other. The
 * index is pointed at the new graph before setGraph rebuilds it. A sigma without that index
 * (a later version) is left as it is.
 */
export function followGraphInEdgeGroups(renderer: ViewerRenderer, graph: ViewerGraph): void {
  const groups = (renderer as unknown as { edgeGroups?: unknown }).edgeGroups;
  if (typeof groups === "object" && groups !== null && "graph" in groups) {
    (groups as { graph: unknown }).graph = graph;
  }
}

/**
 * Puts `graph` in place of the placeholder with its settings, and resolves once sigma issued the
 * frame that draws it (synchronously, inside setGraph: one frame, not two). A large graph's label
 * glyphs are made when a label first shows (label_glyphs.ts).
 */
export function showGraph(renderer: ViewerRenderer, graph: ViewerGraph, settings: Partial<Settings>, large: boolean): Promise<void> {
  // setSettings schedules a refresh of the placeholder for the next frame; setGraph's render
  // comes first and cancels it.
  renderer.setSettings({ ...settings, ...labelSettings(graph.order) });
  if (large) skipLabelGlyphPrepass(renderer);
  const rendered = new Promise<void>((resolve) => {
    renderer.once("afterRender", () => resolve());
  });
  followGraphInEdgeGroups(renderer, graph);
  renderer.setGraph(graph);
  return rendered;
}
