// pygraphistry's encodings as its uploads carry them (the JSON below is what
// `ArrowUploader.g_to_node_encodings` / `g_to_edge_encodings` give for the calls named), drawn as
// Graphistry's viewer draws them: palettes, categories with their `other`, sizes, edge widths,
// parallel edges, and a notice naming whatever is not drawn.
import { describe, expect, it } from "vitest";

import { categoryKey, colorScale } from "../../src/viewer/color_scale";
import { PALETTE, gradientColor, withOpacity } from "../../src/viewer/colors";
import { parseMeta } from "../../src/viewer/config";
import { CURVES_MAX_EDGES, STRAIGHT_DRAWING, edgeDrawing } from "../../src/viewer/drawing";
import { buildGraph, countAllNodes, hasParallelEdges, markPointsOfInterest } from "../../src/viewer/graph";
import { legendSections, renderLegend } from "../../src/viewer/legend";
import { BADGE_FILL, BADGE_INK, badgeOffset, iconCodes, iconName, markText } from "../../src/viewer/marks";
import { unshownItems, unshownNotice } from "../../src/viewer/unshown";
import { DEFAULT_VIEW_PARAMS, readViewParams } from "../../src/viewer/view_params";
import type { DatasetMeta } from "../../src/viewer/types";
import { columns } from "./helpers";

const edges = columns({ s: ["a", "b", "c", "a"], d: ["b", "c", "a", "b"], w: Float64Array.from([1, 2, 3, 4]), k: ["x", "y", "x", "z"] });
const nodes = columns({ id: ["a", "b", "c"], v: Float64Array.from([1, 2, 3]), cat: ["p", "q", "r"], ic: ["laptop", "user", "server"], t: ["A", "B", "C"] });

/** g.encode_point_color('v', palette=['blue', 'red'], as_continuous=True), encode_edge_color(
 * 'w', ..., for_current=True), encode_point_icon, encode_edge_icon, encode_point_badge,
 * bind(edge_weight='w', point_title='t', edge_title='k'). */
const PYGRAPHISTRY = {
  node_encodings: {
    bindings: { node: "id", node_label: "t", node_title: "t" },
    complex: {
      default: {
        pointColorEncoding: { graphType: "point", encodingType: "color", attribute: "v", variation: "continuous", colors: ["blue", "red"] },
        pointIconEncoding: {
          graphType: "point", encodingType: "icon", attribute: "ic", variation: "categorical",
          mapping: { categorical: { fixed: { laptop: "laptop", user: "user" }, other: "question" } }, asText: false,
        },
        pointBadgeTopRightEncoding: {
          graphType: "point", encodingType: "badgeTopRight", attribute: "cat", variation: "categorical",
          mapping: { categorical: { fixed: { p: "flag" } } },
        },
      },
    },
  },
  edge_encodings: {
    bindings: { source: "s", destination: "d", edge_title: "k", edge_weight: "w" },
    complex: {
      current: { edgeColorEncoding: { graphType: "edge", encodingType: "color", attribute: "w", variation: "continuous", colors: ["#0000ff", "#ff0000"] } },
      default: {
        edgeColorEncoding: { graphType: "edge", encodingType: "color", attribute: "w", variation: "continuous", colors: ["#0000ff", "#ff0000"] },
        edgeIconEncoding: {
          graphType: "edge", encodingType: "icon", attribute: "k", variation: "categorical",
          mapping: { categorical: { fixed: { x: "bolt" } } }, asText: false, shape: "circle",
        },
      },
    },
  },
};

function withEncodings(node: unknown, edge: unknown): DatasetMeta {
  return parseMeta({ id: "d", node_encodings: node, edge_encodings: edge }, "d");
}

const edgeOnly = { bindings: { source: "s", destination: "d" } };

describe("continuous palettes", () => {
  const meta = parseMeta({ id: "d", ...PYGRAPHISTRY }, "d");

  it("colour the column's smallest value with the first colour and its largest with the last", () => {
    const { graph } = buildGraph(edges, nodes, meta);
    expect(graph.getNodeAttribute("a", "color")).toBe("#0000ff");
    expect(graph.getNodeAttribute("c", "color")).toBe("#ff0000");
    expect(graph.getNodeAttribute("b", "color")).toBe("#800080"); // half way
    expect(graph.getEdgeAttribute("e0", "color")).toBe("#0000ff");
    expect(graph.getEdgeAttribute("e3", "color")).toBe("#ff0000");
  });

  it("show a gradient legend from the smallest value to the largest, for points and edges", () => {
    const sections = legendSections(meta, edges, nodes);
    expect(sections.filter((section) => section.kind === "gradient")).toEqual([
      { kind: "gradient", title: "Node color", column: "v", colors: ["#0000ff", "#ff0000"], min: "1", max: "3" },
      { kind: "gradient", title: "Edge color", column: "w", colors: ["#0000ff", "#ff0000"], min: "1", max: "4" },
    ]);
    const legend = renderLegend(document, sections, false)!;
    const bar = legend.querySelector<HTMLElement>(".gj-gradient")!;
    expect(bar.style.backgroundImage).toContain("linear-gradient");
    expect(legend.querySelector(".gj-gradient-row")!.textContent).toBe("13");
  });

  it("interpolate through every stop, evenly spaced", () => {
    expect(gradientColor(["blue", "yellow", "red"], 0.5)).toBe("#ffff00");
    expect(gradientColor(["blue", "yellow", "red"], 0.25)).toBe("#808080");
    expect(gradientColor(["#000"], 0.7)).toBe("#000000");
    expect(gradientColor(["not a colour"], 0.7)).toBeNull();
  });
});

describe("a column bound as colour that holds no colours", () => {
  it("goes through the default palette, one hue per value, with a legend", () => {
    const meta = withEncodings({ bindings: { node: "id", node_color: "cat" } }, edgeOnly);
    const { graph } = buildGraph(edges, nodes, meta);
    const hues = new Set(["a", "b", "c"].map((node) => graph.getNodeAttribute(node, "color")));
    expect(hues).toEqual(new Set(PALETTE.slice(0, 3)));
    const [section] = legendSections(meta, edges, nodes);
    expect(section).toEqual({
      kind: "color",
      title: "Node color",
      column: "cat",
      entries: [
        { label: "p", color: PALETTE[0] },
        { label: "q", color: PALETTE[1] },
        { label: "r", color: PALETTE[2] },
      ],
      more: 0,
    });
  });

  it("is coloured alike in a sample: values get their colours in sorted order", () => {
    const scale = colorScale(null, "c", () => ["z", "y", null, "y"])!;
    expect(scale.color("y")).toBe(PALETTE[0]);
    expect(scale.color("z")).toBe(PALETTE[1]);
    expect(scale.color(null)).toBeNull();
  });
});

describe("palettes as categories (as_categorical)", () => {
  it("give each value the next colour, round robin", () => {
    const scale = colorScale({ kind: "palette", attribute: "k", colors: ["#000", "#00F"] }, null, () => ["b", "a", "c"])!;
    expect(["a", "b", "c"].map((value) => scale.color(value))).toEqual(["#000", "#00f", "#000"]);
  });
});

describe("categorical mappings", () => {
  it("colour listed values, the rest with `other`, and keys match pygraphistry's str()", () => {
    const scale = colorScale({ kind: "categorical", attribute: "k", fixed: { a: "red", True: "blue", "1": "green" }, other: "gray" }, null, () => [])!;
    expect(scale.color("a")).toBe("#ff0000");
    expect(scale.color(true)).toBe("#0000ff");
    expect(scale.color(1)).toBe("#008000");
    expect(scale.color("zzz")).toBe("#808080");
    const legend = scale.legend;
    if (legend?.kind !== "swatches") throw new Error("a categorical mapping has swatches");
    expect(legend.entries.map((entry) => entry.label).sort()).toEqual(["1", "True", "a", "other"]);
    expect(categoryKey(false)).toBe("False");
  });

  it("for sizes, size listed values and `other`", () => {
    const meta = withEncodings(
      { bindings: { node: "id" }, complex: { default: { pointSizeEncoding: { attribute: "cat", variation: "categorical", mapping: { categorical: { fixed: { p: 2 }, other: 1 } } } } } },
      edgeOnly,
    );
    const { graph } = buildGraph(edges, nodes, meta);
    expect(graph.getNodeAttribute("a", "size")).toBeGreaterThan(graph.getNodeAttribute("b", "size"));
    expect(graph.getNodeAttribute("b", "size")).toBe(graph.getNodeAttribute("c", "size"));
    expect(unshownItems(meta, "")).toEqual([]);
  });
});

describe("edge weight", () => {
  it("is the edge's width: heavier edges are wider, in the legend too", () => {
    const meta = withEncodings({ bindings: { node: "id" } }, { bindings: { source: "s", destination: "d", edge_weight: "w" } });
    const { graph } = buildGraph(edges, nodes, meta);
    const widths = ["e0", "e1", "e2", "e3"].map((edge) => graph.getEdgeAttribute(edge, "size"));
    expect(widths).toEqual([...widths].sort((x, y) => x - y));
    expect(widths[3]! / widths[0]!).toBeGreaterThanOrEqual(8);
    expect(legendSections(meta, edges, nodes)).toContainEqual({ kind: "size", title: "Edge width", column: "w", min: "1", max: "4" });
  });

  it("without one, every edge has the same width", () => {
    const { graph } = buildGraph(edges, nodes, withEncodings({ bindings: { node: "id" } }, edgeOnly));
    expect(new Set(graph.mapEdges((_edge, attributes) => attributes.size)).size).toBe(1);
  });
});

describe("parallel edges", () => {
  it("are found (either way round) and drawn as curves, except in a large graph", () => {
    const { graph } = buildGraph(edges, null, withEncodings({}, edgeOnly));
    expect(hasParallelEdges(graph)).toBe(true); // a→b twice
    expect(edgeDrawing(graph, false, DEFAULT_VIEW_PARAMS)).toEqual({ curves: true, arrows: false, labelsLimited: false });
    expect(edgeDrawing(graph, true, DEFAULT_VIEW_PARAMS)).toBe(STRAIGHT_DRAWING);
    const many = buildGraph(columns({ s: Array.from({ length: CURVES_MAX_EDGES + 1 }, () => "a"), d: Array.from({ length: CURVES_MAX_EDGES + 1 }, () => "b") }), null, withEncodings({}, edgeOnly)).graph;
    expect(edgeDrawing(many, false, DEFAULT_VIEW_PARAMS)).toBe(STRAIGHT_DRAWING);
    const reverse = buildGraph(columns({ s: ["a", "b"], d: ["b", "a"] }), null, withEncodings({}, edgeOnly)).graph;
    expect(hasParallelEdges(reverse)).toBe(true);
    const ring = buildGraph(columns({ s: ["a", "b", "c"], d: ["b", "c", "a"] }), null, withEncodings({}, edgeOnly)).graph;
    expect(hasParallelEdges(ring)).toBe(false);
    expect(edgeDrawing(ring, false, DEFAULT_VIEW_PARAMS)).toBe(STRAIGHT_DRAWING);
  });

  it("are counted in the edge's tooltip title", async () => {
    const { attributeSource } = await import("../../src/viewer/tooltip");
    const meta = withEncodings({ bindings: { node: "id", node_title: "t" } }, { bindings: { source: "s", destination: "d", edge_title: "k" } });
    const { graph } = buildGraph(edges, nodes, meta);
    expect(attributeSource(graph, edges, nodes, "id", "k").edge("e0").title).toBe("x (A → B) · 2 edges between these nodes");
    expect(attributeSource(graph, edges, nodes, "id", "k").edge("e1").title).toBe("y (B → C)");
  });
});

describe("counts", () => {
  it("count the node table's ids and the edge endpoints missing from it, each once", () => {
    const meta = withEncodings({ bindings: { node: "id" } }, edgeOnly);
    const more = columns({ s: ["a", "x", "y"], d: ["x", "a", "a"] });
    expect(countAllNodes(more, nodes, meta)).toBe(5);
    expect(countAllNodes(more, null, meta)).toBe(3);
  });
});

describe("URL parameters", () => {
  it("read as pygraphistry writes them (str() of each value)", () => {
    expect(readViewParams("?dataset=x&play=0&pointSize=2&edgeOpacity=0.5&bg=%23ffffff&showArrows=False&pointsOfInterestMax=5")).toEqual({
      play: 0,
      pointSize: 2,
      edgeOpacity: 0.5,
      background: "#ffffff",
      showArrows: false,
      labelsMax: 5,
    });
    expect(readViewParams("?showArrows=True&bg=000000").showArrows).toBe(true);
    expect(readViewParams("?bg=000000").background).toBe("#000000");
    expect(readViewParams("?bg=url(x)&pointSize=huge&edgeOpacity=7")).toEqual({ ...DEFAULT_VIEW_PARAMS, edgeOpacity: 1 });
  });

  it("scale node sizes (pointSize) and fade edges (edgeOpacity)", () => {
    const meta = withEncodings({ bindings: { node: "id" } }, edgeOnly);
    const plain = buildGraph(edges, nodes, meta).graph;
    const view = buildGraph(edges, nodes, meta, undefined, { pointSize: 2, edgeOpacity: 0.5 }).graph;
    expect(view.getNodeAttribute("a", "size")).toBe(2 * plain.getNodeAttribute("a", "size"));
    expect(view.getEdgeAttribute("e0", "color")).toBe(withOpacity(plain.getEdgeAttribute("e0", "color"), 0.5));
    expect(withOpacity("#b8c2cc", 0.5)).toBe("#b8c2cc80");
  });

  it("keep labels on the pointsOfInterestMax nodes of highest degree only", () => {
    const { graph } = buildGraph(edges, nodes, withEncodings({ bindings: { node: "id" } }, edgeOnly));
    markPointsOfInterest(graph, 1);
    expect(graph.filterNodes((_node, attributes) => attributes.poi === true)).toEqual(["a"]); // a and b have degree 3: first wins
    expect(edgeDrawing(graph, false, { showArrows: false, labelsMax: 1 }).labelsLimited).toBe(true);
    expect(edgeDrawing(graph, false, { showArrows: true, labelsMax: null }).arrows).toBe(true);
  });
});

describe("icons and badges on the nodes", () => {
  it("draw each icon as a distinct short code of its name, the same codes whatever the row order", () => {
    expect(iconCodes(["laptop", "server", "shield", "user", "file-text", "fa-user-secret"])).toEqual(
      new Map([
        ["fa-user-secret", "US"],
        ["file-text", "FT"],
        ["laptop", "L"],
        ["server", "S"],
        ["shield", "Sh"],
        ["user", "U"],
      ]),
    );
    expect(iconCodes(["shield", "server"])).toEqual(iconCodes(["server", "shield"]));
    expect(iconName("fa fa-laptop")).toBe("laptop");
    expect(markText("  Germany ")).toBe("Ger");
  });

  it("map each node through encode_point_icon's mapping with its other, and show the badge's code at its corner", () => {
    const meta = parseMeta({ id: "d", ...PYGRAPHISTRY }, "d");
    const { graph } = buildGraph(edges, nodes, meta);
    // laptop -> laptop, user -> user, server -> other ("question").
    expect(["a", "b", "c"].map((node) => graph.getNodeAttribute(node, "icon"))).toEqual(["L", "U", "Q"]);
    expect(graph.getNodeAttribute("a", "badges")).toEqual([{ text: "F", position: "TopRight", fill: BADGE_FILL, ink: BADGE_INK }]);
    expect(graph.getNodeAttribute("b", "badges")).toBeUndefined(); // q is not mapped and has no other
    expect(badgeOffset("TopRight")).toEqual({ x: Math.SQRT1_2, y: -Math.SQRT1_2 });
    expect(badgeOffset("Left")).toEqual({ x: -1, y: 0 });
    expect(badgeOffset("BottomLeft")).toEqual({ x: -Math.SQRT1_2, y: Math.SQRT1_2 });
  });

  it("read a bound icon column's values as the icons, and as_text badges as their text, in the encoding's colours", () => {
    const meta = withEncodings(
      {
        bindings: { node: "id", node_icon: "ic" },
        complex: { current: { pointBadgeBottomEncoding: { attribute: "t", variation: "categorical", asText: true, bg: "#ff0000", fg: "#000000" } } },
      },
      edgeOnly,
    );
    const { graph } = buildGraph(edges, nodes, meta);
    expect(graph.getNodeAttribute("c", "icon")).toBe("S");
    expect(graph.getNodeAttribute("c", "badges")).toEqual([{ text: "C", position: "Bottom", fill: "#ff0000", ink: "#000000" }]);
  });

  it("say in the legend which code is which icon, and which badge", () => {
    const meta = parseMeta({ id: "d", ...PYGRAPHISTRY }, "d");
    const sections = legendSections(meta, edges, nodes).filter((section) => section.kind === "marks");
    expect(sections.map((section) => [section.title, section.column, section.entries])).toEqual([
      ["Node icon", "ic", [{ code: "L", name: "laptop" }, { code: "Q", name: "question" }, { code: "U", name: "user" }]],
      ["Node badge (TopRight)", "cat", [{ code: "F", name: "flag" }]],
    ]);
    const legend = renderLegend(document, sections, false)!;
    expect([...legend.querySelectorAll(".gj-mark-code")].map((chip) => chip.textContent)).toEqual(["L", "Q", "U", "F"]);
    expect(legend.textContent).toContain("Node icon: ic");
  });
});

describe("the notice of what is not drawn", () => {
  it("names edge icons and unknown URL settings once each, and nothing that is drawn (point icons and badges are)", () => {
    const meta = parseMeta({ id: "d", ...PYGRAPHISTRY }, "d");
    const { marks } = buildGraph(edges, nodes, meta);
    const items = unshownItems(meta, "?dataset=d&type=arrow&viztoken=t&usertag=u&splashAfter=1&info=true&play=0&linLog=true&linLog=false", marks);
    expect(items).toEqual(["edge icons", "the URL setting linLog"]);
    // Without the node table they are read from, icons and badges are not drawn: still named.
    expect(unshownItems(meta, "")).toEqual(["point icons", "point badges", "edge icons"]);
    expect(unshownNotice(["edge icons"])).toBe("Not shown here: edge icons (Graphistry's viewer shows them).");
    expect(unshownNotice([])).toBeNull();
  });

  it("names bound edge icons and opacities, which have no drawing here; bound point icons are drawn", () => {
    const meta = withEncodings({ bindings: { node: "id", node_icon: "ic", node_opacity: "v" } }, { bindings: { source: "s", destination: "d", edge_icon: "k" } });
    expect(unshownItems(meta, "", buildGraph(edges, nodes, meta).marks)).toEqual(["point opacity", "edge icons"]);
  });

  it("names binned icons and badges, edge badges, and icons given as images, which are not drawn", () => {
    const binned = { attribute: "v", variation: "continuous", mapping: { continuous: { bins: [[2, "bolt"]] } } };
    const meta = withEncodings(
      { bindings: { node: "id" }, complex: { default: { pointIconEncoding: binned, pointBadgeLeftEncoding: binned } } },
      { bindings: { source: "s", destination: "d" }, complex: { default: { edgeBadgeTopRightEncoding: { attribute: "k", variation: "categorical" } } } },
    );
    expect(unshownItems(meta, "")).toEqual(["point icons", "point badges", "edge badges"]);
    const images = columns({ id: ["a", "b"], ic: ["https://example.org/a.png", "laptop"] });
    const imageMeta = withEncodings({ bindings: { node: "id", point_icon: "ic" } }, edgeOnly);
    const built = buildGraph(columns({ s: ["a"], d: ["b"] }), images, imageMeta);
    expect(unshownItems(imageMeta, "", built.marks)).toEqual(["point icon images"]);
    expect(built.graph.getNodeAttribute("a", "icon")).toBeUndefined();
    expect(built.graph.getNodeAttribute("b", "icon")).toBe("L");
  });
});

describe("a background from the URL", () => {
  it("says whether labels on it must be light", async () => {
    const { isDarkColor } = await import("../../src/viewer/colors");
    expect(isDarkColor("#000000")).toBe(true);
    expect(isDarkColor("#16191d")).toBe(true);
    expect(isDarkColor("#ffffff")).toBe(false);
    expect(isDarkColor("yellow")).toBe(false);
    expect(isDarkColor("not a colour")).toBeNull();
  });
});
