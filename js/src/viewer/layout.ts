// ForceAtlas2 in a web worker for a bounded time, then stopped to give the CPU back.
import Graph from "graphology";
import { inferSettings } from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";

/** How long the layout may run: long enough to untangle, short enough not to burn CPU. */
export function layoutBudgetMs(order: number): number {
  if (order <= 2) return 0;
  if (order < 200) return 2000;
  if (order < 5000) return 3000;
  return 4000;
}

export interface RunningLayout {
  /** Resolves when the layout has stopped and its positions are in the graph. */
  readonly done: Promise<void>;
  stop(): void;
}

interface Positioned {
  x: number;
  y: number;
}

/** The graph's topology and positions only: what FA2 needs, nothing sigma watches. */
function positionsCopy(graph: Graph<Positioned>): Graph<Positioned> {
  const copy = new Graph<Positioned>({ type: "directed", multi: true, allowSelfLoops: true });
  graph.forEachNode((node, attributes) => {
    copy.addNode(node, { x: attributes.x, y: attributes.y });
  });
  graph.forEachEdge((edge, _attributes, source, target) => {
    copy.addEdgeWithKey(edge, source, target);
  });
  return copy;
}

const NO_LAYOUT: RunningLayout = { done: Promise.resolve(), stop: () => undefined };

/**
 * Runs FA2 on `graph` in a worker for `budgetMs`.
 *
 * `live`: the worker moves the drawn graph's nodes at every iteration, an animation that is
 * cheap for small graphs. Otherwise FA2 runs on a copy and the final positions are written
 * into `graph` once, so a big graph is re-processed and re-drawn once instead of every tick.
 *
 * If the browser refuses the worker (a Content-Security-Policy without `worker-src blob:`),
 * the graph keeps its initial positions.
 */
export function runLayout(graph: Graph<Positioned>, budgetMs: number, live: boolean): RunningLayout {
  if (budgetMs <= 0 || graph.order < 2) return NO_LAYOUT;
  const target = live ? graph : positionsCopy(graph);
  let supervisor: FA2Layout;
  try {
    const settings = { ...inferSettings(target), barnesHutOptimize: target.order > 1000 };
    supervisor = new FA2Layout(target, { settings, getEdgeWeight: null });
    supervisor.start();
  } catch (error) {
    console.warn("graphistry-jupyter viewer: layout unavailable, keeping initial positions", error);
    return NO_LAYOUT;
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
    if (target !== graph) {
      graph.updateEachNodeAttributes(
        (node, attributes) => {
          const moved = target.getNodeAttributes(node);
          attributes.x = moved.x;
          attributes.y = moved.y;
          return attributes;
        },
        { attributes: ["x", "y"] },
      );
    }
    finish();
  };
  const timer = setTimeout(stop, budgetMs);
  return { done, stop };
}
