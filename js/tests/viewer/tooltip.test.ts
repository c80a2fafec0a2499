import Graph from "graphology";
import { describe, expect, it } from "vitest";

import type { EdgeAttributes, NodeAttributes } from "../../src/viewer/graph";
import { MAX_ROWS, attributeSource, edgeRow, formatValue, renderAttributeTable, tooltipPosition } from "../../src/viewer/tooltip";
import { columns } from "./helpers";

describe("formatValue", () => {
  it("writes values for people", () => {
    expect(formatValue(null)).toBe("—");
    expect(formatValue(1234567)).toBe("1234567"); // ids are not quantities: no separators
    expect(formatValue(1234.5678901)).toBe("1234.5678901"); // every digit a double holds
    expect(formatValue(0.1 + 0.2)).toBe("0.3");
    expect(formatValue(12n)).toBe("12");
    expect(formatValue(true)).toBe("true");
    expect(formatValue(new Date(Date.UTC(2024, 0, 2)))).toBe("2024-01-02T00:00:00.000Z");
    expect(formatValue("x".repeat(500))).toHaveLength(120);
    expect(formatValue({ a: 1n })).toBe('{"a":"1"}');
  });
});

function built(): Graph<NodeAttributes, EdgeAttributes> {
  const graph = new Graph<NodeAttributes, EdgeAttributes>({ type: "directed", multi: true });
  graph.addNode("a", { x: 0, y: 0, size: 1, color: "#000", label: "Alpha" });
  graph.addNode("b", { x: 0, y: 0, size: 1, color: "#000", label: "b" });
  graph.addEdgeWithKey("e0", "a", "b", { size: 1, color: "#000" });
  return graph;
}

describe("attributeSource", () => {
  const edges = columns({ s: ["a"], d: ["b"], weight: Float64Array.from([2.5]) });
  const nodes = columns({ id: ["b", "a"], kind: ["y", "x"] });

  it("reads a node's row of the node table, by id, and its degree", () => {
    const source = attributeSource(built(), edges, nodes, "id");
    expect(source.node("a")).toEqual({
      title: "Alpha (a)",
      rows: [
        ["id", "a"],
        ["kind", "x"],
        ["degree", "1"],
      ],
      more: 0,
    });
  });

  it("reads an edge's row of the edge table", () => {
    const source = attributeSource(built(), edges, nodes, "id");
    expect(source.edge("e0")).toEqual({ title: "Alpha → b", rows: [["s", "a"], ["d", "b"], ["weight", "2.5"]], more: 0 });
    expect(edgeRow("e12")).toBe(12);
    expect(edgeRow("x")).toBeNull();
  });

  it("without a node table, says the id and degree", () => {
    expect(attributeSource(built(), edges, null, null).node("b").rows).toEqual([
      ["id", "b"],
      ["degree", "1"],
    ]);
  });

  it("shows at most MAX_ROWS columns and counts the rest", () => {
    const wide: Record<string, string[]> = { id: ["a"] };
    for (let i = 0; i < MAX_ROWS + 5; i++) wide[`c${i}`] = [String(i)];
    const table = attributeSource(built(), edges, columns(wide), "id").node("a");
    expect(table.rows).toHaveLength(MAX_ROWS);
    expect(table.more).toBe(7); // 5 more columns, the id's, and the degree
    expect(renderAttributeTable(document, table).textContent).toContain("and 7 more columns");
  });
});

describe("tooltipPosition", () => {
  const bounds = { width: 400, height: 300 };
  it("sits below right of the pointer, flips near the edges, never leaves the box", () => {
    expect(tooltipPosition(10, 10, 100, 50, bounds)).toEqual({ left: 24, top: 24 });
    expect(tooltipPosition(390, 290, 100, 50, bounds)).toEqual({ left: 276, top: 226 });
    expect(tooltipPosition(5, 5, 500, 400, bounds)).toEqual({ left: 0, top: 0 });
  });
});
