// The snapshot of the drawn graph that the notebook keeps in its static output (the plot view
// asks for it: parent_channel.ts, protocol/frames.ts). sigma draws everything, labels included,
// on one WebGL canvas created without preserveDrawingBuffer, so its pixels can be read only while
// the frame that drew them is current: the copy is made in sigma's own "afterRender" event.
// Keeping the buffer instead would cost every frame. The copy is scaled to at most
// MAX_SNAPSHOT_WIDTH pixels and encoded as PNG, stepping the width down until it fits
// MAX_SNAPSHOT_BYTES (an 800-px PNG of anti-aliased edges is often over 200 kB).
import { MAX_SNAPSHOT_BYTES, MAX_SNAPSHOT_WIDTH } from "../protocol/frames";
import type { ViewerRenderer } from "./appearance";
import { markCanvas } from "./mark_layer";
import { currentTheme } from "./theme";

/** The widths tried, widest first; below the last, no snapshot is sent. */
export const SNAPSHOT_WIDTHS: readonly number[] = [MAX_SNAPSHOT_WIDTH, 640, 480, 360, 240];

/**
 * The first of `widths` (each at most `sourceWidth`, the canvas's own) whose encoding fits
 * `maxBytes`, and its bytes; null when none does.
 */
export async function firstThatFits(
  sourceWidth: number,
  encode: (width: number) => Promise<Blob | null>,
  widths: readonly number[] = SNAPSHOT_WIDTHS,
  maxBytes: number = MAX_SNAPSHOT_BYTES,
): Promise<{ width: number; png: ArrayBuffer } | null> {
  const tried = new Set<number>();
  for (const wanted of widths) {
    const width = Math.max(1, Math.min(Math.round(wanted), Math.floor(sourceWidth)));
    if (tried.has(width)) continue;
    tried.add(width);
    const blob = await encode(width);
    if (blob !== null && blob.size <= maxBytes) return { width, png: await blob.arrayBuffer() };
  }
  return null;
}

/** Copies the stage canvas as the next frame is drawn (a render is asked for now). */
function copyNextFrame(renderer: ViewerRenderer, doc: Document, background: string): Promise<HTMLCanvasElement> {
  return new Promise((resolve, reject) => {
    renderer.once("afterRender", () => {
      try {
        const stage = renderer.getStageCanvas();
        const copy = doc.createElement("canvas");
        copy.width = stage.width;
        copy.height = stage.height;
        const context = copy.getContext("2d");
        if (context === null) throw new Error("no 2D canvas");
        // The WebGL canvas is transparent: the page's background shows through it.
        context.fillStyle = background;
        context.fillRect(0, 0, copy.width, copy.height);
        context.drawImage(stage, 0, 0);
        const marks = markCanvas(renderer); // icons and badges, drawn after the stage's frame
        if (marks !== null && marks.width > 0 && marks.height > 0) context.drawImage(marks, 0, 0, copy.width, copy.height);
        resolve(copy);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    renderer.scheduleRender(); // no-op when a render is already pending
  });
}

function encodePng(source: HTMLCanvasElement, width: number): Promise<Blob | null> {
  const scaled = source.ownerDocument.createElement("canvas");
  scaled.width = width;
  scaled.height = Math.max(1, Math.round((source.height * width) / source.width));
  const context = scaled.getContext("2d");
  if (context === null) return Promise.resolve(null);
  context.imageSmoothingQuality = "high";
  context.drawImage(source, 0, 0, scaled.width, scaled.height);
  return new Promise((resolve) => scaled.toBlob(resolve, "image/png"));
}

const TRANSPARENT = /^(transparent|rgba\(.*,\s*0\))$/;

/** The color behind the graph: the first opaque background of `elements`, else the theme's. */
export function backgroundOf(doc: Document, elements: readonly Element[]): string {
  const view = doc.defaultView;
  for (const element of elements) {
    const color = view?.getComputedStyle(element).backgroundColor ?? "";
    if (color !== "" && !TRANSPARENT.test(color)) return color;
  }
  return currentTheme(doc) === "dark" ? "#111111" : "#ffffff";
}

/** A PNG of what the renderer draws now, within the snapshot limits; null when none fits. */
export async function takeSnapshot(renderer: ViewerRenderer, doc: Document): Promise<ArrayBuffer | null> {
  const background = backgroundOf(doc, [renderer.getContainer(), doc.body, doc.documentElement]);
  const copy = await copyNextFrame(renderer, doc, background);
  if (copy.width === 0 || copy.height === 0) return null;
  const fitted = await firstThatFits(copy.width, (width) => encodePng(copy, width));
  return fitted === null ? null : fitted.png;
}
