import Graph from "graphology";
import fa2Worker from "graphology-layout-forceatlas2/webworker.js";
import { afterEach, describe, expect, it, vi } from "vitest";

import {
  layoutDigest,
  layoutIterations,
  layoutSettings,
  layoutSynchronously,
  runSeededLayout,
  seedPositions,
  seededPosition,
} from "../../src/viewer/seeded_layout";
import { graphToByteArrays } from "graphology-layout-forceatlas2/helpers.js";

type Positioned = { x: number; y: number };

/** A small graph with some structure: two triangles joined by a path, plus a leaf. */
function sample(order: readonly string[] = ["a", "b", "c", "d", "e", "f", "g", "h"]): Graph<Positioned> {
  const graph = new Graph<Positioned>({ type: "directed", multi: true });
  for (const node of order) graph.addNode(node, { x: 0, y: 0 });
  for (const [s, t] of [
    ["a", "b"], ["b", "c"], ["c", "a"], ["c", "d"], ["d", "e"], ["e", "f"], ["f", "g"], ["g", "e"], ["g", "h"],
  ] as const) {
    graph.addEdge(s, t);
  }
  return graph;
}

function positions(graph: Graph<Positioned>): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  graph.forEachNode((node, { x, y }) => (out[node] = [x, y]));
  return out;
}

describe("seeded positions", () => {
  it("come from the node id alone: same id, same place, whatever the row order", () => {
    expect(seededPosition("alice", 3)).toEqual(seededPosition("alice", 3));
    expect(seededPosition("alice", 3)).not.toEqual(seededPosition("bob", 3));
    const one = sample();
    const other = sample(["h", "g", "f", "e", "d", "c", "b", "a"]);
    seedPositions(one);
    seedPositions(other);
    expect(positions(one)).toEqual(positions(other));
  });

  it("spread sequential ids over the disc as evenly as random points would", () => {
    // 10,000 ids in a disc of radius 100 (31,416 unit cells): uniform points would fall on about
    // 31,416 * (1 - e^(-10,000 / 31,416)) = 8,548 distinct cells.
    const cells = new Set<string>();
    for (let id = 0; id < 10_000; id++) {
      const { x, y } = seededPosition(String(id), 100);
      cells.add(`${Math.floor(x)},${Math.floor(y)}`);
    }
    expect(cells.size).toBeGreaterThan(8_000);
  });

  it("stay inside the disc of the given radius", () => {
    for (const id of ["a", "b", "node-42", "😀", ""]) {
      const { x, y } = seededPosition(id, 2);
      expect(Math.hypot(x, y)).toBeLessThanOrEqual(2);
    }
  });
});

describe("layoutIterations", () => {
  it("depends on the size only, fewer for bigger graphs, never none for a real graph", () => {
    expect(layoutIterations(2, 1)).toBe(0);
    expect(layoutIterations(8, 9)).toBe(layoutIterations(8, 9));
    expect(layoutIterations(100, 300)).toBeGreaterThanOrEqual(layoutIterations(100_000, 1_000_000));
    expect(layoutIterations(100_000, 1_000_000)).toBeGreaterThanOrEqual(10);
    expect(layoutIterations(10, 10)).toBeLessThanOrEqual(600);
  });
});

describe("the layout", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("gives the same graph the same positions on every run", () => {
    const runs = [sample(), sample()].map((graph) => {
      seedPositions(graph);
      layoutSynchronously(graph, layoutIterations(graph.order, graph.size));
      return graph;
    });
    expect(positions(runs[0] as Graph<Positioned>)).toEqual(positions(runs[1] as Graph<Positioned>));
    expect(layoutDigest(runs[0] as Graph<Positioned>)).toBe(layoutDigest(runs[1] as Graph<Positioned>));
    // It moved the nodes: a layout, not a no-op.
    const seeded = sample();
    seedPositions(seeded);
    expect(layoutDigest(runs[0] as Graph<Positioned>)).not.toBe(layoutDigest(seeded));
  });

  it("computes in the worker exactly what it computes without one", () => {
    // graphology's worker body, run here against a stand-in `self`: one message, one iteration.
    const iterations = 25;
    const handlers: Array<(event: { data: unknown }) => void> = [];
    let reply: ArrayBuffer | null = null;
    vi.stubGlobal("self", {
      addEventListener: (_type: string, handler: (event: { data: unknown }) => void) => handlers.push(handler),
      postMessage: (data: { nodes: ArrayBuffer }) => (reply = data.nodes),
    });
    fa2Worker();
    const viaWorker = sample();
    seedPositions(viaWorker);
    const settings = layoutSettings(viaWorker.order);
    const matrices = graphToByteArrays(viaWorker, () => 1);
    let nodes: ArrayBuffer = matrices.nodes.buffer as ArrayBuffer;
    for (let i = 0; i < iterations; i++) {
      for (const handler of handlers) handler({ data: { settings, nodes, edges: i === 0 ? matrices.edges.buffer : undefined } });
      if (reply === null) throw new Error("the worker did not answer");
      nodes = reply;
    }
    const matrix = new Float32Array(nodes);

    const direct = sample();
    seedPositions(direct);
    layoutSynchronously(direct, iterations);
    let i = 0;
    direct.forEachNode((_node, { x, y }) => {
      expect([x, y]).toEqual([matrix[i * 10], matrix[i * 10 + 1]]);
      i++;
    });
  });

  it("runs synchronously where there are no workers (jsdom, or a strict Content-Security-Policy)", async () => {
    const graph = sample();
    seedPositions(graph);
    const reference = sample();
    seedPositions(reference);
    layoutSynchronously(reference, layoutIterations(reference.order, reference.size));
    await runSeededLayout(graph, false, true).done;
    expect(positions(graph)).toEqual(positions(reference));
  });

  it("leaves bound positions alone", async () => {
    const graph = sample();
    graph.setNodeAttribute("a", "x", 42);
    await runSeededLayout(graph, true, true).done;
    expect(graph.getNodeAttribute("a", "x")).toBe(42);
  });
});
