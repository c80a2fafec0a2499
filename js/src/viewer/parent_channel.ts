// The viewer's side of the conversation with the notebook that frames it (protocol/frames.ts),
// besides single sign-in (grantflow.ts): it says it has loaded (nothing secret, to any origin),
// takes the notebook's theme (theme.ts) and, inside compare(), links its view with the other
// panes (linking.ts), and sends a snapshot of the drawn graph when asked (snapshot.ts). Only
// messages whose source is the parent window are read, and link and snapshot messages go back only
// to the origin that asked for them.
import {
  LINK,
  SNAPSHOT_REQUEST,
  THEME,
  isLinked,
  parseToViewer,
  viewerLoaded,
  type LinkedFrame,
  type SnapshotFrame,
} from "../protocol/frames";
import { applyTheme } from "./theme";

export interface ParentChannel {
  /** True when the page is in a frame. */
  readonly framed: boolean;
  /** Posts a camera or selection message to the parent that enabled linking; false if none did. */
  post(message: LinkedFrame): boolean;
  /** Receives the parent's link toggle and relayed messages (one handler; a new one replaces it). */
  onLink(handler: { toggle(enabled: boolean): void; receive(message: LinkedFrame): void }): void;
  /**
   * Calls `take` once the parent asked for a snapshot of `dataset` (at once if it already did;
   * one handler, a new one replaces it), and posts what it returns to the asking origin only: a
   * snapshot shows the graph, which a private plot keeps from other pages.
   */
  onSnapshotRequest(dataset: string, take: () => Promise<SnapshotFrame | null>): void;
}

let opened: ParentChannel | null = null;

/**
 * Opens the channel once per page (later calls return the same one): listens to the parent, and
 * with `announce` says it has loaded, so the parent sends its theme and link settings. A page in
 * needs-grant mode does not announce: its grant flow's viewer-ready tells the parent the same.
 */
export function openParentChannel(win: Window, dataset: string, announce = true): ParentChannel {
  if (opened !== null) return opened;
  const framed = win.parent !== win;
  let linkOrigin: string | null = null;
  let handler: { toggle(enabled: boolean): void; receive(message: LinkedFrame): void } | null = null;
  // Who asked for a snapshot of which dataset, and what takes it (once the graph is laid out).
  let snapshotAsked: { origin: string; dataset: string } | null = null;
  let snapshotTaker: { dataset: string; take: () => Promise<SnapshotFrame | null> } | null = null;
  const sendSnapshot = (): void => {
    const asked = snapshotAsked;
    const taker = snapshotTaker;
    if (asked === null || taker === null || asked.dataset !== taker.dataset) return;
    snapshotAsked = null; // one snapshot per request
    void taker.take().then(
      (frame) => {
        if (frame !== null) win.parent.postMessage(frame, asked.origin, [frame.png]);
      },
      (error: unknown) => console.warn("graphistry-jupyter viewer: no snapshot:", error),
    );
  };

  win.addEventListener("message", (event: MessageEvent) => {
    if (!framed || event.source !== win.parent) return;
    const message = parseToViewer(event.data);
    if (message?.type === THEME) {
      applyTheme(win.document, message.theme);
    } else if (message?.type === LINK) {
      linkOrigin = message.enabled ? event.origin : null;
      handler?.toggle(message.enabled);
    } else if (isLinked(message) && linkOrigin !== null && event.origin === linkOrigin) {
      handler?.receive(message);
    } else if (message?.type === SNAPSHOT_REQUEST && event.origin !== "null") {
      snapshotAsked = { origin: event.origin, dataset: message.dataset };
      sendSnapshot();
    }
  });

  opened = {
    framed,
    post(message) {
      if (!framed || linkOrigin === null || !isLinked(message)) return false;
      win.parent.postMessage(message, linkOrigin);
      return true;
    },
    onLink(next) {
      handler = next;
      if (linkOrigin !== null) next.toggle(true);
    },
    onSnapshotRequest(dataset, take) {
      snapshotTaker = { dataset, take };
      sendSnapshot();
    },
  };
  // Carries nothing secret (the dataset id is in the frame's URL already): any parent may read it.
  if (framed && announce) win.parent.postMessage(viewerLoaded(dataset), "*");
  return opened;
}

/** The page's channel, once opened (null before, or in a page that never opened one). */
export function currentParentChannel(): ParentChannel | null {
  return opened;
}

/** Forgets the page's channel (tests open a fresh one per window). */
export function resetParentChannelForTests(): void {
  opened = null;
}
