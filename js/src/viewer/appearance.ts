// How sigma draws the graph beyond its data: the theme's label colours, a selected node and its
// neighbours standing out while the rest fades, and label density. All of it is item state
// (sigma re-evaluates only the nodes whose state changed), so a click or a theme change costs
// one pass over the graph, never one per frame.
import type Sigma from "sigma";
import { DEFAULT_STYLES } from "sigma";
import { extremityArrow, pathCurved, pathLine, pathLoop } from "sigma/rendering";
import type { Settings } from "sigma/settings";
import type { SigmaOptions } from "sigma/types";
import type { Attributes } from "graphology-types";

import { STRAIGHT_DRAWING, type EdgeDrawing } from "./drawing";
import type { EdgeAttributes, NodeAttributes } from "./graph";
import type { Theme } from "../protocol/frames";

/** Node states of ours, next to sigma's own (isHovered, isHighlighted, ...). */
export interface ViewerNodeState {
  /** Another node is selected and this one is not next to it: drawn faint, unlabelled. */
  dimmed: boolean;
  /** The selected node (a click, a search result, a linked pane's selection). */
  selected: boolean;
  /** The dark theme is on: labels and the hover box in dark colours. */
  dark: boolean;
}

export interface ViewerEdgeState {
  /** A node is selected and this edge does not touch it. */
  dimmed: boolean;
}

export type ViewerRenderer = Sigma<NodeAttributes, EdgeAttributes, Attributes, ViewerNodeState, ViewerEdgeState>;
export type ViewerOptions = SigmaOptions<NodeAttributes, EdgeAttributes, Attributes, ViewerNodeState, ViewerEdgeState>;

/** Label and hover-box colours per theme (text at least 4.5:1 on the viewer's background). */
export const THEME_COLORS: Readonly<Record<Theme, { label: string; backdrop: string; shadow: string; background: string }>> = {
  light: { label: "#1d2733", backdrop: "#ffffff", shadow: "rgba(0, 0, 0, 0.45)", background: "#ffffff" },
  dark: { label: "#e6edf3", backdrop: "#2b3138", shadow: "rgba(0, 0, 0, 0.8)", background: "#16191d" },
};

/** Segments of a parallel edge's curve. */
export const CURVE_SEGMENTS = 12;

/** Segments of a self-loop's curve (sigma's default, 32, costs every edge 66 vertices). */
export const LOOP_SEGMENTS = 12;

/**
 * sigma's options: the given settings, our node and edge states, and the styles that read them.
 *
 * `straightEdges`: every edge is a straight quad (4 vertices). sigma's default edge program also
 * draws self-loops, and one program serves both paths, so every edge gets the loop's 66
 * vertices: the vertex shader then dominates a frame (in software WebGL, 2.8 s of a 3.5 s frame
 * at 20k edges against 0.8 s for straight quads). For graphs without self-loops, and for large
 * graphs, which draw self-loops as nothing: a loop around a node a few pixels wide does not show
 * at that scale anyway. Other graphs draw loops with 12 segments (26 vertices per edge), still
 * smooth around a node.
 */
export function viewerOptions(
  settings: Partial<Settings>,
  theme: Theme = "light",
  straightEdges = false,
  drawing: EdgeDrawing = STRAIGHT_DRAWING,
): ViewerOptions {
  const dark = THEME_COLORS.dark;
  const light = THEME_COLORS.light;
  const paths = straightEdges ? [pathLine()] : [pathLine(), pathLoop({ segments: LOOP_SEGMENTS })];
  if (drawing.curves) paths.push(pathCurved({ segments: CURVE_SEGMENTS }));
  const edgeStyle = {
    ...DEFAULT_STYLES.edges,
    ...(drawing.curves ? { parallelPath: "curved" } : {}),
    ...(drawing.arrows ? { head: "arrow" } : {}),
  };
  const labelLimit = drawing.labelsLimited ? [{ when: (attributes: NodeAttributes) => attributes.poi !== true, then: { labelVisibility: "hidden" as const } }] : [];
  return {
    // A frame hidden by its notebook (a plot whose account logged out) lays its page out at no
    // size: sigma would throw on its container of no width, when starting or at any render.
    settings: { allowInvalidContainer: true, ...settings },
    primitives: {
      // Arrow heads sized for thin edges (sigma scales them by the edge's width): ~10 by 7 px.
      edges: { paths, ...(drawing.arrows ? { extremities: [extremityArrow({ lengthRatio: 10, widthRatio: 7 })] } : {}) },
    },
    customNodeState: { dimmed: false, selected: false, dark: theme === "dark" },
    customEdgeState: { dimmed: false },
    styles: {
      nodes: [
        // One rule, not sigma's defaults then ours: sigma walks every rule for every node.
        { ...DEFAULT_STYLES.nodes, labelColor: light.label, backdropColor: light.backdrop, backdropShadowColor: light.shadow },
        { whenState: "dark", then: { labelColor: dark.label, backdropColor: dark.backdrop, backdropShadowColor: dark.shadow } },
        // Neighbours of the selection (sigma's isHighlighted) keep their labels on screen.
        ...labelLimit,
        { whenState: "isHighlighted", then: { labelVisibility: "visible", depth: "topNodes" } },
        { whenState: "dimmed", then: { opacity: 0.18, labelVisibility: "hidden" } },
        {
          whenState: "selected",
          then: { labelVisibility: "visible", depth: "topNodes", backdropVisibility: "visible", zIndex: 2 },
        },
      ],
      edges: [edgeStyle, { whenState: "dimmed", then: { opacity: 0.08 } }],
    },
  };
}

/**
 * Label settings that keep labels apart: one label per grid cell wide enough for a typical
 * label, fewer for big graphs, more as the camera zooms in (sigma's label grid).
 */
export function labelSettings(order: number): Partial<Settings> {
  // The padding keeps nodes (whole discs, and for small graphs their labels too) clear of the
  // search box and buttons over the graph's top edge.
  const frame = { stagePadding: 48, autoRescaleContent: order > 500 ? "nodes" : "labels" } as const;
  if (order > 5_000) return { ...frame, labelGridCellSize: 200, labelDensity: 0.3, labelRenderedSizeThreshold: 12 };
  if (order > 500) return { ...frame, labelGridCellSize: 180, labelDensity: 0.6, labelRenderedSizeThreshold: 8 };
  return { ...frame, labelGridCellSize: 160, labelDensity: 1, labelRenderedSizeThreshold: 4 };
}

/** Switches the drawn graph's label colours to `theme` (one state pass over the nodes). */
export function applyRendererTheme(renderer: ViewerRenderer, theme: Theme): void {
  renderer.setNodesState(renderer.getGraph().nodes(), { dark: theme === "dark" });
}
