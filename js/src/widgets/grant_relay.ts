// Single sign-in (docs/single-sign-in.md): the plot view relays a short-lived viewing grant from
// the kernel to the viewer — to the frame by postMessage to its exact origin, to a new tab in a
// URL fragment the viewer strips at once. The grant never touches model state, a query string,
// storage or the DOM, so it is never saved with the notebook.
import type { AnyModel } from "@anywidget/types";
import { GRANT_REJECTED, VIEWER_READY, grantFrame, noGrantFrame, originOf, parseFromViewer } from "../protocol/frames";
import { PLOT_KERNEL_SENDS, parseMessage, type GrantRequest } from "../protocol/widget_messages";
import type { PlotModel } from "./types";

/** How long a new tab waits for the kernel's grant before it opens without one. */
export const TAB_WAIT_MS = 5000;
/** A frame that refuses grants is given a fresh one this many times per load, then left alone. */
const FRESH_GRANTS_PER_LOAD = 1;

export function datasetOf(url: string): string {
  try {
    return new URL(url).searchParams.get("dataset") ?? "";
  } catch {
    return "";
  }
}

/** What a viewer frame posted, if it is a request for the grant of `dataset`. */
export function viewerRequest(data: unknown, dataset: string): "ready" | "rejected" | null {
  const message = parseFromViewer(data);
  if (!dataset) return null;
  if (message?.type === VIEWER_READY && message.dataset === dataset) return "ready";
  if (message?.type === GRANT_REJECTED && message.dataset === dataset) return "rejected";
  return null;
}

/** The viewer URL with the grant in its fragment (never in the query, which servers log). */
export function withGrantFragment(url: string, grant: string): string {
  const bare = url.split("#", 1)[0] ?? url;
  return `${bare}#grant=${encodeURIComponent(grant)}`;
}

type Relay = {
  /** The frame now shows `url` (a new load: fresh grants may be asked again). */
  frameLoaded(frame: HTMLIFrameElement, url: string): void;
  /** Opens `url` in a new tab, with a grant when the kernel gives one. Call from a click. */
  openTab(url: string): void;
  dispose(): void;
};

export function createGrantRelay(
  model: AnyModel<PlotModel>,
  onNote: (text: string) => void,
  win: Window = window,
): Relay {
  let frame: HTMLIFrameElement | null = null;
  let frameUrl = "";
  let freshGrants = 0;
  let tab: { window: Window; url: string; timer: ReturnType<typeof setTimeout> } | null = null;

  const ask = (dataset: string, to: "frame" | "tab"): void =>
    model.send({ type: "grant_request", dataset, to } satisfies GrantRequest);

  const openTabAt = (href: string): void => {
    if (!tab) return;
    clearTimeout(tab.timer);
    tab.window.location.replace(href);
    tab = null;
  };

  const onWindowMessage = (event: MessageEvent): void => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== originOf(frameUrl)) return;
    const request = viewerRequest(event.data, datasetOf(frameUrl));
    if (request === "rejected" && freshGrants++ >= FRESH_GRANTS_PER_LOAD) return;
    if (request) ask(datasetOf(frameUrl), "frame");
  };

  const onKernelMessage = (data: unknown): void => {
    const content = parseMessage(PLOT_KERNEL_SENDS, data);
    if (content === null || content.type === "pong") return;
    if (content.to === "tab") {
      if (tab && datasetOf(tab.url) === content.dataset) {
        openTabAt(content.type === "grant" ? withGrantFragment(tab.url, content.grant) : tab.url);
      }
      return;
    }
    const target = frame?.contentWindow;
    if (!target || datasetOf(frameUrl) !== content.dataset) return;
    if (content.type === "grant") {
      target.postMessage(grantFrame(content.dataset, content.grant), originOf(frameUrl));
      onNote("");
    } else {
      target.postMessage(noGrantFrame(content.dataset, content.reason), originOf(frameUrl));
      onNote(content.reason);
    }
  };

  win.addEventListener("message", onWindowMessage);
  model.on("msg:custom", onKernelMessage);

  return {
    frameLoaded(newFrame, url) {
      frame = newFrame;
      frameUrl = url;
      freshGrants = 0;
    },
    openTab(url) {
      const opened = win.open("", "_blank");
      if (!opened) {
        win.open(url, "_blank", "noopener");
        return;
      }
      // The new page must not be able to navigate this notebook through window.opener.
      opened.opener = null;
      if (tab) openTabAt(tab.url);
      tab = { window: opened, url, timer: setTimeout(() => openTabAt(url), TAB_WAIT_MS) };
      ask(datasetOf(url), "tab");
    },
    dispose() {
      win.removeEventListener("message", onWindowMessage);
      model.off("msg:custom", onKernelMessage);
      if (tab) openTabAt(tab.url);
    },
  };
}
