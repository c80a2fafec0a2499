// compare()'s linked views: each pane's viewer posts camera and selection messages
// (protocol/frames.ts) to the notebook, and the compare view relays them to the other panes of
// the same compare widget, to each frame's exact origin, while "Link views" is on
// (docs/contracts.md). Messages are relayed as the parser rebuilt them from their checked fields,
// never passed on as they came.
import { isLinked, isViewerHello, linkFrame, originOf, parseFromViewer } from "../protocol/frames";

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
    if (pane.window !== null && origin !== "") pane.window.postMessage(linkFrame(on), origin);
  };
  const onMessage = (event: MessageEvent): void => {
    const all = panes();
    const from = all.find((pane) => pane.window !== null && pane.window === event.source);
    if (from === undefined || event.origin !== originOf(from.url)) return;
    const message = parseFromViewer(event.data);
    if (isViewerHello(message)) {
      tell(from);
      return;
    }
    if (!on || !isLinked(message)) return;
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
