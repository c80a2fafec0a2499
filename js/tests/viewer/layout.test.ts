import Graph from "graphology";
import { describe, expect, it, vi } from "vitest";

import { layoutBudgetMs, runLayout } from "../../src/viewer/layout";

function triangle(): Graph<{ x: number; y: number }> {
  const graph = new Graph<{ x: number; y: number }>();
  graph.addNode("a", { x: 0, y: 0 });
  graph.addNode("b", { x: 1, y: 0 });
  graph.addNode("c", { x: 0, y: 1 });
  graph.addEdge("a", "b");
  graph.addEdge("b", "c");
  return graph;
}

describe("layoutBudgetMs", () => {
  it("gives bigger graphs more time, but never unbounded", () => {
    expect(layoutBudgetMs(2)).toBe(0);
    expect(layoutBudgetMs(100)).toBeLessThanOrEqual(layoutBudgetMs(100_000));
    expect(layoutBudgetMs(10_000_000)).toBeLessThanOrEqual(4000);
  });
});

describe("runLayout", () => {
  it("keeps the initial positions when the browser refuses web workers", async () => {
    // jsdom has no Worker, like a page whose Content-Security-Policy forbids blob: workers.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const graph = triangle();
    const layout = runLayout(graph, 1000, false);
    await layout.done;
    expect(graph.getNodeAttributes("b")).toEqual({ x: 1, y: 0 });
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it("does nothing without a time budget", async () => {
    const graph = triangle();
    await runLayout(graph, 0, true).done;
    expect(graph.getNodeAttributes("c")).toEqual({ x: 0, y: 1 });
  });
});
