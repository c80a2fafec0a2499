// A deterministic layout: the same dataset gets the same picture on every load, in every browser
// tab and on every server, so compare()'s panes of one graph look alike and a reload does not
// reshuffle what a person was looking at. Two things make it so: initial positions come from a
// hash of each node's id (not from timing or Math.random), and ForceAtlas2 runs a number of
// iterations fixed by the graph's size, not for a span of time. The iterations run in a web
// worker (graphology's own worker code, driven one iteration per message), or, where a
// Content-Security-Policy forbids blob: workers, synchronously for graphs small enough.
import type Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2_DEFAULTS from "graphology-layout-forceatlas2/defaults.js";
import { assignLayoutChanges, createWorker, graphToByteArrays } from "graphology-layout-forceatlas2/helpers.js";
import fa2Worker from "graphology-layout-forceatlas2/webworker.js";

import { Fnv1a } from "./linking";

interface Positioned {
  x: number;
  y: number;
}

export interface RunningLayout {
  /** Resolves when the layout has stopped and its positions are in the graph. */
  readonly done: Promise<void>;
  stop(): void;
}

const NO_LAYOUT: RunningLayout = { done: Promise.resolve(), stop: () => undefined };

/** Graphs without workers are laid out synchronously only up to this many nodes plus edges. */
export const SYNC_LAYOUT_LIMIT = 20_000;

/**
 * A number in [0, 1) from `text`. FNV-1a alone spreads ids that differ in their last characters
 * ("1", "2", ...) poorly: 25k sequential ids fell on ~4k distinct spots of a node's width, so
 * most nodes of a large graph hid behind others. MurmurHash3's finalizer mixes every bit.
 */
function unitHash(text: string): number {
  let hash = new Fnv1a().add(text).value();
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}

/**
 * The starting point of node `id` in a disc of `radius`: uniform over the disc, from two hashes
 * of the id alone, so it does not depend on the order of the rows either.
 */
export function seededPosition(id: string, radius: number): Positioned {
  const r = radius * Math.sqrt(unitHash(`r:${id}`));
  const angle = 2 * Math.PI * unitHash(`a:${id}`);
  return { x: r * Math.cos(angle), y: r * Math.sin(angle) };
}

/** Moves every node to its seeded position (for graphs without bound positions). */
export function seedPositions(graph: Graph<Positioned>): void {
  const radius = Math.sqrt(Math.max(1, graph.order));
  graph.updateEachNodeAttributes(
    (node, attributes) => {
      const { x, y } = seededPosition(node, radius);
      attributes.x = x;
      attributes.y = y;
      return attributes;
    },
    { attributes: ["x", "y"] },
  );
}

/**
 * How many ForceAtlas2 iterations a graph gets: enough to untangle a small graph fully, fewer
 * for big ones so the layout ends in seconds. A function of the size alone.
 */
export function layoutIterations(order: number, size: number): number {
  if (order <= 2) return 0;
  return Math.max(10, Math.min(600, Math.round(4_000_000 / (order + size))));
}

/** The ForceAtlas2 settings for a graph of `order` nodes (graphology's inferred ones). */
export function layoutSettings(order: number): Record<string, number | boolean> {
  return { ...FA2_DEFAULTS, ...forceAtlas2.inferSettings(order), barnesHutOptimize: order > 1000 };
}

const unitWeight = (): number => 1;

/** Runs the layout synchronously (what the worker computes, iteration for iteration). */
export function layoutSynchronously(graph: Graph<Positioned>, iterations: number): void {
  if (iterations <= 0) return;
  forceAtlas2.assign(graph, { iterations, settings: layoutSettings(graph.order), getEdgeWeight: null });
}

/**
 * Lays out `graph` (skipped when `positioned`: the data bound positions). `live`: positions are
 * written into the graph after every iteration, a cheap animation for small graphs; otherwise
 * once at the end, so a big graph is re-processed and re-drawn once.
 */
export function runSeededLayout(graph: Graph<Positioned>, positioned: boolean, live: boolean): RunningLayout {
  const iterations = positioned ? 0 : layoutIterations(graph.order, graph.size);
  if (iterations === 0) return NO_LAYOUT;
  const settings = layoutSettings(graph.order);
  let worker: Worker;
  try {
    worker = createWorker(fa2Worker);
  } catch (error) {
    if (graph.order + graph.size > SYNC_LAYOUT_LIMIT) {
      console.warn("graphistry-jupyter viewer: layout unavailable (no web worker), keeping initial positions", error);
    } else {
      layoutSynchronously(graph, iterations);
    }
    return NO_LAYOUT;
  }
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const matrices = graphToByteArrays(graph, unitWeight);
  // The positions after the last finished iteration. The buffer itself travels to the worker and
  // back (transferred, not copied), so an early stop reads this copy.
  let latest = matrices.nodes.slice();
  let ran = 0;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    worker.terminate();
    assignLayoutChanges(graph, latest, null);
    finish();
  };
  worker.addEventListener("message", (event: MessageEvent<{ nodes: ArrayBuffer }>) => {
    if (stopped) return;
    const nodes = new Float32Array(event.data.nodes);
    ran += 1;
    if (ran >= iterations) {
      latest = nodes;
      stop();
      return;
    }
    latest = nodes.slice();
    if (live) assignLayoutChanges(graph, latest, null);
    worker.postMessage({ settings, nodes: nodes.buffer }, [nodes.buffer]);
  });
  worker.addEventListener("error", (event) => {
    // A worker the page's policy refused fails here rather than at construction.
    if (ran === 0 && !stopped && graph.order + graph.size <= SYNC_LAYOUT_LIMIT) {
      event.preventDefault();
      stopped = true;
      worker.terminate();
      layoutSynchronously(graph, iterations);
      finish();
      return;
    }
    stop();
  });
  worker.postMessage({ settings, nodes: matrices.nodes.buffer, edges: matrices.edges.buffer }, [
    matrices.nodes.buffer,
    matrices.edges.buffer,
  ]);
  return { done, stop };
}

/** A short digest of the positions (to 3 decimals), equal for equal layouts: tests compare panes. */
export function layoutDigest(graph: Graph<Positioned>): string {
  const hash = new Fnv1a();
  graph.forEachNode((node, { x, y }) => {
    hash.add(node).add(x.toFixed(3)).add(y.toFixed(3));
  });
  return hash.hex();
}
