import { describe, expect, it, vi } from "vitest";

import { combinedNote, render } from "../../src/widgets/compare";
import { COMPARE_DEFAULTS } from "../../src/widgets/defaults";
import type { CompareModel, PlotModel } from "../../src/widgets/types";
import { FakeModel, byLabel, isShown } from "./fake_model";
import { useMountPoint } from "./mount";
import { VIEW_URL, plotTraits } from "./plot_helpers";

const mount = useMountPoint();

function children(): Record<string, FakeModel<PlotModel>> {
  return {
    m1: new FakeModel<PlotModel>(plotTraits({ status: "ready", url: `${VIEW_URL}&a=1`, uploaded_at: 1_700_000_000 })),
    m2: new FakeModel<PlotModel>(
      plotTraits({
        status: "ready",
        url: "http://127.0.0.1:9000/graph/graph.html?dataset=def456",
        account_label: "staging",
        account_user: "bob",
        account_server: "127.0.0.1:9000",
        uploaded_at: 1_700_000_010,
      }),
    ),
  };
}

function show(models: Record<string, FakeModel<PlotModel>>): FakeModel<CompareModel> {
  const model = new FakeModel<CompareModel>(
    { ...COMPARE_DEFAULTS, views: Object.keys(models).map((id) => `IPY_MODEL_${id}`) },
    models as unknown as Record<string, FakeModel<Record<string, unknown>>>,
  );
  mount.track(render({ model, el: mount.el }));
  return model;
}

const summaries = (): HTMLElement[] => [...mount.el.querySelectorAll<HTMLElement>(".gj-compare-summary")];

describe("compare() as a comparison tool", () => {
  it("a summary per pane, marking what differs", async () => {
    show(children());
    await vi.waitFor(() => expect(mount.el.querySelectorAll("iframe")).toHaveLength(2));
    const [left, right] = summaries();
    const parts = [...(left?.querySelectorAll<HTMLElement>("[class^='gj-summary-']") ?? [])].map((el) => el.firstChild?.textContent);
    expect(parts).toEqual(["127.0.0.1:8000", "alice", "3 edges", expect.stringMatching(/^uploaded \d/)]);
    expect(right?.textContent).toContain("bob");
    expect([...(left?.querySelectorAll(".gj-differs") ?? [])].map((el) => el.className)).toEqual([
      "gj-summary-server gj-differs",
      "gj-summary-user gj-differs",
    ]);
  });

  it("a row count that differs stands out when it changes", async () => {
    const models = children();
    show(models);
    await vi.waitFor(() => expect(summaries()[0]?.textContent).toContain("3 edges"));
    models.m2?.update({ edge_rows: 4 });
    expect(summaries()[0]?.querySelector(".gj-summary-rows")?.classList.contains("gj-differs")).toBe(true);
  });

  it("a 'Link views' toggle, on by default, that tells the panes when it changes", async () => {
    show(children());
    await vi.waitFor(() => expect(mount.el.querySelectorAll("iframe")).toHaveLength(2));
    const toggle = byLabel(mount.el, "Link views");
    expect(toggle.checked).toBe(true);
    const frames = [...mount.el.querySelectorAll("iframe")];
    const posted: unknown[][] = [];
    for (const frame of frames) {
      if (frame.contentWindow) frame.contentWindow.postMessage = ((...args: unknown[]) => posted.push(args)) as Window["postMessage"];
    }
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    expect(posted).toEqual([
      [{ type: "graphistry:link", enabled: false }, "http://127.0.0.1:8000"],
      [{ type: "graphistry:link", enabled: false }, "http://127.0.0.1:9000"],
    ]);
  });

  it("says a sign-in note once for all panes, not in each", async () => {
    const models = children();
    show(models);
    await vi.waitFor(() => expect(mount.el.querySelectorAll("iframe")).toHaveLength(2));
    const reason = "This server does not support single sign-in: sign in inside the frame.";
    for (const [id, child] of Object.entries(models)) {
      child.receive({ type: "no_grant", dataset: id === "m1" ? "abc123" : "def456", to: "frame", reason, unsupported: true });
    }
    const shown = [...mount.el.querySelectorAll<HTMLElement>(".gj-plot-note")].filter((el) => isShown(el));
    expect(shown.map((el) => el.textContent)).toEqual([reason]);
    expect(shown[0]?.classList.contains("gj-compare-note")).toBe(true);
  });
});

describe("combinedNote", () => {
  it("one sentence when the panes agree, each pane's when they do not", () => {
    expect(combinedNote([{ label: "a", note: "" }, { label: "b", note: "" }])).toBe("");
    expect(combinedNote([{ label: "a", note: "x." }, { label: "b", note: "x." }])).toBe("x.");
    expect(combinedNote([{ label: "a", note: "x." }, { label: "b", note: "" }])).toBe("x.");
    expect(combinedNote([{ label: "a", note: "x." }, { label: "b", note: "y." }])).toBe("a: x. b: y.");
  });
});
