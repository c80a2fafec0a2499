// Draws the nodes' icons and badges (marks.ts) on a 2D canvas over sigma's WebGL stage, after
// each frame sigma renders. A 2D canvas draws text the same way with or without a GPU (sigma's
// node programs would need a glyph atlas of their own); only the nodes that carry a mark are
// visited, and only those on screen and big enough to read are drawn.
import type { ViewerRenderer } from "./appearance";
import { isDarkColor } from "./colors";
import { badgeOffset, type NodeBadge } from "./marks";

/** Nodes smaller than this radius (CSS px) show no icon: a letter would not be readable. */
export const MIN_ICON_RADIUS = 5;

/** Nodes smaller than this radius (CSS px) show no badge: it would hide the node. */
export const MIN_BADGE_NODE_RADIUS = 3;

/** The layer's id among sigma's layers (and the canvas's class). */
export const MARK_LAYER_ID = "gj-marks";

const layers = new WeakMap<ViewerRenderer, HTMLCanvasElement>();

/** The canvas the marks of `renderer` are drawn on, or null when it draws none. */
export function markCanvas(renderer: ViewerRenderer): HTMLCanvasElement | null {
  return layers.get(renderer) ?? null;
}

/** The colour of an icon's code inside a node of `fill`: white on dark nodes, near-black else. */
export function iconInk(fill: string): string {
  return isDarkColor(fill) === false ? "#1d2733" : "#ffffff";
}

/** A badge's radius on a node of `radius` (CSS px): readable, and smaller than the node. */
export function badgeRadius(radius: number): number {
  return Math.max(5, Math.min(10, radius * 0.5));
}

function drawBadge(context: CanvasRenderingContext2D, badge: NodeBadge, x: number, y: number, radius: number, alpha: number): void {
  const offset = badgeOffset(badge.position);
  const r = badgeRadius(radius);
  const bx = x + offset.x * radius;
  const by = y + offset.y * radius;
  context.globalAlpha = alpha;
  context.beginPath();
  context.arc(bx, by, r, 0, Math.PI * 2);
  context.fillStyle = badge.fill;
  context.fill();
  context.lineWidth = 1;
  context.strokeStyle = "#ffffff";
  context.stroke();
  context.fillStyle = badge.ink;
  context.font = `bold ${Math.round(r * (badge.text.length > 1 ? 1.0 : 1.3))}px sans-serif`;
  context.fillText(badge.text, bx, by + 0.5);
}

/**
 * Adds the mark layer to `renderer` when its graph has nodes with an icon or a badge, and draws
 * it after every frame; returns whether it did. Marks of dimmed nodes (another node selected) are
 * drawn faint, as the nodes are.
 */
export function attachMarkLayer(renderer: ViewerRenderer): boolean {
  const graph = renderer.getGraph();
  const marked = graph.filterNodes((_node, attributes) => attributes.icon !== undefined || attributes.badges !== undefined);
  if (marked.length === 0) return false;
  const canvas = renderer.createCanvas(MARK_LAYER_ID, { beforeLayer: "mouse", style: { pointerEvents: "none" } });
  canvas.classList.add(MARK_LAYER_ID);
  layers.set(renderer, canvas);
  const context = canvas.getContext("2d");
  if (context === null) return false;
  const draw = (): void => {
    const { width, height } = renderer.getDimensions();
    const ratio = canvas.ownerDocument.defaultView?.devicePixelRatio ?? 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    context.textAlign = "center";
    context.textBaseline = "middle";
    // Radii are the nodes' sizes times one factor for the whole frame: most nodes of a big graph
    // are too small for a mark, and are passed over before any position is computed.
    const scale = renderer.scaleSize(1);
    for (const node of marked) {
      const attributes = graph.getNodeAttributes(node);
      const radius = attributes.size * scale;
      const icon = attributes.icon !== undefined && radius >= MIN_ICON_RADIUS;
      if (!icon && (attributes.badges === undefined || radius < MIN_BADGE_NODE_RADIUS)) continue;
      const { x, y } = renderer.graphToViewport(attributes);
      if (x < -radius * 2 || y < -radius * 2 || x > width + radius * 2 || y > height + radius * 2) continue;
      const alpha = renderer.getNodeState(node).dimmed ? 0.18 : 1;
      if (icon) {
        const text = attributes.icon!;
        context.globalAlpha = alpha;
        context.fillStyle = iconInk(attributes.color);
        context.font = `bold ${Math.round(radius * (text.length > 1 ? 0.95 : 1.25))}px sans-serif`;
        context.fillText(text, x, y + 0.5);
      }
      for (const badge of attributes.badges ?? []) drawBadge(context, badge, x, y, radius, alpha);
    }
    context.globalAlpha = 1;
  };
  renderer.on("afterRender", draw);
  draw();
  return true;
}
