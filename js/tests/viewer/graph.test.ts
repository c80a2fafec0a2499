import { describe, expect, it } from "vitest";

import { DEFAULT_EDGE_COLOR, DEFAULT_NODE_COLOR, PALETTE } from "../../src/viewer/colors";
import { ViewerError } from "../../src/viewer/errors";
import {
  LARGE_GRAPH_NODES,
  SOFTWARE_DRAW_LIMITS,
  buildGraph,
  drawsMoreNodesThan,
  drawsSelfLoops,
  isSoftwareRenderer,
  sampledNotice,
} from "../../src/viewer/graph";
import { columns, meta } from "./helpers";

const edgeOnly = meta({ source: "s", destination: "d" });

/** 100,000 edges over 25,000 nodes, spread (as the benchmark's graph): its source and destination ids. */
function spreadGraph(): { rows: number; order: number; s: Int32Array; d: Int32Array } {
  const rows = 100_000;
  const order = 25_000;
  const s = new Int32Array(rows);
  const d = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    s[i] = i % order;
    d[i] = (i * 7919) % order;
  }
  return { rows, order, s, d };
}

describe("buildGraph from an edge-only dataset", () => {
  const edges = columns({ s: ["a", "b", "c"], d: ["b", "c", "a"] });

  it("derives the nodes from the source and destination columns", () => {
    const { graph } = buildGraph(edges, null, edgeOnly);
    expect(graph.nodes()).toEqual(["a", "b", "c"]);
    expect(graph.size).toBe(3);
    expect(graph.hasDirectedEdge("a", "b")).toBe(true);
  });

  it("labels derived nodes with their id and gives them the default color", () => {
    const { graph } = buildGraph(edges, null, edgeOnly);
    expect(graph.getNodeAttribute("a", "label")).toBe("a");
    expect(graph.getNodeAttribute("a", "color")).toBe(DEFAULT_NODE_COLOR);
    expect(graph.getEdgeAttribute("e0", "color")).toBe(DEFAULT_EDGE_COLOR);
  });

  it("places nodes deterministically, each at its own spot, and asks for a layout", () => {
    const first = buildGraph(edges, null, edgeOnly);
    const second = buildGraph(edges, null, edgeOnly);
    const spots = first.graph.mapNodes((_n, a) => `${a.x},${a.y}`);
    expect(spots).toEqual(second.graph.mapNodes((_n, a) => `${a.x},${a.y}`));
    expect(new Set(spots).size).toBe(3);
    expect(first.positioned).toBe(false);
  });

  it("keeps parallel edges and self loops", () => {
    const { graph } = buildGraph(columns({ s: ["a", "a", "b"], d: ["b", "b", "b"] }), null, edgeOnly);
    expect(graph.size).toBe(3);
  });

  it("skips edges with a null endpoint and counts them", () => {
    const built = buildGraph(columns({ s: ["a", null, "b"], d: ["b", "c", null] }), null, edgeOnly);
    expect(built.graph.size).toBe(1);
    expect(built.skippedEdges).toBe(2);
    expect(built.graph.hasNode("c")).toBe(false);
  });

  it("colors edges from an edge_color binding", () => {
    const { graph } = buildGraph(
      columns({ s: ["a", "b"], d: ["b", "a"], k: Int32Array.from([2, 7]) }),
      null,
      meta({ source: "s", destination: "d", edge_color: "k" }),
    );
    expect(graph.getEdgeAttribute("e0", "color")).toBe(PALETTE[2]);
    expect(graph.getEdgeAttribute("e1", "color")).toBe(PALETTE[7]);
  });

  it("says which binding is missing when source or destination is not a column", () => {
    expect(() => buildGraph(edges, null, meta({ source: "s", destination: "dst" }))).toThrow(
      /no column "dst" \(bound as "destination"\)/,
    );
    expect(() => buildGraph(edges, null, meta({ source: "s" }))).toThrow(ViewerError);
  });
});

describe("buildGraph with a node table", () => {
  const edges = columns({ s: ["a", "b", "z"], d: ["b", "a", "a"] });
  const nodes = columns({
    n: ["a", "b"],
    title: ["Alpha", "Bravo"],
    c: ["red", "not a color"],
    w: Float64Array.from([1, 3]),
  });
  const bound = meta(
    { source: "s", destination: "d" },
    { node: "n", node_title: "title", node_color: "c", node_size: "w" },
  );

  it("labels nodes from the bound title column", () => {
    const { graph } = buildGraph(edges, nodes, bound);
    expect(graph.getNodeAttribute("a", "label")).toBe("Alpha");
    expect(graph.getNodeAttribute("b", "label")).toBe("Bravo");
  });

  it("colors nodes from a column of CSS color strings as given", () => {
    const colored = columns({ n: ["a", "b"], c: ["red", "#00ff00"] });
    const { graph } = buildGraph(edges, colored, meta({ source: "s", destination: "d" }, { node: "n", node_color: "c" }));
    expect(graph.getNodeAttribute("a", "color")).toBe("#ff0000");
    expect(graph.getNodeAttribute("b", "color")).toBe("#00ff00");
    expect(graph.getNodeAttribute("z", "color")).toBe(DEFAULT_NODE_COLOR);
  });

  it("colors nodes from a column of other values (names, categories) through the palette, one hue per value", () => {
    const { graph } = buildGraph(edges, nodes, bound);
    // Sorted values "not a color" < "red": the palette's first two colours.
    expect(graph.getNodeAttribute("b", "color")).toBe(PALETTE[0]);
    expect(graph.getNodeAttribute("a", "color")).toBe(PALETTE[1]);
  });

  it("sizes nodes from the bound size column", () => {
    const { graph } = buildGraph(edges, nodes, bound);
    expect(graph.getNodeAttribute("b", "size")).toBeGreaterThan(graph.getNodeAttribute("a", "size"));
  });

  it("adds edge endpoints missing from the node table", () => {
    const { graph } = buildGraph(edges, nodes, bound);
    expect(graph.nodes()).toEqual(["a", "b", "z"]);
    expect(graph.getNodeAttribute("z", "label")).toBe("z");
  });

  it("matches int64 node ids with int64 edge endpoints", () => {
    const { graph } = buildGraph(
      columns({ s: BigInt64Array.from([1n, 2n]), d: BigInt64Array.from([2n, 1n]) }),
      columns({ n: BigInt64Array.from([1n, 2n]), name: ["one", "two"] }),
      meta({ source: "s", destination: "d" }, { node: "n", node_label: "name" }),
    );
    expect(graph.order).toBe(2);
    expect(graph.getNodeAttribute("1", "label")).toBe("one");
  });

  it("uses bound node positions and then needs no layout", () => {
    const built = buildGraph(
      columns({ s: ["a"], d: ["b"] }),
      columns({ n: ["a", "b"], x: Float64Array.from([10, 20]), y: Float64Array.from([5, 6]) }),
      meta({ source: "s", destination: "d" }, { node: "n", node_x: "x", node_y: "y" }),
    );
    expect(built.positioned).toBe(true);
    expect(built.graph.getNodeAttributes("b")).toMatchObject({ x: 20, y: 6 });
  });

  it("colors nodes by a categorical mapping from encode_point_color", () => {
    const withMapping = meta({ source: "s", destination: "d" }, { node: "n" }, {
      node_encodings: {
        bindings: { node: "n" },
        complex: {
          default: {
            pointColorEncoding: {
              graphType: "point",
              encodingType: "color",
              attribute: "title",
              variation: "categorical",
              mapping: { categorical: { fixed: { Alpha: "blue" }, other: "#0f0" } },
            },
          },
        },
      },
    });
    const { graph } = buildGraph(edges, nodes, withMapping);
    expect(graph.getNodeAttribute("a", "color")).toBe("#0000ff");
    expect(graph.getNodeAttribute("b", "color")).toBe("#0f0");
  });
});

describe("buildGraph on a large graph", () => {
  it("builds 100k edges quickly", () => {
    const n = 100_000;
    const s = new Int32Array(n);
    const d = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = i % 20_000;
      d[i] = (i * 7919) % 20_000;
    }
    const started = performance.now();
    const { graph } = buildGraph(columns({ s, d }), null, edgeOnly);
    const elapsed = performance.now() - started;
    expect(graph.size).toBe(n);
    expect(graph.order).toBe(20_000);
    // Generous for a shared 2-core machine; a quadratic build would take minutes.
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe("buildGraph over the draw limits", () => {
  const ids = Array.from({ length: 10 }, (_, i) => `n${i}`);
  const ring = columns({ s: ids, d: ids.map((_, i) => ids[(i + 1) % ids.length]) });
  const withNodes = meta({ source: "s", destination: "d" }, { node: "id" });

  it("draws a graph within the limits whole, and says nothing", () => {
    const built = buildGraph(ring, null, edgeOnly, { nodes: 10, edges: 10 });
    expect(built.sampled).toBeNull();
    expect(built.graph.size).toBe(10);
  });

  it("draws every k-th edge row of a bigger edge table, keeping the rows' edge keys", () => {
    const built = buildGraph(ring, null, edgeOnly, { nodes: 100, edges: 5 });
    expect(built.graph.edges()).toEqual(["e0", "e2", "e4", "e6", "e8"]);
    expect(built.sampled).toEqual({ nodes: built.graph.order, totalNodes: null, edges: 5, totalEdges: 10 });
  });

  it("keeps the drawn edges' ends of a bigger node table first, up to the node limit", () => {
    const nodes = columns({ id: ids });
    const built = buildGraph(ring, nodes, withNodes, { nodes: 5, edges: 100 });
    expect(built.graph.nodes()).toEqual(["n0", "n1", "n2", "n3", "n4"]);
    expect(built.graph.edges()).toEqual(["e0", "e1", "e2", "e3"]); // only between drawn nodes
    expect(built.sampled).toEqual({ nodes: 5, totalNodes: 10, edges: 4, totalEdges: 10 });
  });

  it("fills a sampled node table's remaining room with every k-th other row", () => {
    const many = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const nodes = columns({ id: many });
    const twoEdges = columns({ s: ["n0", "n1"], d: ["n1", "n2"] });
    const built = buildGraph(twoEdges, nodes, withNodes, { nodes: 10, edges: 100 });
    expect(built.graph.nodes()).toEqual(["n0", "n1", "n2", "n4", "n6", "n8", "n10", "n12", "n14", "n16"]);
    expect(built.graph.size).toBe(2);
  });

  it("draws 10,000 edges of a 100,000-edge graph, and all its 25,000 nodes, where WebGL runs in software", () => {
    // The sample a redraw without a GPU can afford (~0.2 s here): edges cost the CPU ~4x a node.
    const { rows, order, s, d } = spreadGraph();
    const nodes = columns({ id: Int32Array.from({ length: order }, (_, i) => i) });
    const built = buildGraph(columns({ s, d }), nodes, withNodes, SOFTWARE_DRAW_LIMITS);
    expect(built.sampled).toEqual({ nodes: order, totalNodes: order, edges: 10_000, totalEdges: rows });
    expect(built.graph.order).toBe(order);
  });

  it("never adds more nodes from edge ends than the node limit", () => {
    const built = buildGraph(ring, null, edgeOnly, { nodes: 4, edges: 100 });
    expect(built.graph.order).toBe(4);
    expect(built.sampled).not.toBeNull();
  });

  it("names what is shown in the notice", () => {
    expect(sampledNotice({ nodes: 83_334, totalNodes: 250_000, edges: 11_000, totalEdges: 1_000_000 })).toBe(
      "Too big to draw whole here: drawing 11,000 of 1,000,000 edges and 83,334 of 250,000 nodes (an even sample of the rows).",
    );
    // Edge-only: the whole graph's node count is in the header (countAllNodes), not here.
    expect(sampledNotice({ nodes: 5, totalNodes: null, edges: 5, totalEdges: 10 })).toBe(
      "Too big to draw whole here: drawing 5 of 10 edges (an even sample of the rows).",
    );
    // Only the edges sampled (every node kept): the notice does not read "25,000 of 25,000".
    expect(sampledNotice({ nodes: 25_000, totalNodes: 25_000, edges: 20_000, totalEdges: 100_000 })).toBe(
      "Too big to draw whole here: drawing 20,000 of 100,000 edges (an even sample of the rows).",
    );
  });
});

describe("isSoftwareRenderer", () => {
  it("knows the software rasterizers by their WebGL renderer names", () => {
    expect(isSoftwareRenderer("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)")).toBe(true);
    expect(isSoftwareRenderer("llvmpipe (LLVM 15.0.6, 256 bits)")).toBe(true);
    expect(isSoftwareRenderer("ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)")).toBe(false);
    expect(isSoftwareRenderer("Apple M1")).toBe(false);
  });
});

describe("drawsSelfLoops", () => {
  it("finds a row whose source and destination are the same node", () => {
    expect(drawsSelfLoops(columns({ s: ["a", "b"], d: ["b", "b"] }), edgeOnly)).toBe(true);
    expect(drawsSelfLoops(columns({ s: ["a", "b"], d: ["b", "c"] }), edgeOnly)).toBe(false);
  });

  it("compares node keys, as the graph does: a number and its string, int64 ids, two NaNs", () => {
    expect(drawsSelfLoops(columns({ s: [1, 2], d: ["2", "1"] }), edgeOnly)).toBe(false);
    expect(drawsSelfLoops(columns({ s: Float64Array.from([Number.NaN]), d: Float64Array.from([Number.NaN]) }), edgeOnly)).toBe(true);
    expect(drawsSelfLoops(columns({ s: BigInt64Array.from([7n, 2n ** 60n]), d: BigInt64Array.from([8n, 2n ** 60n]) }), edgeOnly)).toBe(true);
    const { graph } = buildGraph(columns({ s: Float64Array.from([Number.NaN]), d: Float64Array.from([Number.NaN]) }), null, edgeOnly);
    expect(graph.selfLoopCount).toBe(1);
  });

  it("ignores rows with a missing end, which are not drawn", () => {
    expect(drawsSelfLoops(columns({ s: [null, "a"], d: [null, "b"] }), edgeOnly)).toBe(false);
  });

  it("finds a loop between a number and its string, either way round", () => {
    expect(drawsSelfLoops(columns({ s: [1, 2], d: ["2", "2"] }), edgeOnly)).toBe(true);
    expect(drawsSelfLoops(columns({ s: ["1", "2"], d: [2, 2] }), edgeOnly)).toBe(true);
    expect(buildGraph(columns({ s: ["1", "2"], d: [2, 2] }), null, edgeOnly).graph.selfLoopCount).toBe(1);
  });

  it("fails as buildGraph does when a binding or its column is missing", () => {
    const edges = columns({ s: ["a"], d: ["a"] });
    for (const [bindings, message] of [
      [{ destination: "d" }, 'no column is bound as "source" for the edges.'],
      [{ source: "s" }, 'no column is bound as "destination" for the edges.'],
      [{ source: "q", destination: "d" }, 'the edges table has no column "q" (bound as "source")'],
      [{ source: "s", destination: "q" }, 'the edges table has no column "q" (bound as "destination")'],
    ] as const) {
      expect(() => drawsSelfLoops(edges, meta(bindings))).toThrow(message);
      expect(() => buildGraph(edges, null, meta(bindings))).toThrow(message);
    }
  });

  it("looks only at the rows a sampled edge table draws", () => {
    const s = ["a", "x", "c", "y"];
    const d = ["b", "x", "d", "y"]; // the loops are on rows 1 and 3; every 2nd row is drawn
    expect(drawsSelfLoops(columns({ s, d }), edgeOnly, { nodes: 100, edges: 2 })).toBe(false);
    expect(drawsSelfLoops(columns({ s, d }), edgeOnly, { nodes: 100, edges: 4 })).toBe(true);
    expect(buildGraph(columns({ s, d }), null, edgeOnly, { nodes: 100, edges: 2 }).graph.selfLoopCount).toBe(0);
  });
});

describe("drawsMoreNodesThan", () => {
  const withNodes = meta({ source: "s", destination: "d" }, { node: "id" });
  const limits = { nodes: 100, edges: 100 };

  it("counts the distinct node keys of the node table and the edges' ends, as the graph has them", () => {
    const edges = columns({ s: ["a", "b"], d: ["b", "c"] });
    const nodes = columns({ id: ["a", "a", "x"] });
    // a, x from the node table; b, c from the edges: 4 nodes
    expect(buildGraph(edges, nodes, withNodes, limits).graph.order).toBe(4);
    expect(drawsMoreNodesThan(edges, nodes, withNodes, limits, 3)).toBe(true);
    expect(drawsMoreNodesThan(edges, nodes, withNodes, limits, 4)).toBe(false);
  });

  it("skips edge rows with a missing end, which add no node", () => {
    const edges = columns({ s: ["a", null], d: ["b", "c"] });
    expect(buildGraph(edges, null, edgeOnly, limits).graph.order).toBe(2);
    expect(drawsMoreNodesThan(edges, null, edgeOnly, limits, 2)).toBe(false);
  });

  it("counts no node for a null id, and none for an edge row whose destination is missing", () => {
    const nodes = columns({ id: ["a", null] });
    const loop = columns({ s: ["a"], d: ["a"] });
    expect(buildGraph(loop, nodes, withNodes, limits).graph.order).toBe(1);
    expect(drawsMoreNodesThan(loop, nodes, withNodes, limits, 1)).toBe(false);
    const edges = columns({ s: ["a", "x"], d: ["b", null] });
    expect(buildGraph(edges, null, edgeOnly, limits).graph.order).toBe(2);
    expect(drawsMoreNodesThan(edges, null, edgeOnly, limits, 2)).toBe(false);
  });

  it("fails as buildGraph does when a binding or its column is missing", () => {
    const edges = columns({ s: ["a"], d: ["b"] });
    const nodes = columns({ id: ["a"] });
    for (const [edgeBindings, nodeBindings, message] of [
      [{ source: "s", destination: "d" }, {}, 'no column is bound as "node" for the nodes.'],
      [{ source: "s", destination: "d" }, { node: "q" }, 'the nodes table has no column "q" (bound as "node")'],
      [{ destination: "d" }, { node: "id" }, 'no column is bound as "source" for the edges.'],
      [{ source: "s" }, { node: "id" }, 'no column is bound as "destination" for the edges.'],
      [{ source: "q", destination: "d" }, { node: "id" }, 'the edges table has no column "q" (bound as "source")'],
      [{ source: "s", destination: "q" }, { node: "id" }, 'the edges table has no column "q" (bound as "destination")'],
    ] as const) {
      expect(() => drawsMoreNodesThan(edges, nodes, meta(edgeBindings, nodeBindings), limits, 5)).toThrow(message);
      expect(() => buildGraph(edges, nodes, meta(edgeBindings, nodeBindings), limits)).toThrow(message);
    }
  });

  it("says no when the node limit itself is not above the count", () => {
    const edges = columns({ s: ["a", "b", "c"], d: ["b", "c", "d"] });
    expect(drawsMoreNodesThan(edges, null, edgeOnly, { nodes: 3, edges: 100 }, 3)).toBe(false);
    expect(drawsMoreNodesThan(edges, null, edgeOnly, { nodes: 4, edges: 100 }, 3)).toBe(true);
  });

  it("holds for a sampled graph: more than 5,000 nodes of a 25,000-node table drawn 10,000 edges of 100,000", () => {
    const { order, s, d } = spreadGraph();
    const edges = columns({ s, d });
    const nodes = columns({ id: Int32Array.from({ length: order }, (_, i) => i) });
    expect(drawsMoreNodesThan(edges, nodes, withNodes, SOFTWARE_DRAW_LIMITS, LARGE_GRAPH_NODES)).toBe(true);
    expect(buildGraph(edges, nodes, withNodes, SOFTWARE_DRAW_LIMITS).graph.order).toBeGreaterThan(LARGE_GRAPH_NODES);
  });
});

describe("drawsSelfLoops and drawsMoreNodesThan", () => {
  type Table = ReturnType<typeof columns>;

  /** The table, whose columns fail on a read outside its rows. */
  function inRange(table: Table): Table {
    return {
      numRows: table.numRows,
      names: table.names,
      column(name) {
        const reader = table.column(name);
        if (reader === null) return null;
        return {
          get(row) {
            if (row < 0 || row >= table.numRows) throw new RangeError(`row ${row} of ${table.numRows}`);
            return reader.get(row);
          },
        };
      },
    };
  }

  it("read only the tables' rows", () => {
    const edges = inRange(columns({ s: ["a", "b", "c"], d: ["b", "c", "d"] }));
    const nodes = inRange(columns({ id: ["a", "x"] }));
    const withNodes = meta({ source: "s", destination: "d" }, { node: "id" });
    expect(drawsSelfLoops(edges, edgeOnly)).toBe(false);
    expect(drawsSelfLoops(edges, edgeOnly, { nodes: 100, edges: 2 })).toBe(false);
    expect(drawsMoreNodesThan(edges, nodes, withNodes, { nodes: 100, edges: 100 }, 5)).toBe(false);
    expect(drawsMoreNodesThan(edges, nodes, withNodes, { nodes: 100, edges: 2 }, 5)).toBe(false);
  });
});
