// The viewer's side of the conversation with the notebook that frames it (protocol/frames.ts):
// it says it has loaded (nothing secret, to any origin), takes the notebook's theme (theme.ts),
// hands the parent's grant answers to single sign-in (grantflow.ts) and, inside compare(), links
// its view with the other panes (linking.ts), and sends a snapshot of the drawn graph when asked
// (snapshot.ts). Only messages whose source is the parent window are read: a sibling frame or an
// opener can neither hand over a grant nor make the page ask to sign in somewhere else.
//
// Linking tells the parent which nodes the person selects, and a snapshot shows the whole graph,
// so both go only to a parent that proved it is the notebook that plotted this graph: one whose
// grant for this dataset the hub accepted, or any parent for a public graph. A page drawn with the browser's own hub session
// (no grant) asks its parent for a grant when the parent wants to link or a snapshot, and answers
// once the hub accepts it; any other page of the hub's host (another port is the same site, so the
// browser sends the hub's cookie) can frame the viewer and ask, but it has no grant to give.
import {
  GRANT,
  LINK,
  NO_GRANT,
  SNAPSHOT_REQUEST,
  THEME,
  isLinked,
  parseToViewer,
  viewerLoaded,
  viewerReady,
  type GrantFrame,
  type LinkedFrame,
  type NoGrantFrame,
  type SnapshotFrame,
} from "../protocol/frames";
import { applyTheme } from "./theme";

export interface LinkHandler {
  toggle(enabled: boolean): void;
  receive(message: LinkedFrame): void;
}

export interface ParentChannel {
  /** True when the page is in a frame. */
  readonly framed: boolean;
  /** Whether the parent proved it plotted this graph (see the module's comment). */
  readonly trusted: boolean;
  /** Posts a camera or selection message to a trusted parent that linked; false otherwise. */
  post(message: LinkedFrame): boolean;
  /** Receives the link toggle and relayed messages of a trusted parent (one handler; a new one replaces it). */
  onLink(handler: LinkHandler): void;
  /** Receives the parent's grant and no-grant messages about this page's dataset (one handler). */
  onGrant(handler: (message: GrantFrame | NoGrantFrame) => void): void;
  /** The parent proved itself: a grant it sent was accepted, or the graph is public. */
  trust(): void;
  /**
   * For a page drawn without a grant: when the parent asks to link, ask it once for a grant
   * (viewer-ready) and trust it when `accepted(grant)` resolves true (the hub took the grant
   * alone, without the browser's cookie).
   */
  proveWith(accepted: (grant: string) => Promise<boolean>): void;
  /**
   * Calls `take` once a trusted parent asked for a snapshot of `dataset` (at once if it already
   * did; one handler, a new one replaces it), and posts what it returns to the parent's origin
   * only: a snapshot shows the graph, which a private plot keeps from other pages.
   */
  onSnapshotRequest(dataset: string, take: () => Promise<SnapshotFrame | null>): void;
}

/**
 * How a page's parent earns linking once the description arrived: at once for a public graph or
 * a page drawn with a grant (which only its parent can have given a framed page), else by
 * proving with a grant of its own (`proveWith`).
 */
export function linkTrust(privacy: string, withGrant: boolean): "trusted" | "prove" {
  return withGrant || privacy === "public" ? "trusted" : "prove";
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
  // A frame's parent keeps its origin for the frame's whole life (navigating the parent discards
  // the frame), so the origin of its first message is where link messages go.
  let parentOrigin: string | null = null;
  let trusted = false;
  let linked = false;
  let linkHandler: LinkHandler | null = null;
  let grantHandler: ((message: GrantFrame | NoGrantFrame) => void) | null = null;
  let prove: ((grant: string) => Promise<boolean>) | null = null;
  let askedForProof = false;
  // Which dataset the parent asked a snapshot of, and what takes it (once the graph is laid out).
  let snapshotAsked: string | null = null;
  let snapshotTaker: { dataset: string; take: () => Promise<SnapshotFrame | null> } | null = null;

  const askForProof = (): void => {
    if (!framed || trusted || prove === null || askedForProof) return;
    askedForProof = true;
    win.parent.postMessage(viewerReady(dataset), "*");
  };

  const sendSnapshot = (): void => {
    const taker = snapshotTaker;
    const origin = parentOrigin;
    if (!trusted || origin === null || taker === null || snapshotAsked !== taker.dataset) return;
    snapshotAsked = null; // one snapshot per request
    void taker.take().then(
      (frame) => {
        if (frame !== null) win.parent.postMessage(frame, origin, [frame.png]);
      },
      (error: unknown) => console.warn("graphistry-jupyter viewer: no snapshot:", error),
    );
  };

  // Where link messages go: the parent's origin while it is trusted and linked, else nowhere.
  const linkTarget = (): string | null => (trusted && linked ? parentOrigin : null);

  const startTrusting = (): void => {
    if (trusted) return;
    trusted = true;
    if (linked) linkHandler?.toggle(true);
    sendSnapshot();
  };

  win.addEventListener("message", (event: MessageEvent) => {
    if (!framed || event.source !== win.parent) return;
    parentOrigin ??= event.origin;
    if (event.origin !== parentOrigin) return;
    const message = parseToViewer(event.data);
    if (message === null) return;
    if (message.type === THEME) {
      applyTheme(win.document, message.theme);
    } else if (message.type === LINK) {
      linked = message.enabled;
      if (trusted) linkHandler?.toggle(linked);
      else if (linked) askForProof();
    } else if (message.type === GRANT || message.type === NO_GRANT) {
      if (message.dataset !== dataset) return;
      grantHandler?.(message);
      if (message.type === GRANT && prove !== null && !trusted) {
        void prove(message.grant).then((accepted) => {
          if (accepted) startTrusting();
        });
      }
    } else if (isLinked(message) && linkTarget() !== null) {
      linkHandler?.receive(message);
    } else if (message.type === SNAPSHOT_REQUEST && event.origin !== "null") {
      snapshotAsked = message.dataset;
      if (trusted) sendSnapshot();
      else askForProof();
    }
  });

  opened = {
    framed,
    get trusted() {
      return trusted;
    },
    post(message) {
      const target = linkTarget();
      if (target === null) return false;
      win.parent.postMessage(message, target);
      return true;
    },
    onLink(next) {
      linkHandler = next;
      if (linkTarget() !== null) next.toggle(true);
    },
    onGrant(next) {
      grantHandler = next;
    },
    trust() {
      if (framed) startTrusting();
    },
    proveWith(accepted) {
      prove = accepted;
      if (linked || snapshotAsked !== null) askForProof();
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
