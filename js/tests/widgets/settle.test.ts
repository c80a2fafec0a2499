import { describe, expect, it } from "vitest";
import { LOGIN_DEFAULTS } from "../../src/widgets/defaults";
import { initialize as initializeLogin } from "../../src/widgets/login";
import { initialize as initializePlot } from "../../src/widgets/plot";
import type { LoginModel, PlotModel } from "../../src/widgets/types";
import { FakeModel } from "./fake_model";
import { plotTraits } from "./plot_helpers";

describe("a settled status is written back by the front end (for hosts such as marimo)", () => {
  it("login: each finished or failed login counts once and is saved; logging in is not", () => {
    const model = new FakeModel<LoginModel>({ ...LOGIN_DEFAULTS });
    initializeLogin({ model });

    model.update({ status: "logging_in" });
    expect(model.saves).toEqual([]);

    model.update({ status: "logged_in", username: "alice" });
    expect(model.get("settle_count")).toBe(1);
    expect(model.saves.map((state) => state.settle_count)).toEqual([1]);

    model.update({ status: "logged_out", username: "" });
    model.update({ status: "sso_pending" });
    model.update({ status: "error", error: "The server did not answer." });
    expect(model.saves.map((state) => state.settle_count)).toEqual([1, 2, 3]);
  });

  it("plot: ready and error count, a re-plot's upload does not, and its ready counts again", () => {
    const model = new FakeModel<PlotModel>(plotTraits({ status: "waiting" }));
    initializePlot({ model });

    model.update({ status: "uploading" });
    model.update({ status: "ready", url: "http://127.0.0.1:8000/graph/graph.html?dataset=a" });
    model.update({ status: "uploading" });
    model.update({ status: "ready", url: "http://127.0.0.1:8000/graph/graph.html?dataset=b" });

    expect(model.saves.map((state) => state.settle_count)).toEqual([1, 2]);
    expect(model.sets.map(([key]) => key)).toEqual(["settle_count", "settle_count"]);
  });

  it("a plot already ready when the module has loaded is counted at once, and only once", () => {
    const model = new FakeModel<PlotModel>(plotTraits({ status: "ready" }));
    initializePlot({ model });

    expect(model.saves.map((state) => state.settle_count)).toEqual([1]);
    model.update({ status: "uploading" });
    model.update({ status: "ready" });
    expect(model.saves.map((state) => state.settle_count)).toEqual([1, 2]);
  });

  it("a widget still as it was made, or already counted, is not counted when it loads", () => {
    const fresh = new FakeModel<LoginModel>({ ...LOGIN_DEFAULTS });
    initializeLogin({ model: fresh });
    const counted = new FakeModel<PlotModel>(plotTraits({ status: "ready", settle_count: 3 }));
    initializePlot({ model: counted });

    expect(fresh.saves).toEqual([]);
    expect(counted.saves).toEqual([]);
  });

  it("only ever writes `settle_count`, and stops listening when the model goes", () => {
    const model = new FakeModel<PlotModel>(plotTraits({ status: "uploading" }));
    const stop = initializePlot({ model });
    const before = model.listenerCount();

    stop();
    model.update({ status: "ready" });

    expect(model.listenerCount()).toBe(before - 1);
    expect(model.sets).toEqual([]);
  });
});
