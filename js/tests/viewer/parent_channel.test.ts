import { afterEach, describe, expect, it } from "vitest";

import { openParentChannel, resetParentChannelForTests } from "../../src/viewer/parent_channel";

/** A window whose parent is another (fake) window that records what is posted to it. */
function framedWindow(): { win: Window; parent: { posted: unknown[][] } & Window } {
  const posted: unknown[][] = [];
  const parent = { posted, postMessage: (...args: unknown[]) => posted.push(args) } as unknown as { posted: unknown[][] } & Window;
  const listeners: Array<(event: MessageEvent) => void> = [];
  const win = {
    parent,
    document,
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.push(listener),
    dispatch: (event: MessageEvent) => listeners.forEach((listener) => listener(event)),
  } as unknown as Window;
  return { win, parent };
}

function deliver(win: Window, data: unknown, source: unknown, origin = "http://notebook:8888"): void {
  (win as unknown as { dispatch: (event: MessageEvent) => void }).dispatch(
    new MessageEvent("message", { data, origin, source: source as MessageEventSource }),
  );
}

describe("the parent channel", () => {
  afterEach(() => {
    resetParentChannelForTests();
    delete document.documentElement.dataset["gjTheme"];
  });

  it("says it has loaded, then takes the theme from its parent only", () => {
    const { win, parent } = framedWindow();
    openParentChannel(win, "ds1");
    expect(parent.posted).toEqual([[{ type: "graphistry:viewer-loaded", dataset: "ds1" }, "*"]]);
    deliver(win, { type: "graphistry:theme", theme: "dark" }, {});
    expect(document.documentElement.dataset["gjTheme"]).toBeUndefined();
    deliver(win, { type: "graphistry:theme", theme: "dark" }, parent);
    expect(document.documentElement.dataset["gjTheme"]).toBe("dark");
  });

  it("posts link messages only after the parent linked, and only to the parent's origin", () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    const message = { type: "graphistry:selection", graph: "k", node: "a" } as const;
    expect(channel.post(message)).toBe(false);
    const toggles: boolean[] = [];
    const received: unknown[] = [];
    channel.onLink({ toggle: (on) => toggles.push(on), receive: (m) => received.push(m) });
    deliver(win, { type: "graphistry:link", enabled: true }, parent);
    expect(channel.post(message)).toBe(true);
    expect(parent.posted.at(-1)).toEqual([message, "http://notebook:8888"]);
    deliver(win, message, parent, "http://elsewhere");
    deliver(win, message, parent);
    expect(received).toEqual([message]);
    deliver(win, { type: "graphistry:link", enabled: false }, parent);
    expect(toggles).toEqual([true, false]);
    expect(channel.post(message)).toBe(false);
  });
});

describe("a page that asks its parent for a grant", () => {
  afterEach(() => resetParentChannelForTests());

  it("does not announce itself twice: its viewer-ready says it has loaded", () => {
    const { win, parent } = framedWindow();
    openParentChannel(win, "ds1", false);
    expect(parent.posted).toEqual([]);
  });

  it("sends a snapshot once asked and laid out, to the asking origin only, once per request", async () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    const png = new Uint8Array([1, 2]).buffer;
    let taken = 0;
    const take = () => {
      taken += 1;
      return Promise.resolve({ type: "graphistry:snapshot" as const, dataset: "ds1", png });
    };
    deliver(win, { type: "graphistry:snapshot-request", dataset: "ds1" }, {}); // not the parent
    deliver(win, { type: "graphistry:snapshot-request", dataset: "ds1" }, parent); // asked before laid out
    channel.onSnapshotRequest("ds1", take);
    await Promise.resolve();
    await Promise.resolve();
    expect(taken).toBe(1);
    expect(parent.posted.at(-1)).toEqual([{ type: "graphistry:snapshot", dataset: "ds1", png }, "http://notebook:8888", [png]]);
    deliver(win, { type: "graphistry:snapshot-request", dataset: "other" }, parent); // another graph
    expect(taken).toBe(1);
    deliver(win, { type: "graphistry:snapshot-request", dataset: "ds1" }, parent, "http://elsewhere");
    await Promise.resolve();
    await Promise.resolve();
    expect(taken).toBe(2);
    expect(parent.posted.at(-1)?.[1]).toBe("http://elsewhere");
  });
});
