import { afterEach, describe, expect, it } from "vitest";

import { createLinkRelay, type Pane } from "../../src/widgets/link_relay";

const camera = { type: "graphistry:camera", graph: "k1", camera: { x: 0.1, y: 0.2, ratio: 0.5, angle: 0 } };

function pane(url: string): Pane & { posted: unknown[][] } {
  const posted: unknown[][] = [];
  const win = { postMessage: (...args: unknown[]) => posted.push(args) } as unknown as Window;
  return { window: win, url, posted };
}

function from(source: Pane, data: unknown, origin = new URL(source.url).origin): void {
  window.dispatchEvent(new MessageEvent("message", { data, origin, source: source.window as MessageEventSource }));
}

describe("createLinkRelay", () => {
  const relays: Array<{ dispose(): void }> = [];
  afterEach(() => relays.splice(0).forEach((relay) => relay.dispose()));

  function relayOf(panes: Pane[], enabled = true): ReturnType<typeof createLinkRelay> {
    const relay = createLinkRelay(window, () => panes, enabled);
    relays.push(relay);
    return relay;
  }

  it("passes a pane's camera to every other pane, each at its own origin", () => {
    const a = pane("http://prod:8000/graph/graph.html?dataset=1");
    const b = pane("http://staging:9000/graph/graph.html?dataset=2");
    const c = pane("http://dev:7000/graph/graph.html?dataset=3");
    relayOf([a, b, c]);
    from(a, camera);
    expect(a.posted).toEqual([]);
    expect(b.posted).toEqual([[camera, "http://staging:9000"]]);
    expect(c.posted).toEqual([[camera, "http://dev:7000"]]);
  });

  it("reads only its own frames, from their own origins", () => {
    const a = pane("http://prod:8000/graph/graph.html?dataset=1");
    const b = pane("http://staging:9000/graph/graph.html?dataset=2");
    const stranger = pane("http://elsewhere/graph.html");
    relayOf([a, b]);
    from(stranger, camera);
    from(a, camera, "http://staging:9000");
    expect(b.posted).toEqual([]);
  });

  it("tells a pane that loaded (or is ready for a grant) whether linking is on, and every pane when it changes", () => {
    const a = pane("http://prod:8000/graph/graph.html?dataset=1");
    const b = pane("http://staging:9000/graph/graph.html?dataset=2");
    const relay = relayOf([a, b]);
    from(a, { type: "graphistry:viewer-loaded", dataset: "1" });
    expect(a.posted).toEqual([[{ type: "graphistry:link", enabled: true }, "http://prod:8000"]]);
    from(b, { type: "graphistry:viewer-ready", dataset: "2" });
    expect(b.posted).toEqual([[{ type: "graphistry:link", enabled: true }, "http://staging:9000"]]);
    b.posted.length = 0;
    relay.setEnabled(false);
    expect(relay.enabled).toBe(false);
    expect(b.posted).toEqual([[{ type: "graphistry:link", enabled: false }, "http://staging:9000"]]);
    from(a, camera);
    expect(b.posted).toHaveLength(1);
  });

  it("is on unless told otherwise", () => {
    expect(createLinkRelay(window, () => []).enabled).toBe(true);
  });

  it("skips panes without a frame window or a URL with an origin", () => {
    const a = pane("http://prod:8000/graph/graph.html?dataset=1");
    const noUrl = pane("not a url");
    const gone: Pane = { window: null, url: "http://staging:9000/graph/graph.html?dataset=2" };
    const relay = relayOf([a, noUrl, gone]);
    from(a, camera);
    // A message whose source is null is no pane's, even a pane whose frame is gone.
    window.dispatchEvent(new MessageEvent("message", { data: camera, origin: "http://staging:9000", source: null }));
    relay.setEnabled(false);
    expect(noUrl.posted).toEqual([]);
    expect(a.posted).toEqual([[{ type: "graphistry:link", enabled: false }, "http://prod:8000"]]);
  });

  it("stops relaying once disposed", () => {
    const a = pane("http://prod:8000/graph/graph.html?dataset=1");
    const b = pane("http://staging:9000/graph/graph.html?dataset=2");
    createLinkRelay(window, () => [a, b]).dispose();
    from(a, camera);
    expect(b.posted).toEqual([]);
  });
});
