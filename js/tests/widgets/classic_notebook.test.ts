import { afterEach, describe, expect, it, vi } from "vitest";

import {
  WIDGET_VIEW_MIME,
  classicNotebook,
  keepClassicOutput,
  keepModelId,
  keptInClassicNotebook,
  modelRegistry,
  outputDataShowing,
  type ClassicNotebook,
} from "../../src/widgets/classic_notebook";
import loginWidget from "../../src/widgets/login";
import { LOGIN_DEFAULTS } from "../../src/widgets/defaults";
import type { LoginModel } from "../../src/widgets/types";
import { FakeModel } from "./fake_model";

type Output = { output_type: string; data?: Record<string, unknown> };

/** A classic cell's output area: one `.output_area` element per output, as classic Notebook draws them. */
function cell(outputs: Output[]): { element: HTMLElement[]; outputs: Output[]; subareas: HTMLElement[] } {
  const root = document.createElement("div");
  root.className = "output";
  const subareas = outputs.map(() => {
    const area = document.createElement("div");
    area.className = "output_area";
    const subarea = document.createElement("div");
    subarea.className = "output_subarea";
    area.append(subarea);
    root.append(area);
    return subarea;
  });
  document.body.append(root);
  return { element: [root], outputs, subareas };
}

function widgetOutput(modelId: string): Output {
  return { output_type: "execute_result", data: { "text/plain": "w", [WIDGET_VIEW_MIME]: { model_id: modelId } } };
}

function notebookOf(...cells: Array<ReturnType<typeof cell>>): ClassicNotebook {
  return { get_cells: () => cells.map((output_area) => ({ output_area })) };
}

function registry(models: Set<string>): { has_model: (id: string) => boolean } {
  return { has_model: (id: string) => models.has(id) };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe("classicNotebook and modelRegistry", () => {
  it("find classic Notebook's notebook, and a manager that can say whether it has a model", () => {
    const notebook = notebookOf();
    expect(classicNotebook({ Jupyter: { notebook } })).toBe(notebook);
    expect(classicNotebook({})).toBeNull();
    expect(classicNotebook({ Jupyter: {} })).toBeNull();
    expect(classicNotebook({ Jupyter: { notebook: {} } })).toBeNull();
    expect(classicNotebook(null)).toBeNull();
    const manager = registry(new Set());
    expect(modelRegistry(manager)).toBe(manager);
    expect(modelRegistry({ get_model: () => undefined })).toBeNull();
    expect(modelRegistry(undefined)).toBeNull();
  });
});

describe("outputDataShowing", () => {
  it("is the widget-view data of the output whose element holds the view", () => {
    const first = cell([{ output_type: "stream" }, widgetOutput("m1")]);
    const second = cell([widgetOutput("m2"), widgetOutput("m3")]);
    const view = document.createElement("div");
    second.subareas[1]!.append(view);
    expect(outputDataShowing(notebookOf(first, second), view)).toBe(second.outputs[1]!.data![WIDGET_VIEW_MIME]);
    first.subareas[1]!.append(view);
    expect(outputDataShowing(notebookOf(first, second), view)).toBe(first.outputs[1]!.data![WIDGET_VIEW_MIME]);
  });

  it("is null outside every cell's outputs, for an output that is no widget view, and for a blanked one", () => {
    const area = cell([{ output_type: "stream" }, widgetOutput("")]);
    const view = document.createElement("div");
    expect(outputDataShowing(notebookOf(area), view)).toBeNull();
    document.body.append(view);
    expect(outputDataShowing(notebookOf(area), view)).toBeNull();
    area.subareas[0]!.append(view);
    expect(outputDataShowing(notebookOf(area), view)).toBeNull();
    area.subareas[1]!.append(view);
    expect(outputDataShowing(notebookOf(area), view)).toBeNull();
  });
});

describe("keepModelId", () => {
  it("ignores the blanking while the manager has the model, and is saved with the notebook", () => {
    const models = new Set(["m1"]);
    const data: Record<string, unknown> = { model_id: "m1", version_major: 2 };
    expect(keepModelId(data, registry(models))).toBe(true);
    data["model_id"] = "";
    expect(data["model_id"]).toBe("m1");
    expect(JSON.parse(JSON.stringify(data))).toEqual({ model_id: "m1", version_major: 2 });
  });

  it("blanks it once the model is gone (a closed widget), and takes any other id", () => {
    const models = new Set(["m1"]);
    const data: Record<string, unknown> = { model_id: "m1" };
    keepModelId(data, registry(models));
    data["model_id"] = "m2";
    expect(data["model_id"]).toBe("m2");
    data["model_id"] = "";
    expect(data["model_id"]).toBe("");
  });

  it("keeps once (a second view in the same output), and leaves a blank or frozen id alone", () => {
    const models = new Set(["m1"]);
    const data: Record<string, unknown> = { model_id: "m1" };
    expect(keepModelId(data, registry(models))).toBe(true);
    expect(keepModelId(data, registry(new Set()))).toBe(true);
    data["model_id"] = "";
    expect(data["model_id"]).toBe("m1");
    expect(keepModelId({ model_id: "" }, registry(models))).toBe(false);
    const frozen = Object.freeze({ model_id: "m1" });
    expect(keepModelId(frozen, registry(models))).toBe(false);
  });
});

describe("keepClassicOutput", () => {
  it("keeps the output's model id once the manager attaches the view's element", async () => {
    const area = cell([widgetOutput("m1")]);
    const data = area.outputs[0]!.data![WIDGET_VIEW_MIME] as Record<string, unknown>;
    const el = document.createElement("div");
    keepClassicOutput(el, registry(new Set(["m1"])), { Jupyter: { notebook: notebookOf(area) } });
    data["model_id"] = "";
    expect(data["model_id"]).toBe(""); // not attached yet: nothing kept
    data["model_id"] = "m1";
    area.subareas[0]!.append(el);
    await Promise.resolve(); // the mutation observer's microtask
    data["model_id"] = "";
    expect(data["model_id"]).toBe("m1");
  });

  it("keeps it at once for an element already attached, and does nothing elsewhere or once stopped", async () => {
    const models = registry(new Set(["m1"]));
    const attached = cell([widgetOutput("m1")]);
    const el = document.createElement("div");
    attached.subareas[0]!.append(el);
    keepClassicOutput(el, models, { Jupyter: { notebook: notebookOf(attached) } });
    const data = attached.outputs[0]!.data![WIDGET_VIEW_MIME] as Record<string, unknown>;
    data["model_id"] = "";
    expect(data["model_id"]).toBe("m1");

    const lab = cell([widgetOutput("m1")]);
    const inLab = document.createElement("div");
    lab.subareas[0]!.append(inLab);
    keepClassicOutput(inLab, models, {});
    const labData = lab.outputs[0]!.data![WIDGET_VIEW_MIME] as Record<string, unknown>;
    labData["model_id"] = "";
    expect(labData["model_id"]).toBe("");

    const later = cell([widgetOutput("m1")]);
    const stopped = document.createElement("div");
    keepClassicOutput(stopped, models, { Jupyter: { notebook: notebookOf(later) } })();
    later.subareas[0]!.append(stopped);
    await Promise.resolve();
    const laterData = later.outputs[0]!.data![WIDGET_VIEW_MIME] as Record<string, unknown>;
    laterData["model_id"] = "";
    expect(laterData["model_id"]).toBe("");
  });

  it("stops waiting for an element the manager never attaches", () => {
    vi.useFakeTimers();
    try {
      const area = cell([widgetOutput("m1")]);
      const el = document.createElement("div");
      const disconnect = vi.spyOn(MutationObserver.prototype, "disconnect");
      keepClassicOutput(el, registry(new Set(["m1"])), { Jupyter: { notebook: notebookOf(area) } });
      expect(disconnect).not.toHaveBeenCalled();
      vi.advanceTimersByTime(30_000);
      expect(disconnect).toHaveBeenCalledTimes(1);
      disconnect.mockRestore();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("keptInClassicNotebook", () => {
  it("renders with the widget's render, keeps the output in classic Notebook, and cleans up with it", () => {
    const area = cell([widgetOutput("m1")]);
    const el = document.createElement("div");
    area.subareas[0]!.append(el);
    const model = { widget_manager: registry(new Set(["m1"])) };
    const calls: unknown[] = [];
    const initialize = (): void => {};
    const widget = keptInClassicNotebook({
      initialize,
      render: (props: { el: HTMLElement; model: typeof model }) => {
        calls.push(["render", props.el, props.model]);
        return () => calls.push("cleanup");
      },
    });
    const win = globalThis as { Jupyter?: unknown };
    win.Jupyter = { notebook: notebookOf(area) };
    try {
      const cleanup = widget.render({ el, model });
      expect(widget.initialize).toBe(initialize);
      expect(calls).toEqual([["render", el, model]]);
      const data = area.outputs[0]!.data![WIDGET_VIEW_MIME] as Record<string, unknown>;
      data["model_id"] = "";
      expect(data["model_id"]).toBe("m1");
      cleanup();
      expect(calls).toEqual([["render", el, model], "cleanup"]);
    } finally {
      delete win.Jupyter;
    }
  });

  it("wraps the views as built: the login view renders unchanged outside classic Notebook", () => {
    const model = new FakeModel<LoginModel>({ ...LOGIN_DEFAULTS });
    const el = document.createElement("div");
    document.body.append(el);
    const cleanup = keptInClassicNotebook(loginWidget).render({ model, el });
    expect(el.querySelector(".gj-login")).not.toBeNull();
    cleanup();
  });
});
