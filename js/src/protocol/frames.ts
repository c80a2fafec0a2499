// The messages a notebook's plot view and the viewer in its frame post to each other
// (window.postMessage), declared once: each type's name, its shape, the function that writes it
// and the parser that reads it from an event's untrusted `data`. A parser returns null for
// anything that is not exactly one of these messages, and rebuilds the message from its checked
// fields, so nothing else that came with it is ever passed on.
//
// Who may speak is the receiver's check, not the parser's: the viewer reads only its parent window
// (viewer/parent_channel.ts, viewer/main.ts), the notebook only its own frames at their URLs'
// origins (widgets/grant_relay.ts, widgets/link_relay.ts, widgets/plot_view.ts).
// docs/contracts.md and docs/single-sign-in.md §5 describe the conversation.
import { finite, isRecord } from "./values";

/** Viewer to parent, as soon as it listens: send me the theme and link settings. */
export const VIEWER_LOADED = "graphistry:viewer-loaded";
/** Viewer to parent, in needs-grant mode: the same, and send me a grant for the dataset. */
export const VIEWER_READY = "graphistry:viewer-ready";
/** Viewer to parent: the server refused the grant; send a fresh one (asked once per load). */
export const GRANT_REJECTED = "graphistry:grant-rejected";
/** Parent to viewer: a view grant for the dataset. */
export const GRANT = "graphistry:grant";
/** Parent to viewer: no grant will come, and why. */
export const NO_GRANT = "graphistry:no-grant";
/** Parent to viewer: the notebook's theme. */
export const THEME = "graphistry:theme";
/** Parent to viewer (compare()): whether the view is linked with the other panes. */
export const LINK = "graphistry:link";
/** A linked viewer to its parent, and relayed by the parent to the other panes: the camera. */
export const CAMERA = "graphistry:camera";
/** A linked viewer to its parent, and relayed by the parent to the other panes: the selection. */
export const SELECTION = "graphistry:selection";
/** Parent to viewer: once the graph is drawn and laid out, send me a snapshot (to my origin only). */
export const SNAPSHOT_REQUEST = "graphistry:snapshot-request";
/** Viewer to parent, to the origin that asked: a PNG of the drawn graph. */
export const SNAPSHOT = "graphistry:snapshot";

/** Longest graph key a camera or selection message carries (graphKey's is 16 characters). */
export const MAX_GRAPH_KEY_LENGTH = 64;
/** Longest node id a selection message carries: ids longer than this are not linked. */
export const MAX_NODE_ID_LENGTH = 1000;
/** Longest grant accepted: a grant is a short JWT, and it goes into a request header. */
export const MAX_GRANT_CHARS = 8_192;
/** Longest no-grant reason the viewer shows (the rest is cut off). */
export const MAX_REASON_CHARS = 300;
/**
 * Largest snapshot PNG, in bytes, and its widest width, in pixels: it is saved into the notebook.
 * The kernel checks the same limits (graphistry_jupyter/widgets/snapshot.py).
 */
export const MAX_SNAPSHOT_BYTES = 200_000;
export const MAX_SNAPSHOT_WIDTH = 800;

export type Theme = "light" | "dark";

export interface CameraView {
  readonly x: number;
  readonly y: number;
  readonly ratio: number;
  readonly angle: number;
}

/** The viewer says it listens; it carries nothing secret, so it is posted to any origin. */
export interface ViewerHello {
  readonly type: typeof VIEWER_LOADED | typeof VIEWER_READY;
  readonly dataset: string;
}
export interface GrantRejectedFrame {
  readonly type: typeof GRANT_REJECTED;
  readonly dataset: string;
}
export interface GrantFrame {
  readonly type: typeof GRANT;
  readonly dataset: string;
  readonly grant: string;
}
/** `reason` is read trimmed, cut to MAX_REASON_CHARS, and as null when blank or missing. */
export interface NoGrantFrame {
  readonly type: typeof NO_GRANT;
  readonly dataset: string;
  readonly reason: string | null;
}
export interface ThemeFrame {
  readonly type: typeof THEME;
  readonly theme: Theme;
}
export interface LinkFrame {
  readonly type: typeof LINK;
  readonly enabled: boolean;
}
/** `graph` names the graph (viewer/linking.ts graphKey): a pane applies only its own graph's. */
export interface CameraFrame {
  readonly type: typeof CAMERA;
  readonly graph: string;
  readonly camera: CameraView;
}
export interface SelectionFrame {
  readonly type: typeof SELECTION;
  readonly graph: string;
  readonly node: string | null;
}
export type LinkedFrame = CameraFrame | SelectionFrame;
export interface SnapshotRequestFrame {
  readonly type: typeof SNAPSHOT_REQUEST;
  readonly dataset: string;
}
/** `png`: the PNG file, at most MAX_SNAPSHOT_BYTES (the kernel checks its signature and width). */
export interface SnapshotFrame {
  readonly type: typeof SNAPSHOT;
  readonly dataset: string;
  readonly png: ArrayBuffer;
}

/** What a viewer posts to the notebook that frames it. */
export type FromViewer = ViewerHello | GrantRejectedFrame | LinkedFrame | SnapshotFrame;
/** What a notebook posts to a viewer it frames. */
export type ToViewer = GrantFrame | NoGrantFrame | ThemeFrame | LinkFrame | LinkedFrame | SnapshotRequestFrame;

// A JWT: three base64url segments. Anything else is refused before it reaches a header (where a
// stray character would make fetch throw) or a message.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Whether `value` can be a view grant: a JWT of at most MAX_GRANT_CHARS characters. */
export function isGrantShaped(value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_GRANT_CHARS && JWT_SHAPE.test(value);
}

/** The origin of `url` (where a frame showing it posts from, and where to post to it); "" for a non-URL. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

// --- writing ---------------------------------------------------------------------------------

export function viewerLoaded(dataset: string): ViewerHello {
  return { type: VIEWER_LOADED, dataset };
}

export function viewerReady(dataset: string): ViewerHello {
  return { type: VIEWER_READY, dataset };
}

export function grantRejected(dataset: string): GrantRejectedFrame {
  return { type: GRANT_REJECTED, dataset };
}

export function grantFrame(dataset: string, grant: string): GrantFrame {
  return { type: GRANT, dataset, grant };
}

export function noGrantFrame(dataset: string, reason: string | null): NoGrantFrame {
  return { type: NO_GRANT, dataset, reason };
}

export function themeFrame(theme: Theme): ThemeFrame {
  return { type: THEME, theme };
}

export function linkFrame(enabled: boolean): LinkFrame {
  return { type: LINK, enabled };
}

export function cameraFrame(graph: string, camera: CameraView): CameraFrame {
  return { type: CAMERA, graph, camera: { x: camera.x, y: camera.y, ratio: camera.ratio, angle: camera.angle } };
}

export function selectionFrame(graph: string, node: string | null): SelectionFrame {
  return { type: SELECTION, graph, node };
}

export function snapshotRequestFrame(dataset: string): SnapshotRequestFrame {
  return { type: SNAPSHOT_REQUEST, dataset };
}

export function snapshotFrame(dataset: string, png: ArrayBuffer): SnapshotFrame {
  return { type: SNAPSHOT, dataset, png };
}

// --- reading ---------------------------------------------------------------------------------

/** A camera from untrusted data: finite numbers and a positive ratio; null otherwise. */
function parseCamera(value: unknown): CameraView | null {
  if (!isRecord(value)) return null;
  const { x, y, ratio, angle } = value;
  if (!finite(x) || !finite(y) || !finite(ratio) || !finite(angle) || ratio <= 0) return null;
  return { x, y, ratio, angle };
}

/** A camera or selection message, which travels both ways; null for anything else. */
function parseLinked(data: Record<string, unknown>): LinkedFrame | null {
  const graph = data["graph"];
  if (typeof graph !== "string" || graph === "" || graph.length > MAX_GRAPH_KEY_LENGTH) return null;
  if (data["type"] === CAMERA) {
    const camera = parseCamera(data["camera"]);
    return camera === null ? null : { type: CAMERA, graph, camera };
  }
  const node = data["node"];
  if (node !== null && (typeof node !== "string" || node.length > MAX_NODE_ID_LENGTH)) return null;
  return { type: SELECTION, graph, node };
}

function reasonOf(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, MAX_REASON_CHARS) : null;
}

/** A message a viewer posted (the notebook reads its frames with this); null for anything else. */
export function parseFromViewer(data: unknown): FromViewer | null {
  if (!isRecord(data)) return null;
  const type = data["type"];
  switch (type) {
    case VIEWER_LOADED:
    case VIEWER_READY:
    case GRANT_REJECTED: {
      const dataset = data["dataset"];
      return typeof dataset === "string" ? { type, dataset } : null;
    }
    case CAMERA:
    case SELECTION:
      return parseLinked(data);
    case SNAPSHOT: {
      const { dataset, png } = data;
      const fits = png instanceof ArrayBuffer && png.byteLength > 0 && png.byteLength <= MAX_SNAPSHOT_BYTES;
      return typeof dataset === "string" && fits ? { type: SNAPSHOT, dataset, png } : null;
    }
    default:
      return null;
  }
}

/** A message a notebook posted (the viewer reads its parent with this); null for anything else. */
export function parseToViewer(data: unknown): ToViewer | null {
  if (!isRecord(data)) return null;
  switch (data["type"]) {
    case GRANT: {
      const { dataset, grant } = data;
      return typeof dataset === "string" && isGrantShaped(grant) ? { type: GRANT, dataset, grant } : null;
    }
    case NO_GRANT: {
      const dataset = data["dataset"];
      return typeof dataset === "string" ? { type: NO_GRANT, dataset, reason: reasonOf(data["reason"]) } : null;
    }
    case THEME: {
      const theme = data["theme"];
      return theme === "light" || theme === "dark" ? { type: THEME, theme } : null;
    }
    case LINK: {
      const enabled = data["enabled"];
      return typeof enabled === "boolean" ? { type: LINK, enabled } : null;
    }
    case SNAPSHOT_REQUEST: {
      const dataset = data["dataset"];
      return typeof dataset === "string" ? { type: SNAPSHOT_REQUEST, dataset } : null;
    }
    case CAMERA:
    case SELECTION:
      return parseLinked(data);
    default:
      return null;
  }
}

/** Whether a viewer's message says it listens (it then wants the theme and link settings). */
export function isViewerHello(frame: FromViewer | null): frame is ViewerHello {
  return frame?.type === VIEWER_LOADED || frame?.type === VIEWER_READY;
}

/** Whether a message is a camera or selection message (the ones linked panes exchange). */
export function isLinked(frame: FromViewer | ToViewer | null): frame is LinkedFrame {
  return frame?.type === CAMERA || frame?.type === SELECTION;
}
