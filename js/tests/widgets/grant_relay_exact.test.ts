// @vitest-environment node
// The grant relay, exactly, with a stand-in model, window, frame and tab (no DOM): which messages
// are answered, where each grant goes and where it never goes (mutation testing, docs/testing.md).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  TAB_WAIT_MS,
  createGrantRelay,
  datasetOf,
  viewerRequest,
  withGrantFragment,
} from "../../src/widgets/grant_relay";

const URL_D = "https://hub:9/graph/graph.html?dataset=d1";
const ORIGIN = "https://hub:9";

describe("the relay's pure parts", () => {
  it("reads the dataset of a URL, and nothing from a non-URL", () => {
    expect(datasetOf(URL_D)).toBe("d1");
    expect(datasetOf("https://hub/graph.html")).toBe("");
    expect(datasetOf("not a url")).toBe("");
  });

  it("answers only a frame's request for its own dataset", () => {
    expect(viewerRequest({ type: "graphistry:viewer-ready", dataset: "d1" }, "d1")).toBe("ready");
    expect(viewerRequest({ type: "graphistry:grant-rejected", dataset: "d1" }, "d1")).toBe("rejected");
    expect(viewerRequest({ type: "graphistry:viewer-loaded", dataset: "d1" }, "d1")).toBeNull();
    expect(viewerRequest({ type: "graphistry:other", dataset: "d1" }, "d1")).toBeNull();
    expect(viewerRequest({ type: "graphistry:viewer-ready", dataset: "d2" }, "d1")).toBeNull();
    expect(viewerRequest({ type: "graphistry:viewer-ready", dataset: "" }, "")).toBeNull();
    expect(viewerRequest(null, "d1")).toBeNull();
    expect(viewerRequest("graphistry:viewer-ready", "d1")).toBeNull();
  });

  it("puts the grant in the fragment, replacing any fragment", () => {
    expect(withGrantFragment(`${URL_D}#old`, "a.b c")).toBe(`${URL_D}#grant=a.b%20c`);
    expect(withGrantFragment(URL_D, "g")).toBe(`${URL_D}#grant=g`);
  });
});

type Listener = (event: unknown) => void;

function stage() {
  const sent: unknown[] = [];
  const kernelListeners: Listener[] = [];
  const model = {
    send: (content: unknown) => sent.push(content),
    on: (name: string, listener: Listener) => {
      expect(name).toBe("msg:custom");
      kernelListeners.push(listener);
    },
    off: (name: string, listener: Listener) => {
      expect(name).toBe("msg:custom");
      kernelListeners.splice(kernelListeners.indexOf(listener), 1);
    },
  };
  const windowListeners: Listener[] = [];
  const tabs: { opener: unknown; location: { replace: (href: string) => void }; went: string[] }[] = [];
  const opened: unknown[][] = [];
  let blockPopups = false;
  const win = {
    addEventListener: (name: string, listener: Listener) => {
      expect(name).toBe("message");
      windowListeners.push(listener);
    },
    removeEventListener: (name: string, listener: Listener) => {
      expect(name).toBe("message");
      windowListeners.splice(windowListeners.indexOf(listener), 1);
    },
    open: (...args: unknown[]) => {
      opened.push(args);
      if (blockPopups) return null;
      const went: string[] = [];
      const tab = { opener: "notebook", location: { replace: (href: string) => went.push(href) }, went };
      tabs.push(tab);
      return tab;
    },
  };
  const posted: [unknown, string][] = [];
  const frameWindow = { postMessage: (data: unknown, origin: string) => posted.push([data, origin]) };
  const frame = { contentWindow: frameWindow };
  const notes: string[] = [];
  const relay = createGrantRelay(model as never, (note) => notes.push(note), win as never);
  return {
    relay,
    sent,
    tabs,
    opened,
    posted,
    notes,
    frame,
    frameWindow,
    blockPopups: () => (blockPopups = true),
    fromFrame: (data: unknown, source: unknown = frameWindow, origin = ORIGIN) =>
      windowListeners.forEach((l) => l({ data, source, origin })),
    fromKernel: (content: unknown) => kernelListeners.forEach((l) => l(content)),
    listening: () => [windowListeners.length, kernelListeners.length],
  };
}

describe("createGrantRelay", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks the kernel when its frame is ready, and only for its frame", () => {
    const s = stage();
    s.fromFrame({ type: "graphistry:viewer-ready", dataset: "d1" });
    expect(s.sent).toEqual([]); // no frame loaded yet
    s.relay.frameLoaded(s.frame as never, URL_D);
    s.fromFrame({ type: "graphistry:viewer-ready", dataset: "d1" }, {});
    s.fromFrame({ type: "graphistry:viewer-ready", dataset: "d1" }, s.frameWindow, "https://evil");
    s.fromFrame({ type: "graphistry:viewer-ready", dataset: "d2" });
    expect(s.sent).toEqual([]);
    s.fromFrame({ type: "graphistry:viewer-ready", dataset: "d1" });
    expect(s.sent).toEqual([{ type: "grant_request", dataset: "d1", to: "frame" }]);
  });

  it("gives a frame that rejects grants one fresh grant per load", () => {
    const s = stage();
    s.relay.frameLoaded(s.frame as never, URL_D);
    const rejected = { type: "graphistry:grant-rejected", dataset: "d1" };
    s.fromFrame(rejected);
    s.fromFrame(rejected);
    expect(s.sent).toHaveLength(1);
    s.relay.frameLoaded(s.frame as never, URL_D);
    s.fromFrame(rejected);
    expect(s.sent).toHaveLength(2);
    s.fromFrame({ type: "graphistry:viewer-ready", dataset: "d1" });
    expect(s.sent).toHaveLength(3);
  });

  it("posts a grant to the frame's exact origin and clears the note", () => {
    const s = stage();
    s.relay.frameLoaded(s.frame as never, URL_D);
    s.fromKernel({ type: "grant", dataset: "d1", to: "frame", grant: "g.r.t" });
    expect(s.posted).toEqual([[{ type: "graphistry:grant", dataset: "d1", grant: "g.r.t" }, ORIGIN]]);
    expect(s.notes).toEqual([""]);
    s.fromKernel({ type: "no_grant", dataset: "d1", to: "frame", reason: "Log in.", unsupported: false });
    expect(s.posted[1]).toEqual([{ type: "graphistry:no-grant", dataset: "d1", reason: "Log in." }, ORIGIN]);
    expect(s.notes).toEqual(["", "Log in."]);
  });

  it("posts nothing for another dataset, a malformed answer, or before a frame", () => {
    const s = stage();
    s.fromKernel({ type: "grant", dataset: "d1", to: "frame", grant: "g" });
    s.relay.frameLoaded({ contentWindow: null } as never, URL_D);
    s.fromKernel({ type: "grant", dataset: "d1", to: "frame", grant: "g" });
    s.relay.frameLoaded(s.frame as never, URL_D);
    s.fromKernel({ type: "grant", dataset: "d2", to: "frame", grant: "g" });
    s.fromKernel({ type: "grant", dataset: "d1", to: "frame", grant: "" });
    s.fromKernel({ type: "grant", dataset: "d1", to: "tab", grant: "g" });
    expect(s.posted).toEqual([]);
    expect(s.notes).toEqual([]);
  });

  it("opens a tab at once, then sends it to the viewer with the grant in the fragment", () => {
    const s = stage();
    s.relay.openTab(URL_D);
    expect(s.opened).toEqual([["", "_blank"]]);
    const [tab] = s.tabs;
    expect(tab?.opener).toBeNull();
    expect(s.sent).toEqual([{ type: "grant_request", dataset: "d1", to: "tab" }]);
    s.fromKernel({ type: "grant", dataset: "d2", to: "tab", grant: "g" });
    s.fromKernel({ type: "grant", dataset: "d1", to: "frame", grant: "g" });
    expect(tab?.went).toEqual([]);
    s.fromKernel({ type: "grant", dataset: "d1", to: "tab", grant: "g.r.t" });
    expect(tab?.went).toEqual([`${URL_D}#grant=g.r.t`]);
    vi.advanceTimersByTime(TAB_WAIT_MS * 2);
    s.fromKernel({ type: "grant", dataset: "d1", to: "tab", grant: "again" });
    expect(tab?.went).toHaveLength(1);
  });

  it("sends the tab without a grant when the kernel has none, or after the wait", () => {
    const s = stage();
    s.relay.openTab(URL_D);
    s.fromKernel({ type: "no_grant", dataset: "d1", to: "tab", reason: "r", unsupported: false });
    expect(s.tabs[0]?.went).toEqual([URL_D]);
    s.relay.openTab(URL_D);
    vi.advanceTimersByTime(TAB_WAIT_MS - 1);
    expect(s.tabs[1]?.went).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(s.tabs[1]?.went).toEqual([URL_D]);
    expect(TAB_WAIT_MS).toBe(5000);
  });

  it("sends a waiting tab on before opening the next one", () => {
    const s = stage();
    s.relay.openTab(URL_D);
    s.relay.openTab("https://hub:9/graph/graph.html?dataset=d2");
    expect(s.tabs[0]?.went).toEqual([URL_D]);
    expect(s.tabs[1]?.went).toEqual([]);
  });

  it("opens the viewer itself, without the notebook as opener, when pop-ups are blocked", () => {
    const s = stage();
    s.blockPopups();
    s.relay.openTab(URL_D);
    expect(s.opened).toEqual([["", "_blank"], [URL_D, "_blank", "noopener"]]);
    expect(s.sent).toEqual([]);
  });

  it("stops listening when disposed, and lets a waiting tab go", () => {
    const s = stage();
    s.relay.openTab(URL_D);
    expect(s.listening()).toEqual([1, 1]);
    s.relay.dispose();
    expect(s.listening()).toEqual([0, 0]);
    expect(s.tabs[0]?.went).toEqual([URL_D]);
    const quiet = stage();
    quiet.relay.dispose();
    expect(quiet.tabs).toEqual([]);
  });
});
