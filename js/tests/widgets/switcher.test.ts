import { describe, expect, it } from "vitest";
import { render } from "../../src/widgets/switcher";
import type { SwitcherModel } from "../../src/widgets/types";
import { useMountPoint } from "./mount";
import { FakeModel, button, byLabel, choose } from "./fake_model";
import { VIEW_URL, plotTraits } from "./plot_helpers";

const OPTIONS = [
  { id: "a1", name: "prod (alice@hub.local:8000)" },
  { id: "b2", name: "staging (bob@staging.local:8000)" },
];

const mount = useMountPoint();

function show(overrides: Partial<SwitcherModel> = {}): FakeModel<SwitcherModel> {
  const model = new FakeModel<SwitcherModel>({
    ...plotTraits({ status: "ready", url: VIEW_URL }),
    options: OPTIONS,
    selected: "a1",
    ...overrides,
  });
  mount.track(render({ model, el: mount.el }));
  return model;
}

describe("switcher", () => {
  it("offers the accounts in a select labelled Account, showing the selected one", () => {
    show({ selected: "b2" });
    const select = byLabel<HTMLSelectElement>(mount.el, "Account");
    expect([...select.options].map((o) => [o.value, o.text])).toEqual(OPTIONS.map((o) => [o.id, o.name]));
    expect(select.value).toBe("b2");
  });

  it("asks the kernel to move the plot when another account is chosen", () => {
    const model = show();
    choose(byLabel<HTMLSelectElement>(mount.el, "Account"), "b2");
    expect(model.sent).toEqual([{ type: "select", id: "b2" }]);
    expect(model.sets).toEqual([]);
  });

  it("follows the kernel's selected account and option list", () => {
    const model = show();
    model.update({ options: [...OPTIONS, { id: "c3", name: "dev (carol@dev:8000)" }], selected: "c3" });
    const select = byLabel<HTMLSelectElement>(mount.el, "Account");
    expect(select.options).toHaveLength(3);
    expect(select.value).toBe("c3");
  });

  it("shows the plot of the current account below, with its Re-plot", () => {
    const model = show();
    expect(mount.el.querySelector("iframe")?.src).toBe(VIEW_URL);
    expect(mount.el.querySelector(".gj-badge")?.textContent).toBe("prod");
    button(mount.el, "Re-plot").click();
    expect(model.sent).toEqual([{ type: "replot" }]);
  });

  it("keeps the iframe when the selection moves but the URL does not", () => {
    const model = show();
    const frame = mount.el.querySelector("iframe");
    model.update({ selected: "b2", account_label: "staging", status: "uploading" });
    model.update({ status: "ready" });
    expect(mount.el.querySelector("iframe")).toBe(frame);
  });

  it("with no account: a disabled select that says so", () => {
    show({ options: [], selected: "" });
    const select = byLabel<HTMLSelectElement>(mount.el, "Account");
    expect(select.disabled).toBe(true);
    expect(select.options[0]?.text).toBe("No account logged in");
  });

  it("cleans up its listeners and DOM", () => {
    const model = show();
    mount.releaseAll();
    expect(model.listenerCount()).toBe(0);
    expect(mount.el.children).toHaveLength(0);
  });
});
