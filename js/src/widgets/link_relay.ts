// compare()'s linked views: each pane's viewer posts `graphistry:camera` and
// `graphistry:selection` to the notebook, and the compare view relays them to the other panes of
// the same compare widget, to each frame's exact origin, while "Link views" is on
// (docs/contracts.md). Messages are rebuilt from their checked fields, never passed on as they came.

export const LINK_MESSAGE = "graphistry:link";
export const LOADED_MESSAGE = "graphistry:viewer-loaded";
/** What a viewer posts once it listens: loaded, or (needs-grant mode) ready for a grant. */
const HELLOS: ReadonlySet<unknown> = new Set([LOADED_MESSAGE, "graphistry:viewer-ready"]);
const CAMERA = "graphistry:camera";
const SELECTION = "graphistry:selection";
const MAX_KEY_LENGTH = 64;
const MAX_NODE_ID_LENGTH = 1000;

export type RelayedMessage =
  | { type: typeof CAMERA; graph: string; camera: { x: number; y: number; ratio: number; angle: number } }
  | { type: typeof SELECTION; graph: string; node: string | null };

function finite(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A camera or selection message from a pane, checked and rebuilt; null for anything else. */
export function relayable(data: unknown): RelayedMessage | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const message = data as Record<string, unknown>;
  const graph = message["graph"];
  if (typeof graph !== "string" || graph === "" || graph.length > MAX_KEY_LENGTH) return null;
  if (message["type"] === CAMERA) {
    const camera = message["camera"];
    if (typeof camera !== "object" || camera === null) return null;
    const { x, y, ratio, angle } = camera as Record<string, unknown>;
    if (!finite(x) || !finite(y) || !finite(ratio) || !finite(angle) || ratio <= 0) return null;
    return { type: CAMERA, graph, camera: { x, y, ratio, angle } };
  }
  if (message["type"] === SELECTION) {
    const node = message["node"];
    if (node !== null && (typeof node !== "string" || node.length > MAX_NODE_ID_LENGTH)) return null;
    return { type: SELECTION, graph, node };
  }
  return null;
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

/** One pane as the relay sees it: its frame's window and the URL it was given. */
export interface Pane {
  readonly window: Window | null;
  readonly url: string;
}

export interface LinkRelay {
  readonly enabled: boolean;
  setEnabled(enabled: boolean): void;
  dispose(): void;
}

/**
 * Relays between the panes `panes()` lists. A message is read only when its source is one of
 * those frames and its origin is that frame's URL's; it goes to every other pane, each at its
 * own origin. A pane that says it has loaded is told whether linking is on.
 */
export function createLinkRelay(win: Window, panes: () => readonly Pane[], enabled = true): LinkRelay {
  let on = enabled;
  const tell = (pane: Pane): void => {
    const origin = originOf(pane.url);
    if (pane.window !== null && origin !== "") pane.window.postMessage({ type: LINK_MESSAGE, enabled: on }, origin);
  };
  const onMessage = (event: MessageEvent): void => {
    const all = panes();
    const from = all.find((pane) => pane.window !== null && pane.window === event.source);
    if (from === undefined || event.origin !== originOf(from.url)) return;
    const data: unknown = event.data;
    if (typeof data === "object" && data !== null && HELLOS.has((data as Record<string, unknown>)["type"])) {
      tell(from);
      return;
    }
    if (!on) return;
    const message = relayable(data);
    if (message === null) return;
    for (const pane of all) {
      if (pane === from || pane.window === null) continue;
      const origin = originOf(pane.url);
      if (origin !== "") pane.window.postMessage(message, origin);
    }
  };
  win.addEventListener("message", onMessage);
  return {
    get enabled() {
      return on;
    },
    setEnabled(value) {
      on = value;
      for (const pane of panes()) tell(pane);
    },
    dispose() {
      win.removeEventListener("message", onMessage);
    },
  };
}
