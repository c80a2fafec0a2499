import { beforeAll, describe, expect, it } from "vitest";
import Graph from "graphology";

import type * as RendererModule from "../../src/viewer/renderer";
import type { EdgeAttributes, NodeAttributes, ViewerGraph } from "../../src/viewer/graph";

let placeholderGraph: typeof RendererModule.placeholderGraph;
let drawsStraightEdges: typeof RendererModule.drawsStraightEdges;

beforeAll(async () => {
  // sigma reads WebGL constants when its modules load; jsdom has no WebGL.
  (globalThis as Record<string, unknown>)["WebGL2RenderingContext"] ??= { FLOAT: 5126, UNSIGNED_BYTE: 5121 };
  ({ placeholderGraph, drawsStraightEdges } = await import("../../src/viewer/renderer"));
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
