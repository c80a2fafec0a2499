// What pygraphistry asked for that this viewer does not draw, named in one visible notice, so
// nothing is dropped silently: the complex encodings and bindings it has no drawing for, and the
// viewer URL's settings it does not apply (view_params.ts lists those it does).
import type { NodeMarks } from "./marks";
import type { DatasetMeta } from "./types";

/** Complex encodings drawn here (config.ts parses them); every other key is named. */
const DRAWN_ENCODINGS = new Set(["pointColorEncoding", "nodeColorEncoding", "edgeColorEncoding"]);

/** What an encoding key or binding is, as a person names it. */
function encodingName(key: string): string {
  const match = /^(point|node|edge)(.*?)Encoding$/.exec(key);
  if (match === null) return key;
  const side = match[1] === "edge" ? "edge" : "point";
  const what = match[2]!;
  if (what === "Icon") return `${side} icons`;
  if (what.startsWith("Badge")) return `${side} badges`;
  if (what === "Axis") return "axes";
  if (what === "Size") return `${side} sizes by category`;
  return `${side} ${what.toLowerCase() || "encoding"} (${key})`;
}

/** Bindings with no drawing here, by name; bindings not listed are drawn or only name columns. */
const UNDRAWN_BINDINGS: Readonly<Record<string, string>> = {
  node_icon: "point icons",
  point_icon: "point icons",
  edge_icon: "edge icons",
  node_opacity: "point opacity",
  point_opacity: "point opacity",
  edge_opacity: "edge opacity",
  edge_source_color: "edge gradients",
  edge_destination_color: "edge gradients",
  node_longitude: "map positions",
  node_latitude: "map positions",
  point_longitude: "map positions",
  point_latitude: "map positions",
  node_weight: "point weights",
  point_weight: "point weights",
};

/**
 * URL parameters this viewer applies (view_params.ts) or that address the dataset itself
 * (pygraphistry always writes `dataset`, `type`, `viztoken`, `usertag`, `splashAfter`, `info`).
 */
const KNOWN_PARAMS = new Set([
  "dataset",
  "type",
  "viztoken",
  "usertag",
  "splashAfter",
  "info",
  "play",
  "pointSize",
  "edgeOpacity",
  "bg",
  "showArrows",
  "pointsOfInterestMax",
]);

/**
 * The names of what is not drawn, each once, in a stable order. `marks`: the node icons and
 * badges read from the node table (marks.ts), whose images are not drawn.
 */
export function unshownItems(meta: DatasetMeta, search: string, marks: NodeMarks | null = null): string[] {
  const items = new Set<string>();
  const images = marks === null ? 0 : (marks.icon?.images ?? 0) + marks.badges.reduce((n, badge) => n + badge.marks.images, 0);
  if (images > 0) items.add("point icon images");
  for (const encodings of [meta.nodeEncodings, meta.edgeEncodings]) {
    // Icons and badges read from the node table are drawn on the nodes (marks.ts); without a
    // node table or their column, they are not.
    const drawnMarks = new Set(encodings === meta.nodeEncodings && marks !== null ? encodings.markKeys : []);
    for (const key of encodings.complexKeys) {
      if (DRAWN_ENCODINGS.has(key) || drawnMarks.has(key)) continue;
      // A categorical size mapping is drawn (config.ts reads it); any other size encoding is not.
      if (/^(point|node|edge)SizeEncoding$/.test(key) && encodings.sizeMapping !== null) continue;
      items.add(encodingName(key));
    }
    for (const binding of Object.keys(encodings.bindings)) {
      if (drawnMarks.has(binding)) continue;
      const name = UNDRAWN_BINDINGS[binding];
      if (name !== undefined) items.add(name);
    }
  }
  const params = [...new URLSearchParams(search).keys()].filter((key) => !KNOWN_PARAMS.has(key));
  for (const key of new Set(params)) items.add(`the URL setting ${key}`);
  return [...items];
}

/** The notice: "Not shown here: edge icons (Graphistry's viewer shows them)", or null. */
export function unshownNotice(items: readonly string[]): string | null {
  if (items.length === 0) return null;
  return `Not shown here: ${items.join(", ")} (Graphistry's viewer shows ${items.length === 1 && !items[0]!.endsWith("s") ? "it" : "them"}).`;
}
