// Types for the parts of graphology-layout-forceatlas2 that seeded_layout.ts drives itself: the
// web worker's source function and the helpers its own supervisor uses (package files without
// declarations of their own).
declare module "graphology-layout-forceatlas2/webworker.js" {
  /** The worker's body; one message `{settings, nodes, edges?}` runs one iteration. */
  const worker: () => void;
  export default worker;
}

declare module "graphology-layout-forceatlas2/defaults.js" {
  const defaults: Record<string, number | boolean>;
  export default defaults;
}

declare module "graphology-layout-forceatlas2/helpers.js" {
  import type { AbstractGraph } from "graphology-types";

  export function graphToByteArrays(
    graph: AbstractGraph,
    getEdgeWeight: (...args: unknown[]) => number,
  ): { nodes: Float32Array; edges: Float32Array };
  export function assignLayoutChanges(graph: AbstractGraph, nodes: Float32Array, outputReducer: null): void;
  export function createWorker(fn: () => void): Worker;
}
