import { describe, expect, it, vi } from "vitest";
import { modelIdOf, render } from "../../src/widgets/compare";
import type { CompareModel, PlotModel } from "../../src/widgets/types";
import { useMountPoint } from "./mount";
import { FakeModel } from "./fake_model";
import { VIEW_URL, plotTraits } from "./plot_helpers";

const mount = useMountPoint();

function children(): Record<string, FakeModel<PlotModel>> {
  return {
    m1: new FakeModel<PlotModel>(plotTraits({ status: "ready", url: `${VIEW_URL}&a=1` })),
    m2: new FakeModel<PlotModel>(
      plotTraits({
        status: "ready",
        url: `${VIEW_URL}&a=2`,
        account_label: "staging",
        account_user: "bob",
        account_server: "staging.local:8000",
      }),
    ),
    m3: new FakeModel<PlotModel>(plotTraits({ status: "waiting", account_label: "dev" })),
  };
}

function show(
  models: Record<string, FakeModel<PlotModel>>,
  traits: Partial<CompareModel> = {},
): FakeModel<CompareModel> {
  const model = new FakeModel<CompareModel>(
    { settle_count: 0, views: ["IPY_MODEL_m1", "IPY_MODEL_m2"], columns_min_px: 420, ...traits },
    models as unknown as Record<string, FakeModel<Record<string, unknown>>>,
  );
  mount.track(render({ model, el: mount.el }));
  return model;
}

const cells = (): HTMLElement[] => [...mount.el.querySelectorAll<HTMLElement>(".gj-compare-cell")];
const badges = (): string[] => [...mount.el.querySelectorAll(".gj-badge")].map((b) => b.textContent ?? "");

describe("compare", () => {
  it("unpacks ipywidgets model references", () => {
    expect(modelIdOf("IPY_MODEL_abc")).toBe("abc");
  });

  it("renders one cell per child plot, each labelled with its account", async () => {
    show(children());
    await vi.waitFor(() => expect(mount.el.querySelectorAll("iframe")).toHaveLength(2));
    expect(cells()).toHaveLength(2);
    expect(badges()).toEqual(["prod", "staging"]);
    const groups = cells().map((cell) => cell.querySelector('[role="group"]')?.getAttribute("aria-label"));
    expect(groups).toEqual(["Plot on prod (alice@127.0.0.1:8000)", "Plot on staging (bob@staging.local:8000)"]);
  });

  it("lays the cells out in a grid that wraps at columns_min_px", () => {
    const model = show(children());
    const grid = mount.el.querySelector<HTMLElement>(".gj-compare-grid");
    expect(grid?.style.getPropertyValue("grid-template-columns")).toBe(
      "repeat(auto-fit, minmax(min(420px, 100%), 1fr))",
    );
    model.update({ columns_min_px: 300 });
    expect(grid?.style.getPropertyValue("grid-template-columns")).toContain("300px");
  });

  it("follows each child's traits", async () => {
    const models = children();
    show(models);
    await vi.waitFor(() => expect(mount.el.querySelectorAll("iframe")).toHaveLength(2));
    models.m2?.update({ status: "error", error: "Upload failed." });
    expect(mount.el.querySelector('[role="alert"]:not([hidden])')?.textContent).toBe("Upload failed.");
  });

  it("adds and removes cells as views change, keeping the iframes of the others", async () => {
    const models = children();
    const model = show(models);
    await vi.waitFor(() => expect(mount.el.querySelectorAll("iframe")).toHaveLength(2));
    const first = mount.el.querySelector("iframe");

    model.update({ views: ["IPY_MODEL_m1", "IPY_MODEL_m3"] });
    await vi.waitFor(() => expect(badges()).toEqual(["prod", "dev"]));
    expect(mount.el.querySelector("iframe")).toBe(first);
    expect(models.m2?.listenerCount()).toBe(0);
  });

  it("says so in the cell when a child model cannot be found", async () => {
    show(children(), { views: ["IPY_MODEL_missing"] });
    await vi.waitFor(() =>
      expect(mount.el.querySelector('[role="alert"]')?.textContent).toBe("This plot could not be loaded."),
    );
  });

  it("releases every child's listeners on cleanup", async () => {
    const models = children();
    const model = show(models);
    await vi.waitFor(() => expect(mount.el.querySelectorAll("iframe")).toHaveLength(2));
    mount.releaseAll();
    expect(model.listenerCount()).toBe(0);
    expect(models.m1?.listenerCount()).toBe(0);
    expect(models.m2?.listenerCount()).toBe(0);
    expect(mount.el.children).toHaveLength(0);
  });
});
