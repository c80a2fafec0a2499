import Graph from "graphology";
import { describe, expect, it } from "vitest";

import type { ViewerRenderer } from "../../src/viewer/appearance";
import { createSelection, neighbourhood } from "../../src/viewer/selection";

/** A path a - b - c and a lone d; edges keyed e0, e1. */
function path(): Graph {
  const graph = new Graph({ type: "directed", multi: true });
  for (const node of ["a", "b", "c", "d"]) graph.addNode(node);
  graph.addEdgeWithKey("e0", "a", "b");
  graph.addEdgeWithKey("e1", "b", "c");
  return graph;
}

/** The renderer calls a selection makes, recorded as the resulting state per item. */
function fakeRenderer(graph: Graph): { renderer: ViewerRenderer; nodes: Map<string, Record<string, boolean>>; edges: Map<string, Record<string, boolean>> } {
  const nodes = new Map<string, Record<string, boolean>>();
  const edges = new Map<string, Record<string, boolean>>();
  const merge = (map: Map<string, Record<string, boolean>>, keys: string[], state: Record<string, boolean>): void => {
    for (const key of keys) map.set(key, { ...(map.get(key) ?? {}), ...state });
  };
  const renderer = {
    getGraph: () => graph,
    setNodesState: (keys: string[], state: Record<string, boolean>) => merge(nodes, keys, state),
    setNodeState: (key: string, state: Record<string, boolean>) => merge(nodes, [key], state),
    setEdgesState: (keys: string[], state: Record<string, boolean>) => merge(edges, keys, state),
  } as unknown as ViewerRenderer;
  return { renderer, nodes, edges };
}

describe("neighbourhood", () => {
  it("is the node, its neighbours either way, and its edges", () => {
    expect(neighbourhood(path(), "b")).toEqual({ nodes: new Set(["b", "a", "c"]), edges: new Set(["e0", "e1"]) });
  });
});

describe("createSelection", () => {
  it("lights the node and its neighbours, fades the rest, and clears", () => {
    const graph = path();
    const { renderer, nodes, edges } = fakeRenderer(graph);
    const selection = createSelection(renderer);
    const heard: Array<string | null> = [];
    selection.onChange((node) => heard.push(node));

    selection.select("a");
    expect(selection.node).toBe("a");
    expect(nodes.get("a")).toMatchObject({ selected: true, isHighlighted: true, dimmed: false });
    expect(nodes.get("b")).toMatchObject({ isHighlighted: true, dimmed: false });
    expect(nodes.get("c")).toMatchObject({ dimmed: true });
    expect(edges.get("e0")).toMatchObject({ isHighlighted: true });
    expect(edges.get("e1")).toMatchObject({ dimmed: true });

    selection.select(null);
    for (const node of ["a", "b", "c", "d"]) expect(nodes.get(node)).toMatchObject({ dimmed: false, isHighlighted: false });
    expect(edges.get("e1")).toMatchObject({ dimmed: false });
    expect(heard).toEqual(["a", null]);
  });

  it("treats an unknown node as no selection, and a quiet change tells nobody", () => {
    const { renderer } = fakeRenderer(path());
    const selection = createSelection(renderer);
    const heard: Array<string | null> = [];
    selection.onChange((node) => heard.push(node));
    selection.select("b", true);
    selection.select("nope");
    expect(selection.node).toBeNull();
    expect(heard).toEqual([null]);
  });
});
