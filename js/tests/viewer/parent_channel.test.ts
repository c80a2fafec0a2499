import { afterEach, describe, expect, it } from "vitest";

import {
  currentParentChannel,
  linkTrust,
  openParentChannel,
  resetParentChannelForTests,
} from "../../src/viewer/parent_channel";

type Recorder = { posted: unknown[][] } & Window;

/** A window whose parent is another (fake) window that records what is posted to it. */
function framedWindow(): { win: Window; parent: Recorder } {
  const posted: unknown[][] = [];
  const parent = { posted, postMessage: (...args: unknown[]) => posted.push(args) } as unknown as Recorder;
  const listeners: Array<{ type: string; listener: (event: MessageEvent) => void }> = [];
  const win = {
    parent,
    document,
    addEventListener: (type: string, listener: (event: MessageEvent) => void) => listeners.push({ type, listener }),
    dispatch: (event: MessageEvent) => listeners.forEach((entry) => entry.type === event.type && entry.listener(event)),
  } as unknown as Window;
  return { win, parent };
}

const NOTEBOOK = "http://notebook:8888";

function deliver(win: Window, data: unknown, source: unknown, origin = NOTEBOOK): void {
  (win as unknown as { dispatch: (event: MessageEvent) => void }).dispatch(
    new MessageEvent("message", { data, origin, source: source as MessageEventSource }),
  );
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const GRANT = { type: "graphistry:grant", dataset: "ds1", grant: "a.b.c" } as const;
const EXPIRED = { type: "graphistry:no-grant", dataset: "ds1", reason: "Session expired: sign in at https://evil.example" };
const SELECTION = { type: "graphistry:selection", graph: "k", node: "a" } as const;
const LINK_ON = { type: "graphistry:link", enabled: true } as const;

function recordLinks(channel: ReturnType<typeof openParentChannel>): { toggles: boolean[]; received: unknown[] } {
  const toggles: boolean[] = [];
  const received: unknown[] = [];
  channel.onLink({ toggle: (on) => toggles.push(on), receive: (m) => received.push(m) });
  return { toggles, received };
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

  it("is opened once per page, and is the page's current channel from then on", () => {
    const { win } = framedWindow();
    expect(currentParentChannel()).toBeNull();
    const channel = openParentChannel(win, "ds1");
    expect(openParentChannel(win, "ds2")).toBe(channel);
    expect(currentParentChannel()).toBe(channel);
  });

  it("hears its parent at the origin of the parent's first message only", () => {
    const { win, parent } = framedWindow();
    openParentChannel(win, "ds1");
    deliver(win, { type: "graphistry:theme", theme: "light" }, parent);
    deliver(win, { type: "graphistry:theme", theme: "dark" }, parent, "http://elsewhere");
    expect(document.documentElement.dataset["gjTheme"]).toBe("light");
  });
});

describe("grant answers", () => {
  afterEach(() => resetParentChannelForTests());

  it("come from the parent window only: a sibling frame cannot hand over a grant or send the page to sign in", () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1", false);
    const answers: unknown[] = [];
    channel.onGrant((message) => answers.push(message));
    const sibling = framedWindow().win;
    deliver(win, EXPIRED, sibling);
    deliver(win, GRANT, sibling);
    deliver(win, EXPIRED, null);
    expect(answers).toEqual([]);
    deliver(win, EXPIRED, parent);
    deliver(win, GRANT, parent);
    expect(answers).toEqual([EXPIRED, GRANT]);
  });

  it("are passed on only for this page's dataset, and only as parsed", () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1", false);
    const answers: unknown[] = [];
    channel.onGrant((message) => answers.push(message));
    deliver(win, { ...GRANT, dataset: "ds2" }, parent);
    deliver(win, { ...EXPIRED, dataset: "ds2" }, parent);
    deliver(win, { ...GRANT, grant: "not a jwt" }, parent);
    deliver(win, { ...GRANT, extra: "dropped" }, parent);
    expect(answers).toEqual([GRANT]);
  });

  it("are not read by a page that is not framed", () => {
    const listeners: Array<(event: MessageEvent) => void> = [];
    const top = { document, addEventListener: (_t: string, l: (e: MessageEvent) => void) => listeners.push(l) } as unknown as Window;
    (top as { parent: Window }).parent = top;
    const channel = openParentChannel(top, "ds1");
    const answers: unknown[] = [];
    channel.onGrant((message) => answers.push(message));
    listeners.forEach((l) => l(new MessageEvent("message", { data: GRANT, origin: NOTEBOOK, source: top })));
    expect(answers).toEqual([]);
    expect(channel.framed).toBe(false);
    channel.trust();
    expect(channel.trusted).toBe(false);
  });
});

describe("linking", () => {
  afterEach(() => resetParentChannelForTests());

  it("a parent that never proved itself gets no link message and its toggle is not applied", () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    const { toggles, received } = recordLinks(channel);
    deliver(win, LINK_ON, parent);
    deliver(win, SELECTION, parent);
    expect(channel.post(SELECTION)).toBe(false);
    expect(toggles).toEqual([]);
    expect(received).toEqual([]);
    expect(parent.posted).toEqual([[{ type: "graphistry:viewer-loaded", dataset: "ds1" }, "*"]]);
  });

  it("a trusted parent that linked gets link messages, at its own origin only", () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    const { toggles, received } = recordLinks(channel);
    expect(channel.post(SELECTION)).toBe(false);
    deliver(win, LINK_ON, parent);
    channel.trust();
    expect(channel.trusted).toBe(true);
    expect(toggles).toEqual([true]);
    expect(channel.post(SELECTION)).toBe(true);
    expect(parent.posted.at(-1)).toEqual([SELECTION, NOTEBOOK]);
    deliver(win, SELECTION, parent, "http://elsewhere");
    deliver(win, SELECTION, {});
    deliver(win, SELECTION, parent);
    expect(received).toEqual([SELECTION]);
    deliver(win, { type: "graphistry:link", enabled: false }, parent);
    expect(toggles).toEqual([true, false]);
    expect(channel.post(SELECTION)).toBe(false);
    deliver(win, SELECTION, parent);
    expect(received).toEqual([SELECTION]);
  });

  it("trusting tells the handler only when the parent linked, and only once", () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    const { toggles } = recordLinks(channel);
    channel.trust();
    expect(toggles).toEqual([]);
    deliver(win, LINK_ON, parent);
    channel.trust();
    expect(toggles).toEqual([true]);
  });

  it("a trusted, linked parent's messages need no handler yet; a later one is told at once", () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    deliver(win, LINK_ON, parent);
    channel.trust();
    deliver(win, SELECTION, parent);
    expect(recordLinks(channel).toggles).toEqual([true]);
  });

  it("a handler set after a trusted parent linked is told at once", () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    channel.trust();
    deliver(win, LINK_ON, parent);
    expect(recordLinks(channel).toggles).toEqual([true]);
  });

  it("a page drawn without a grant asks a linking parent for one, once, and links when the hub accepts it", async () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    const { toggles } = recordLinks(channel);
    const checked: string[] = [];
    channel.proveWith(async (grant) => {
      checked.push(grant);
      return grant === "good.grant.value";
    });
    expect(parent.posted.length).toBe(1);
    deliver(win, LINK_ON, parent);
    deliver(win, LINK_ON, parent);
    expect(parent.posted.slice(1)).toEqual([[{ type: "graphistry:viewer-ready", dataset: "ds1" }, "*"]]);
    deliver(win, { ...GRANT, grant: "bad.grant.value" }, parent);
    await flush();
    expect(channel.trusted).toBe(false);
    expect(toggles).toEqual([]);
    deliver(win, { ...GRANT, grant: "good.grant.value" }, framedWindow().win);
    await flush();
    expect(channel.trusted).toBe(false);
    deliver(win, { ...GRANT, grant: "good.grant.value" }, parent);
    await flush();
    expect(checked).toEqual(["bad.grant.value", "good.grant.value"]);
    expect(channel.trusted).toBe(true);
    expect(toggles).toEqual([true]);
    expect(channel.post(SELECTION)).toBe(true);
  });

  it("asks for the grant at once when the parent linked before the page knew it must prove it", () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    deliver(win, LINK_ON, parent);
    channel.proveWith(async () => true);
    channel.proveWith(async () => true);
    expect(parent.posted.slice(1)).toEqual([[{ type: "graphistry:viewer-ready", dataset: "ds1" }, "*"]]);
  });

  it("proves only with a grant: a no-grant answer is no proof", async () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    const checked: unknown[] = [];
    channel.proveWith(async (grant) => {
      checked.push(grant);
      return true;
    });
    deliver(win, LINK_ON, parent);
    deliver(win, EXPIRED, parent);
    await flush();
    expect(checked).toEqual([]);
    expect(channel.trusted).toBe(false);
  });

  it("asks nothing of a parent that does not link", () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    channel.proveWith(async () => true);
    deliver(win, { type: "graphistry:link", enabled: false }, parent);
    expect(parent.posted.length).toBe(1);
  });

  it("is earned at once with a grant or for a public graph, else by proof", () => {
    expect(linkTrust("public", false)).toBe("trusted");
    expect(linkTrust("private", true)).toBe("trusted");
    expect(linkTrust("organization", true)).toBe("trusted");
    expect(linkTrust("private", false)).toBe("prove");
    expect(linkTrust("organization", false)).toBe("prove");
  });
});

describe("a page that asks its parent for a grant", () => {
  afterEach(() => resetParentChannelForTests());

  it("does not announce itself twice: its viewer-ready says it has loaded", () => {
    const { win, parent } = framedWindow();
    openParentChannel(win, "ds1", false);
    expect(parent.posted).toEqual([]);
  });

  it("sends a snapshot only to a parent that proved itself, once laid out, once per request", async () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1");
    const png = new Uint8Array([1, 2]).buffer;
    let taken = 0;
    const take = () => {
      taken += 1;
      return Promise.resolve({ type: "graphistry:snapshot" as const, dataset: "ds1", png });
    };
    const settle = async () => {
      await Promise.resolve();
      await Promise.resolve();
    };
    deliver(win, { type: "graphistry:snapshot-request", dataset: "ds1" }, {}); // not the parent
    deliver(win, { type: "graphistry:snapshot-request", dataset: "ds1" }, parent); // before laid out
    channel.onSnapshotRequest("ds1", take);
    await settle();
    expect(taken).toBe(0); // the parent has not proved it plotted this graph
    channel.trust();
    await settle();
    expect(taken).toBe(1);
    expect(parent.posted.at(-1)).toEqual([{ type: "graphistry:snapshot", dataset: "ds1", png }, "http://notebook:8888", [png]]);
    deliver(win, { type: "graphistry:snapshot-request", dataset: "other" }, parent); // another graph
    deliver(win, { type: "graphistry:snapshot-request", dataset: "ds1" }, parent, "http://elsewhere");
    await settle();
    expect(taken).toBe(1); // the parent's window at another origin is not the parent that framed it
    deliver(win, { type: "graphistry:snapshot-request", dataset: "ds1" }, parent);
    await settle();
    expect(taken).toBe(2);
    expect(parent.posted.at(-1)?.[1]).toBe("http://notebook:8888");
  });

  it("asks a parent that has not proved itself for a grant when it asks for a snapshot", async () => {
    const { win, parent } = framedWindow();
    const channel = openParentChannel(win, "ds1", false);
    let checked: string | null = null;
    channel.proveWith((grant) => {
      checked = grant;
      return Promise.resolve(true);
    });
    channel.onSnapshotRequest("ds1", () =>
      Promise.resolve({ type: "graphistry:snapshot" as const, dataset: "ds1", png: new ArrayBuffer(1) }),
    );
    expect(parent.posted).toEqual([]);
    deliver(win, { type: "graphistry:snapshot-request", dataset: "ds1" }, parent);
    expect(parent.posted.at(-1)?.[0]).toEqual({ type: "graphistry:viewer-ready", dataset: "ds1" });
    deliver(win, GRANT, parent);
    await flush();
    expect(checked).toBe(GRANT.grant);
    expect(parent.posted.at(-1)?.[0]).toMatchObject({ type: "graphistry:snapshot", dataset: "ds1" });
  });
});
