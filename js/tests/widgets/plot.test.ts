import { describe, expect, it, vi } from "vitest";
import { TAB_WAIT_MS } from "../../src/widgets/grant_relay";
import { render } from "../../src/widgets/plot";
import type { PlotModel } from "../../src/widgets/types";
import { useMountPoint } from "./mount";
import { FakeModel, alertText, button, isShown, queryButton } from "./fake_model";
import { VIEW_URL, plotTraits } from "./plot_helpers";

const mount = useMountPoint();

function show(overrides: Partial<PlotModel> = {}): { model: FakeModel<PlotModel>; root: HTMLElement } {
  const model = new FakeModel<PlotModel>(plotTraits(overrides));
  mount.track(render({ model, el: mount.el }));
  return { model, root: mount.el };
}

const iframeOf = (root: HTMLElement): HTMLIFrameElement | null => root.querySelector("iframe");
const openLink = (root: HTMLElement): HTMLAnchorElement | undefined =>
  [...root.querySelectorAll("a")].find((a) => a.textContent === "Open in new tab");

describe("plot view states", () => {
  it("waiting: names the account it waits for", () => {
    const { root } = show({ status: "waiting" });
    expect(root.textContent).toContain("Waiting for prod to log in");
    expect(iframeOf(root)).toBeNull();
    expect(queryButton(root, "Re-plot")).toBeUndefined();
  });

  it("uploading: the stage, a labelled progress bar and the percentage", () => {
    const { model, root } = show({ stage: "uploading edges", bytes_sent: 250_000, bytes_total: 1_000_000 });
    const bar = root.querySelector("progress");
    expect(bar?.getAttribute("aria-label")).toBe("Upload progress");
    expect(bar?.value).toBe(250_000);
    expect(bar?.max).toBe(1_000_000);
    expect(root.textContent).toContain("uploading edges");
    expect(root.textContent).toContain("25% (250 kB of 1.0 MB)");

    model.update({ stage: "uploading nodes", bytes_sent: 900_000 });
    expect(root.textContent).toContain("uploading nodes");
    expect(root.textContent).toContain("90%");
    expect(root.querySelector("progress")).toBe(bar);
  });

  it("uploading of unknown size: an indeterminate bar and no percentage", () => {
    const { root } = show({ stage: "creating the dataset" });
    const bar = root.querySelector("progress");
    expect(bar?.hasAttribute("value")).toBe(false);
    expect(bar?.hasAttribute("aria-valuetext")).toBe(false);
    expect(root.textContent).not.toContain("%");
    expect(root.textContent).not.toContain("rows sent");
  });

  it("uploading a table of unknown byte size: the rows sent, in words and to screen readers", () => {
    const { model, root } = show({ stage: "uploading edges", rows_sent: 12_000 });
    const bar = root.querySelector("progress");
    expect(bar?.hasAttribute("value")).toBe(false); // no length known: indeterminate
    expect(bar?.getAttribute("aria-valuetext")).toBe("12,000 rows sent");
    expect(root.querySelector(".gj-percent")?.textContent).toBe("12,000 rows sent");

    model.update({ rows_sent: 12_000, rows_total: 50_000 });
    expect(bar?.value).toBe(12_000);
    expect(bar?.max).toBe(50_000);
    expect(root.querySelector(".gj-percent")?.textContent).toBe("24% (12,000 of 50,000 rows sent)");
    expect(bar?.getAttribute("aria-valuetext")).toBe("24%, 12,000 of 50,000 rows sent");

    // Once the byte size is known, bytes are the measure; the rows stay out of the way.
    model.update({ bytes_sent: 500_000, bytes_total: 1_000_000 });
    expect(root.querySelector(".gj-percent")?.textContent).toBe("50% (500 kB of 1.0 MB)");
    expect(bar?.getAttribute("aria-valuetext")).toBe("50%, 500 kB of 1.0 MB sent");
  });

  it("ready: toolbar, titled full-screen iframe of the trait's height", () => {
    const { root } = show({ status: "ready", url: VIEW_URL, height: 480 });
    const frame = iframeOf(root);
    expect(frame?.src).toBe(VIEW_URL);
    expect(frame?.title).toBe("Graph plotted on prod (alice@127.0.0.1:8000)");
    expect(frame?.getAttribute("allow")).toBe("fullscreen");
    expect(frame?.hasAttribute("allowfullscreen")).toBe(false);
    expect(frame?.style.height).toBe("480px");
    const link = openLink(root);
    expect(link?.href).toBe(VIEW_URL);
    expect(link?.target).toBe("_blank");
    expect(link?.rel).toBe("noopener");
    expect(button(root, "Re-plot")).toBeDefined();
    expect(root.querySelector(".gj-badge")?.textContent).toBe("prod");
    expect(root.querySelector(".gj-badge")?.getAttribute("title")).toBe("alice@127.0.0.1:8000");
    expect(root.querySelector('[role="group"]')?.getAttribute("aria-label")).toBe(
      "Plot on prod (alice@127.0.0.1:8000)",
    );
    expect(root.querySelector("progress") && isShown(root.querySelector("progress") as HTMLElement)).toBe(false);
  });

  it("error: the message in an alert and a Re-plot button that asks the kernel", () => {
    const { model, root } = show({ status: "error", error: "The upload timed out after 60 s." });
    expect(alertText(root)).toBe("The upload timed out after 60 s.");
    button(root, "Re-plot").click();
    expect(model.sent).toEqual([{ type: "replot" }]);
  });
});

describe("single sign-in: the grant reaches the frame and never the model", () => {
  const ORIGIN = "http://127.0.0.1:8000";
  const GRANT = "sentinel-grant-5e1f";

  function frameAsks(frame: HTMLIFrameElement, data: unknown, origin = ORIGIN): void {
    window.dispatchEvent(new MessageEvent("message", { data, origin, source: frame.contentWindow }));
  }

  function readyFrame(): { model: FakeModel<PlotModel>; root: HTMLElement; frame: HTMLIFrameElement; posted: unknown[][] } {
    const { model, root } = show({ status: "ready", url: VIEW_URL, privacy: "private" });
    const frame = iframeOf(root);
    if (!frame?.contentWindow) throw new Error("no frame window");
    const posted: unknown[][] = [];
    frame.contentWindow.postMessage = ((...args: unknown[]) => posted.push(args)) as Window["postMessage"];
    return { model, root, frame, posted };
  }

  it("a ready frame makes the view ask the kernel for its dataset's grant", () => {
    const { model, frame } = readyFrame();
    frameAsks(frame, { type: "graphistry:viewer-ready", dataset: "abc123" });
    expect(model.sent).toEqual([{ type: "grant_request", dataset: "abc123", to: "frame" }]);
  });

  it("ignores requests from another origin, another window or for another dataset", () => {
    const { model, frame } = readyFrame();
    frameAsks(frame, { type: "graphistry:viewer-ready", dataset: "abc123" }, "http://evil.example");
    frameAsks(frame, { type: "graphistry:viewer-ready", dataset: "other" });
    window.dispatchEvent(
      new MessageEvent("message", { data: { type: "graphistry:viewer-ready", dataset: "abc123" }, origin: ORIGIN }),
    );
    expect(model.sent).toEqual([]);
  });

  it("posts the kernel's grant to the frame's exact origin, and nothing of it to the model", () => {
    const { model, root, posted } = readyFrame();
    model.receive({ type: "grant", dataset: "abc123", to: "frame", grant: GRANT });
    expect(posted).toEqual([[{ type: "graphistry:grant", dataset: "abc123", grant: GRANT }, ORIGIN]]);
    expect(JSON.stringify([model.sets, model.saves])).not.toContain(GRANT);
    expect(root.outerHTML).not.toContain(GRANT);
    expect(iframeOf(root)?.src).toBe(VIEW_URL);
  });

  it("a server without single sign-in: the frame is told, and the note says why", () => {
    const { model, root, posted } = readyFrame();
    const reason = "This server does not support single sign-in: sign in inside the frame.";
    model.receive({ type: "no_grant", dataset: "abc123", to: "frame", reason, unsupported: true });
    expect(posted).toEqual([[{ type: "graphistry:no-grant", dataset: "abc123", reason }, ORIGIN]]);
    expect(root.textContent).toContain(reason);
  });

  it("a refused grant is renewed once per load, not in a loop", () => {
    const { model, frame } = readyFrame();
    for (let i = 0; i < 3; i++) frameAsks(frame, { type: "graphistry:grant-rejected", dataset: "abc123" });
    expect(model.sent).toHaveLength(1);
  });

  it("Open in new tab opens a blank tab at once, then the viewer with the grant in its fragment", () => {
    const { model, root } = readyFrame();
    const replaced: string[] = [];
    const tab = { opener: {} as unknown, location: { replace: (href: string) => replaced.push(href) } };
    const open = vi.spyOn(window, "open").mockReturnValue(tab as unknown as Window);
    openLink(root)?.click();
    expect(open).toHaveBeenCalledWith("", "_blank");
    expect(tab.opener).toBeNull();
    expect(model.sent).toEqual([{ type: "grant_request", dataset: "abc123", to: "tab" }]);
    model.receive({ type: "grant", dataset: "abc123", to: "tab", grant: GRANT });
    expect(replaced).toEqual([`${VIEW_URL}#grant=${GRANT}`]);
    open.mockRestore();
  });

  it("a new tab opens without a grant when the kernel does not answer", () => {
    vi.useFakeTimers();
    const { root } = readyFrame();
    const replaced: string[] = [];
    const tab = { opener: null, location: { replace: (href: string) => replaced.push(href) } };
    const open = vi.spyOn(window, "open").mockReturnValue(tab as unknown as Window);
    openLink(root)?.click();
    vi.advanceTimersByTime(TAB_WAIT_MS);
    expect(replaced).toEqual([VIEW_URL]);
    open.mockRestore();
    vi.useRealTimers();
  });
});

describe("updates in place", () => {
  it("keeps the same iframe, unreloaded, when other traits change", () => {
    const { model, root } = show({ status: "ready", url: VIEW_URL });
    const frame = iframeOf(root);
    if (!frame) throw new Error("no iframe");
    // Count assignments to src: each one would reload the viewer.
    let srcWrites = 0;
    const src = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, "src");
    Object.defineProperty(frame, "src", {
      get: () => src?.get?.call(frame),
      set: (value: string) => {
        srcWrites += 1;
        src?.set?.call(frame, value);
      },
    });

    model.update({ height: 300, account_label: "staging", account_color: "blue", privacy: "public" });
    model.update({ status: "uploading", stage: "uploading edges" });
    model.update({ status: "ready" });

    expect(iframeOf(root)).toBe(frame);
    expect(srcWrites).toBe(0);
    expect(frame.style.height).toBe("300px");
    expect(frame.title).toContain("staging");

    model.update({ url: `${VIEW_URL}-2` });
    expect(iframeOf(root)).toBe(frame);
    expect(srcWrites).toBe(1);
    expect(frame.src).toBe(`${VIEW_URL}-2`);
  });

  it("dims the previous plot while a new upload runs", () => {
    const { model, root } = show({ status: "ready", url: VIEW_URL });
    model.update({ status: "uploading" });
    expect(iframeOf(root)?.classList.contains("gj-stale")).toBe(true);
    expect(openLink(root) && isShown(openLink(root) as HTMLElement)).toBe(false);
    model.update({ status: "ready" });
    expect(iframeOf(root)?.classList.contains("gj-stale")).toBe(false);
  });

  it("never frames a non-http URL", () => {
    const { root } = show({ status: "ready", url: "javascript:alert(1)" });
    expect(iframeOf(root)).toBeNull();
  });

  it("frames a path on the notebook's own server (a hub behind Jupyter's proxy) at its full URL", () => {
    const path = "/user/a/proxy/8080/graph/graph.html?dataset=d1";
    const { root } = show({ status: "ready", url: path });
    expect(iframeOf(root)?.getAttribute("src")).toBe(new URL(path, window.location.href).href);
  });

  it("never frames a path that names another server", () => {
    for (const url of ["//evil.example/graph/graph.html?dataset=d1", "/\\evil.example/x"]) {
      const { root } = show({ status: "ready", url });
      expect(iframeOf(root)).toBeNull();
    }
  });

  it("cleans up its listeners and DOM", () => {
    const model = new FakeModel<PlotModel>(plotTraits());
    const cleanup = render({ model, el: mount.el });
    cleanup();
    expect(model.listenerCount()).toBe(0);
    expect(mount.el.children).toHaveLength(0);
  });
});

describe("a plot of an account that does not check its server's certificate", () => {
  const unverified = (root: HTMLElement): HTMLElement | null => root.querySelector(".gj-toolbar .gj-unverified");

  it("says unverified TLS in its header, in words a screen reader reads too", () => {
    const { root } = show({ status: "ready", url: VIEW_URL, certificate_validation: false });
    const mark = unverified(root);
    expect(mark && isShown(mark)).toBe(true);
    expect(mark?.textContent).toContain("unverified TLS");
    expect(mark?.textContent).toContain("does not check the server's TLS certificate");
    expect(root.querySelector(".gj-plot")?.getAttribute("aria-label")).toContain("unverified TLS");
  });

  it("says nothing of it for a checked certificate, or a saved state from before the trait", () => {
    const { model, root } = show({ status: "ready", url: VIEW_URL, certificate_validation: true });
    expect(isShown(unverified(root) as HTMLElement)).toBe(false);
    model.update({ certificate_validation: undefined as unknown as boolean });
    expect(isShown(unverified(root) as HTMLElement)).toBe(false);
  });
});
