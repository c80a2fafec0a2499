// Linked views (compare()): panes showing the same graph share pan, zoom and selection. Each
// viewer posts `graphistry:camera` and `graphistry:selection` to its parent once the parent has
// asked for it (`graphistry:link`), and applies the ones the parent relays from its sibling
// frames (docs/contracts.md). A message names the graph by a key computed from its nodes and
// edges, so a pane never follows another graph. Applying a relayed state posts nothing back:
// two panes never echo each other.

export const LINK_MESSAGE = "graphistry:link";
export const CAMERA_MESSAGE = "graphistry:camera";
export const SELECTION_MESSAGE = "graphistry:selection";

/** Longest node id a selection message carries: ids longer than this are not linked. */
export const MAX_NODE_ID_LENGTH = 1000;
const MAX_KEY_LENGTH = 64;

export interface CameraView {
  readonly x: number;
  readonly y: number;
  readonly ratio: number;
  readonly angle: number;
}

export type LinkMessage =
  | { readonly type: typeof CAMERA_MESSAGE; readonly graph: string; readonly camera: CameraView }
  | { readonly type: typeof SELECTION_MESSAGE; readonly graph: string; readonly node: string | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function finite(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A camera state from untrusted data: finite numbers, a positive ratio; null otherwise. */
export function parseCamera(value: unknown): CameraView | null {
  if (!isRecord(value)) return null;
  const { x, y, ratio, angle } = value;
  if (!finite(x) || !finite(y) || !finite(ratio) || !finite(angle) || ratio <= 0) return null;
  return { x, y, ratio, angle };
}

/** A camera or selection message, rebuilt from its checked fields; null for anything else. */
export function parseLinkMessage(data: unknown): LinkMessage | null {
  if (!isRecord(data)) return null;
  const graph = data["graph"];
  if (typeof graph !== "string" || graph === "" || graph.length > MAX_KEY_LENGTH) return null;
  if (data["type"] === CAMERA_MESSAGE) {
    const camera = parseCamera(data["camera"]);
    return camera === null ? null : { type: CAMERA_MESSAGE, graph, camera };
  }
  if (data["type"] === SELECTION_MESSAGE) {
    const node = data["node"];
    if (node === null) return { type: SELECTION_MESSAGE, graph, node: null };
    if (typeof node !== "string" || node.length > MAX_NODE_ID_LENGTH) return null;
    return { type: SELECTION_MESSAGE, graph, node };
  }
  return null;
}

/** `true`/`false` for a parent's `{"type": "graphistry:link", "enabled": bool}`, else null. */
export function parseLinkToggle(data: unknown): boolean | null {
  if (!isRecord(data) || data["type"] !== LINK_MESSAGE) return null;
  return typeof data["enabled"] === "boolean" ? data["enabled"] : null;
}

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
  /** Turns posting on or off (the parent's `graphistry:link`). */
  setEnabled(enabled: boolean): void;
  /** A camera or selection message relayed from a sibling pane. */
  receive(message: LinkMessage): void;
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
  post: (message: LinkMessage) => void,
  select: (node: string | null) => void,
): Linker {
  let enabled = false;
  let applying = false;
  let graph: string | null = null;
  const graphId = (): string => (graph ??= key());

  camera.on("updated", (state) => {
    if (!enabled || applying) return;
    post({ type: CAMERA_MESSAGE, graph: graphId(), camera: { x: state.x, y: state.y, ratio: state.ratio, angle: state.angle } });
  });

  return {
    setEnabled(value) {
      enabled = value;
    },
    receive(message) {
      if (!enabled || message.graph !== graphId()) return;
      applying = true;
      try {
        if (message.type === CAMERA_MESSAGE) {
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
      post({ type: SELECTION_MESSAGE, graph: graphId(), node });
    },
  };
}
