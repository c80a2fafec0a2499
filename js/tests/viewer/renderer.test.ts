import { beforeAll, describe, expect, it } from "vitest";
import Graph from "graphology";

import type * as RendererModule from "../../src/viewer/renderer";
import type { EdgeAttributes, NodeAttributes, ViewerGraph } from "../../src/viewer/graph";
import { columns, meta } from "./helpers";

let placeholderGraph: typeof RendererModule.placeholderGraph;
let drawsStraightEdges: typeof RendererModule.drawsStraightEdges;
let straightBeforeBuild: typeof RendererModule.straightBeforeBuild;

beforeAll(async () => {
  // sigma reads WebGL constants when its modules load; jsdom has no WebGL.
  (globalThis as Record<string, unknown>)["WebGL2RenderingContext"] ??= { FLOAT: 5126, UNSIGNED_BYTE: 5121 };
  ({ placeholderGraph, drawsStraightEdges, straightBeforeBuild } = await import("../../src/viewer/renderer"));
});

function graphWith(edges: Array<[string, string]>): ViewerGraph {
  const graph: ViewerGraph = new Graph<NodeAttributes, EdgeAttributes>({ type: "directed", multi: true, allowSelfLoops: true });
  for (const [source, target] of edges) {
    for (const key of [source, target]) {
      if (!graph.hasNode(key)) graph.addNode(key, { x: 0, y: 0, size: 1, color: "#000", label: key });
    }
    graph.addEdge(source, target, { size: 1, color: "#000" });
  }
  return graph;
}

describe("placeholderGraph", () => {
  it("is two unlabelled nodes joined by one straight edge: what every first frame draws, in small", () => {
    const graph = placeholderGraph();
    expect(graph.order).toBe(2);
    expect(graph.size).toBe(1);
    expect(graph.selfLoopCount).toBe(0);
    expect(graph.mapNodes((_node, attributes) => attributes.label)).toEqual(["", ""]);
  });

  it("places its nodes apart, so that its edge has a length to draw", () => {
    const [a, b] = placeholderGraph().mapNodes((_node, attributes) => [attributes.x, attributes.y]);
    expect(a).not.toEqual(b);
  });
});

describe("drawsStraightEdges", () => {
  it("draws straight edges only, unless a graph drawn whole-size has self-loops", () => {
    expect(drawsStraightEdges(graphWith([["a", "b"]]), false)).toBe(true);
    expect(drawsStraightEdges(graphWith([["a", "a"]]), false)).toBe(false);
    // A large graph draws self-loops as nothing: a loop around a node a few pixels wide.
    expect(drawsStraightEdges(graphWith([["a", "a"]]), true)).toBe(true);
  });
});

describe("straightBeforeBuild", () => {
  const limits = { nodes: 100_000, edges: 100_000 };
  const edgeOnly = meta({ source: "s", destination: "d" });

  it("is sure of straight edges when no drawn row is a self-loop", () => {
    expect(straightBeforeBuild(columns({ s: ["a"], d: ["b"] }), null, edgeOnly, limits)).toBe(true);
  });

  it("waits for the build when a small graph has self-loops", () => {
    expect(straightBeforeBuild(columns({ s: ["a", "a"], d: ["a", "b"] }), null, edgeOnly, limits)).toBe(false);
  });

  it("is sure of straight edges for a graph with self-loops and more nodes than a large graph's", () => {
    const ids = Array.from({ length: 5_001 }, (_, i) => `n${i}`);
    const edges = columns({ s: ["n0", ...ids], d: ["n0", ...ids.slice(1), "n0"] });
    expect(straightBeforeBuild(edges, null, edgeOnly, limits)).toBe(true);
  });
});
