// ForceAtlas2 in a web worker for a bounded time, then stopped to give the CPU back.
import FA2Layout from "graphology-layout-forceatlas2/worker";
import { inferSettings } from "graphology-layout-forceatlas2";
import type Graph from "graphology";

/** How long the layout may run: long enough to untangle, short enough not to burn CPU. */
export function layoutBudgetMs(order: number): number {
  if (order <= 2) return 0;
  if (order < 200) return 2000;
  if (order < 5000) return 3000;
  return 4000;
}

export interface RunningLayout {
  /** Resolves when the layout has stopped (budget spent, stopped, or unavailable). */
  readonly done: Promise<void>;
  stop(): void;
}

/**
 * Runs FA2 on `graph` in a worker for `budgetMs`. If the browser refuses the worker (a strict
 * Content-Security-Policy without `worker-src blob:`), the graph keeps its initial positions.
 */
export function runLayout(graph: Graph, budgetMs: number): RunningLayout {
  if (budgetMs <= 0) return { done: Promise.resolve(), stop: () => undefined };
  let supervisor: FA2Layout;
  try {
    const settings = { ...inferSettings(graph), barnesHutOptimize: graph.order > 1000 };
    supervisor = new FA2Layout(graph, { settings, getEdgeWeight: null });
    supervisor.start();
  } catch (error) {
    console.warn("graphistry-jupyter viewer: layout unavailable, keeping initial positions", error);
    return { done: Promise.resolve(), stop: () => undefined };
  }
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    supervisor.kill(); // stops and terminates the worker
    finish();
  };
  const timer = setTimeout(stop, budgetMs);
  return { done, stop };
}
