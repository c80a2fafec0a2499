// What a graph's edges and labels need drawn beyond straight lines and loops. Each of these
// changes sigma's programs (appearance.ts), so it is decided once the graph is built (main.ts).
import { hasParallelEdges, type ViewerGraph } from "./graph";
import type { ViewParams } from "./view_params";

/**
 * `curves`: parallel edges drawn side by side (sigma's parallelPath); `arrows`: `showArrows`;
 * `labelsLimited`: `pointsOfInterestMax`, only nodes marked `poi` keep a label.
 */
export interface EdgeDrawing {
  readonly curves: boolean;
  readonly arrows: boolean;
  readonly labelsLimited: boolean;
}

export const STRAIGHT_DRAWING: EdgeDrawing = { curves: false, arrows: false, labelsLimited: false };

/**
 * Most edges drawn with curves for parallel edges. sigma's one edge program then gives every edge
 * a curve's vertices (12 segments), parallel or not: in software WebGL a frame of 10k edges would
 * cost several times a straight one. Beyond this, parallel edges are drawn on top of each other
 * and the tooltip counts them (tooltip.ts).
 */
export const CURVES_MAX_EDGES = 5_000;

/**
 * What `graph` needs: curves for parallel edges and arrows, except in a large graph, whose edges
 * stay plain lines to keep it responsive; the label limit whenever asked for. STRAIGHT_DRAWING
 * itself when nothing more is needed.
 */
export function edgeDrawing(graph: ViewerGraph, large: boolean, view: Pick<ViewParams, "showArrows" | "labelsMax">): EdgeDrawing {
  const drawing = {
    curves: !large && graph.size <= CURVES_MAX_EDGES && hasParallelEdges(graph),
    arrows: !large && view.showArrows,
    labelsLimited: view.labelsMax !== null,
  };
  return drawing.curves || drawing.arrows || drawing.labelsLimited ? drawing : STRAIGHT_DRAWING;
}
