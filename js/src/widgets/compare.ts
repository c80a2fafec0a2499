// Compare view: the plot view of each child PlotWidget, side by side in a grid that wraps on
// narrow screens. Each cell is labelled by its plot view (the account badge and group name).
import type { AnyModel, AnyWidget, RenderProps } from "@anywidget/types";
import { COMPARE_DEFAULTS } from "./defaults";
import { h, onTraits } from "./dom";
import { mountPlotView } from "./plot_view";
import type { CompareModel, PlotModel } from "./types";

const REF_PREFIX = "IPY_MODEL_";

type Cell = { ref: string; el: HTMLDivElement; alive: boolean; unmount: () => void };

/** The model id inside an ipywidgets reference "IPY_MODEL_<id>" (anywidget does not unpack them). */
export function modelIdOf(ref: string): string {
  return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
}

export function render({ model, el }: Pick<RenderProps<CompareModel>, "model" | "el">): () => void {
  const grid = h("div", { class: "gj-compare-grid" });
  const root = h("div", { class: "gj-root gj-compare" }, [grid]);
  el.append(root);

  let cells: Cell[] = [];
  let disposed = false;

  const createCell = (ref: string): Cell => {
    const cell: Cell = { ref, el: h("div", { class: "gj-compare-cell" }), alive: true, unmount: () => {} };
    model.widget_manager.get_model<PlotModel>(modelIdOf(ref)).then(
      (child: AnyModel<PlotModel>) => {
        // The list may have changed, or the view gone, while the model was on its way.
        if (disposed || !cell.alive) return;
        cell.unmount = mountPlotView(child, cell.el);
      },
      () => {
        if (disposed || !cell.alive) return;
        cell.el.append(h("div", { class: "gj-alert", role: "alert" }, ["This plot could not be loaded."]));
      },
    );
    return cell;
  };

  const updateViews = (): void => {
    const refs = model.get("views") ?? [];
    const previous = new Map(cells.map((cell) => [cell.ref, cell]));
    const next = refs.map((ref) => {
      const kept = previous.get(ref);
      if (!kept) return createCell(ref);
      previous.delete(ref);
      return kept;
    });
    for (const gone of previous.values()) {
      gone.alive = false;
      gone.unmount();
      gone.el.remove();
    }
    cells = next;
    // Move a node only when it is out of place: moving an iframe reloads it.
    cells.forEach((cell, i) => {
      if (grid.children[i] !== cell.el) grid.insertBefore(cell.el, grid.children[i] ?? null);
    });
  };

  const updateColumns = (): void => {
    const min = model.get("columns_min_px");
    const px = Number.isFinite(min) && min > 0 ? Math.round(min) : COMPARE_DEFAULTS.columns_min_px;
    // min(px, 100%): one column never overflows a container narrower than `px`.
    grid.style.setProperty("grid-template-columns", `repeat(auto-fit, minmax(min(${px}px, 100%), 1fr))`);
  };

  const stopViews = onTraits(model, ["views"], updateViews);
  const stopColumns = onTraits(model, ["columns_min_px"], updateColumns);
  updateColumns();
  updateViews();

  return () => {
    disposed = true;
    stopViews();
    stopColumns();
    for (const cell of cells) {
      cell.alive = false;
      cell.unmount();
    }
    cells = [];
    root.remove();
  };
}

export default { render } satisfies AnyWidget<CompareModel>;
