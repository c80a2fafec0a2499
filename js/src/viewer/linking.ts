// Linked views (compare()): panes showing the same graph share pan, zoom and selection. Each
// viewer posts camera and selection messages (protocol/frames.ts) to its parent once the parent
// has linked it, and applies the ones the parent relays from its sibling frames
// (docs/contracts.md). A message names the graph by a key computed from its nodes and edges, so a
// pane never follows another graph. Applying a relayed state posts nothing back: two panes never
// echo each other.
import { CAMERA, cameraFrame, selectionFrame, type CameraView, type LinkedFrame } from "../protocol/frames";

/** FNV-1a, 32 bits: a fast, stable hash of strings (not a secret, not for security). */
export class Fnv1a {
  private hash = 0x811c9dc5;

  add(text: string): this {
    let hash = this.hash;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    // A separator, so that ("ab", "c") and ("a", "bc") differ.
    hash ^= 0xff;
    this.hash = Math.imul(hash, 0x01000193);
    return this;
  }

  /** The hash as an unsigned 32-bit integer (`hex()` in digits). */
  value(): number {
    return this.hash >>> 0;
  }

  hex(): string {
    return this.value().toString(16).padStart(8, "0");
  }
}

/** What `graphKey` reads: a graph's node keys and edges' endpoints, in order. */
export interface KeyableGraph {
  readonly order: number;
  readonly size: number;
  forEachNode(callback: (node: string) => void): void;
  forEachEdge(callback: (edge: string, attributes: unknown, source: string, target: string) => void): void;
}

/** A key naming a graph's structure: equal for the same nodes and edges, whatever server. */
export function graphKey(graph: KeyableGraph): string {
  const nodes = new Fnv1a().add(`${graph.order}/${graph.size}`);
  graph.forEachNode((node) => nodes.add(node));
  const edges = new Fnv1a();
  graph.forEachEdge((_edge, _attributes, source, target) => edges.add(source).add(target));
  return `${nodes.hex()}${edges.hex()}`;
}

/** Whether two camera states are the same, to the precision that matters on screen. */
export function sameCamera(a: CameraView, b: CameraView): boolean {
  const close = (p: number, q: number): boolean => Math.abs(p - q) <= 1e-9 * Math.max(1, Math.abs(p), Math.abs(q));
  return close(a.x, b.x) && close(a.y, b.y) && close(a.ratio, b.ratio) && close(a.angle, b.angle);
}

/** The camera a linked view moves. sigma's Camera has this shape. */
export interface LinkedCamera {
  getState(): CameraView;
  setState(state: CameraView): unknown;
  on(event: "updated", listener: (state: CameraView) => void): unknown;
}

export interface Linker {
  /** Turns posting on or off (the parent's link message). */
  setEnabled(enabled: boolean): void;
  /** A camera or selection message relayed from a sibling pane. */
  receive(message: LinkedFrame): void;
  /** The local selection changed (a click, a search): tell the siblings. */
  selectionChanged(node: string | null): void;
}

/**
 * Links `camera` and a selection to sibling panes through `post` (to the parent). `key` is
 * computed on first use: a graph that is never linked is never hashed.
 */
export function createLinker(
  camera: LinkedCamera,
  key: () => string,
  post: (message: LinkedFrame) => void,
  select: (node: string | null) => void,
): Linker {
  let enabled = false;
  let applying = false;
  let graph: string | null = null;
  const graphId = (): string => (graph ??= key());

  camera.on("updated", (state) => {
    if (!enabled || applying) return;
    post(cameraFrame(graphId(), state));
  });

  return {
    setEnabled(value) {
      enabled = value;
    },
    receive(message) {
      if (!enabled || message.graph !== graphId()) return;
      applying = true;
      try {
        if (message.type === CAMERA) {
          if (!sameCamera(camera.getState(), message.camera)) camera.setState(message.camera);
        } else {
          select(message.node);
        }
      } finally {
        applying = false;
      }
    },
    selectionChanged(node) {
      if (!enabled || applying) return;
      post(selectionFrame(graphId(), node));
    },
  };
}
