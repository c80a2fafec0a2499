import { describe, expect, it } from "vitest";

import { render } from "../../src/widgets/plot";
import type { PlotModel } from "../../src/widgets/types";
import { FakeModel } from "./fake_model";
import { useMountPoint } from "./mount";
import { VIEW_URL, plotTraits } from "./plot_helpers";

const ORIGIN = "http://127.0.0.1:8000";
const mount = useMountPoint();

function shown(snapshot = true): { model: FakeModel<PlotModel>; frame: HTMLIFrameElement; posted: unknown[][] } {
  const model = new FakeModel<PlotModel>(plotTraits({ status: "ready", url: VIEW_URL, snapshot }));
  mount.track(render({ model, el: mount.el }));
  const frame = mount.el.querySelector("iframe");
  if (!frame?.contentWindow) throw new Error("no frame");
  const posted: unknown[][] = [];
  frame.contentWindow.postMessage = ((...args: unknown[]) => posted.push(args)) as Window["postMessage"];
  return { model, frame, posted };
}

function fromFrame(frame: HTMLIFrameElement, data: unknown, origin = ORIGIN): void {
  window.dispatchEvent(new MessageEvent("message", { data, origin, source: frame.contentWindow }));
}

const HELLO = { type: "graphistry:viewer-loaded", dataset: "abc123" };

describe("the plot view's snapshot", () => {
  it("is asked of the viewer, at the frame's exact origin, once it says it listens", () => {
    const { frame, posted } = shown();
    fromFrame(frame, HELLO);
    expect(posted).toContainEqual([{ type: "graphistry:snapshot-request", dataset: "abc123" }, ORIGIN]);
  });

  it("goes to the kernel as a snapshot message with the PNG as its buffer", () => {
    const { model, frame } = shown();
    const png = new Uint8Array([137, 80, 78, 71]).buffer;
    fromFrame(frame, { type: "graphistry:snapshot", dataset: "abc123", png });
    expect(model.sent).toEqual([{ type: "snapshot", dataset: "abc123" }]);
    expect(model.sentBuffers).toEqual([[png]]);
  });

  it("is taken only from the frame, at its origin, of the dataset it shows", () => {
    const { model, frame } = shown();
    const png = new Uint8Array([1]).buffer;
    fromFrame(frame, { type: "graphistry:snapshot", dataset: "abc123", png }, "http://evil.example");
    fromFrame(frame, { type: "graphistry:snapshot", dataset: "other", png });
    window.dispatchEvent(new MessageEvent("message", { data: { type: "graphistry:snapshot", dataset: "abc123", png }, origin: ORIGIN }));
    expect(model.sent).toEqual([]);
  });

  it("is neither asked for nor passed on when the plot's snapshot is off", () => {
    const { model, frame, posted } = shown(false);
    fromFrame(frame, HELLO);
    fromFrame(frame, { type: "graphistry:snapshot", dataset: "abc123", png: new Uint8Array([1]).buffer });
    expect(posted.map(([message]) => (message as { type: string }).type)).toEqual(["graphistry:theme"]);
    expect(model.sent).toEqual([]);
  });
});
