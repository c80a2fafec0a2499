// Label glyphs made when a label first shows, not for every node up front. When sigma (4.0.4)
// first processes a graph it draws the glyphs of every node's label into its text atlas
// (LabelRenderer.processWebGLLabels): ~0.1-0.15 s at 25k nodes in software WebGL, before the
// first frame, although a large graph shows no label until one is hovered, searched for or
// zoomed into. The pre-pass is only a warm-up: sigma's label program makes any missing glyph
// before it draws, and measuring a label (the label grid) makes its glyphs too. Without it, the
// first label shown makes the glyphs it needs (a few characters, once).

/** The part of sigma's private label renderer (4.0.4) this replaces on one renderer. */
interface LabelRendererLike {
  processWebGLLabels(nodes: string[]): void;
}

/**
 * Turns off the label-glyph pre-pass of one sigma renderer; false when this sigma has none
 * (another version: nothing is changed). Call after sigma made its label renderer and before
 * it first processes the graph (main.ts: from the renderer's first resize).
 */
export function skipLabelGlyphPrepass(renderer: object): boolean {
  const labels: unknown = (renderer as { labelRenderer?: unknown }).labelRenderer;
  if (typeof labels !== "object" || labels === null) return false;
  if (typeof (labels as Partial<LabelRendererLike>).processWebGLLabels !== "function") return false;
  (labels as LabelRendererLike).processWebGLLabels = () => undefined;
  return true;
}
