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
 * What `graph` needs: curves for parallel edges and arrows, except in a large graph, whose edges
 * stay plain lines to keep it responsive; the label limit whenever asked for. STRAIGHT_DRAWING
 * itself when nothing more is needed.
 */
export function edgeDrawing(graph: ViewerGraph, large: boolean, view: Pick<ViewParams, "showArrows" | "labelsMax">): EdgeDrawing {
  const drawing = {
    curves: !large && hasParallelEdges(graph),
    arrows: !large && view.showArrows,
    labelsLimited: view.labelsMax !== null,
  };
  return drawing.curves || drawing.arrows || drawing.labelsLimited ? drawing : STRAIGHT_DRAWING;
}
