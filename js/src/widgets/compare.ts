// Compare view: the plot view of each child PlotWidget, side by side in a grid that wraps on
// narrow screens, as a comparison tool. Above each pane a one-line summary (server, user, rows,
// upload time) marks what differs between panes; panes of the same graph share pan, zoom and
// selection while "Link views" is on (link_relay.ts); a note about signing in, the same for
// every pane, shows once for the whole widget.
import type { AnyModel, AnyWidget, RenderProps } from "@anywidget/types";
import { differingKeys, summaryParts, type SummaryPart } from "./compare_summary";
import { COMPARE_DEFAULTS } from "./defaults";
import { h, onTraits, setShown, setText, uniqueId } from "./dom";
import { holdControls, noKernelNotice, watchKernel } from "./kernel";
import { createLinkRelay, type Pane } from "./link_relay";
import { mountPlotView } from "./plot_view";
import type { CompareModel, PlotModel } from "./types";

const REF_PREFIX = "IPY_MODEL_";
const SUMMARY_TRAITS: ReadonlyArray<keyof PlotModel & string> = [
  "status",
  "account_user",
  "account_server",
  "account_label",
  "edge_rows",
  "node_rows",
  "uploaded_at",
];

type Cell = {
  ref: string;
  el: HTMLDivElement;
  summary: HTMLParagraphElement;
  model: AnyModel<PlotModel> | null;
  note: string;
  alive: boolean;
  unmount: () => void;
};

/** The model id inside an ipywidgets reference "IPY_MODEL_<id>" (anywidget does not unpack them). */
export function modelIdOf(ref: string): string {
  return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
}

/**
 * The notes of the panes, said once: one sentence when every pane that has a note has the same,
 * else each pane's, named by its account.
 */
export function combinedNote(notes: ReadonlyArray<{ label: string; note: string }>): string {
  const given = notes.filter(({ note }) => note !== "");
  const distinct = new Set(given.map(({ note }) => note));
  if (distinct.size <= 1) return given[0]?.note ?? "";
  return given.map(({ label, note }) => `${label || "account"}: ${note}`).join(" ");
}

export function render({ model, el }: Pick<RenderProps<CompareModel>, "model" | "el">): () => void {
  const linkId = uniqueId("compare-link");
  const linkBox = h("input", { id: linkId, type: "checkbox", class: "gj-checkbox", checked: true });
  const linkField = h("span", { class: "gj-check gj-compare-link" }, [
    linkBox,
    h("label", { for: linkId, title: "Panes of the same graph pan, zoom and select together" }, ["Link views"]),
  ]);
  const note = h("p", { class: "gj-plot-note gj-compare-note" });
  const bar = h("div", { class: "gj-compare-bar" }, [linkField, note]);
  const grid = h("div", { class: "gj-compare-grid" });
  // One "No kernel" for all the panes.
  const notice = noKernelNotice();
  const root = h("div", { class: "gj-root gj-compare", role: "group", "aria-label": "Compare plots" }, [notice, bar, grid]);
  el.append(root);
  const kernel = watchKernel(el, model);
  const updateKernel = (): void => holdControls(root, notice, kernel.live);

  let cells: Cell[] = [];
  let disposed = false;
  const events = new AbortController();
  const stops: Array<() => void> = [];

  const panes = (): Pane[] =>
    cells.map((cell) => {
      const frame = cell.el.querySelector<HTMLIFrameElement>("iframe.gj-frame");
      return { window: frame?.contentWindow ?? null, url: frame?.src ?? "" };
    });
  const relay = createLinkRelay(window, panes, linkBox.checked);
  linkBox.addEventListener("change", () => relay.setEnabled(linkBox.checked), { signal: events.signal });

  const updateSummaries = (): void => {
    const now = new Date();
    const parts = cells.map((cell) =>
      cell.model === null
        ? []
        : summaryParts(
            {
              user: cell.model.get("account_user") ?? "",
              server: cell.model.get("account_server") ?? "",
              status: cell.model.get("status") ?? "",
              edgeRows: cell.model.get("edge_rows") ?? 0,
              nodeRows: cell.model.get("node_rows") ?? 0,
              uploadedAt: cell.model.get("uploaded_at") ?? 0,
            },
            now,
          ),
    );
    const differing = differingKeys(parts.filter((list) => list.length > 0));
    cells.forEach((cell, i) => renderSummary(cell.summary, parts[i] ?? [], differing));
  };

  const updateNote = (): void => {
    const text = combinedNote(cells.map((cell) => ({ label: cell.model?.get("account_label") ?? "", note: cell.note })));
    setText(note, text);
    setShown(note, text !== "");
  };

  const updateBar = (): void => {
    setShown(linkField, cells.length > 1);
    setShown(bar, cells.length > 1 || note.textContent !== "");
  };

  const createCell = (ref: string): Cell => {
    const summary = h("p", { class: "gj-compare-summary" });
    const cell: Cell = {
      ref,
      el: h("div", { class: "gj-compare-cell" }, [summary]),
      summary,
      model: null,
      note: "",
      alive: true,
      unmount: () => {},
    };
    model.widget_manager.get_model<PlotModel>(modelIdOf(ref)).then(
      (child: AnyModel<PlotModel>) => {
        // The list may have changed, or the view gone, while the model was on its way.
        if (disposed || !cell.alive) return;
        cell.model = child;
        const unmountPlot = mountPlotView(child, cell.el, {
          kernel,
          saysNoKernel: false,
          onNote: (text) => {
            if (cell.note === text) return;
            cell.note = text;
            updateNote();
            updateBar();
          },
        });
        const stopSummary = onTraits(child, SUMMARY_TRAITS, updateSummaries);
        cell.unmount = () => {
          stopSummary();
          unmountPlot();
        };
        updateSummaries();
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
    updateSummaries();
    updateNote();
    updateBar();
  };

  const updateColumns = (): void => {
    const min = model.get("columns_min_px");
    const px = Number.isFinite(min) && min > 0 ? Math.round(min) : COMPARE_DEFAULTS.columns_min_px;
    // min(px, 100%): one column never overflows a container narrower than `px`.
    grid.style.setProperty("grid-template-columns", `repeat(auto-fit, minmax(min(${px}px, 100%), 1fr))`);
  };

  stops.push(
    onTraits(model, ["views"], updateViews),
    onTraits(model, ["columns_min_px"], updateColumns),
    kernel.onChange(updateKernel),
  );
  updateKernel();
  updateColumns();
  updateViews();

  return () => {
    disposed = true;
    for (const stop of stops) stop();
    kernel.dispose();
    relay.dispose();
    events.abort();
    for (const cell of cells) {
      cell.alive = false;
      cell.unmount();
    }
    cells = [];
    root.remove();
  };
}

/** Fills a pane's summary line; a part whose value differs between panes is marked. */
function renderSummary(element: HTMLElement, parts: readonly SummaryPart[], differing: ReadonlySet<SummaryPart["key"]>): void {
  const children: Array<Node | string> = [];
  parts.forEach((part, i) => {
    if (i > 0) children.push(h("span", { class: "gj-sep", "aria-hidden": "true" }, [" · "]));
    const differs = differing.has(part.key);
    const item = h("span", { class: `gj-summary-${part.key}${differs ? " gj-differs" : ""}` }, [part.text]);
    if (differs) {
      item.title = "Differs between the panes";
      item.append(h("span", { class: "gj-visually-hidden" }, [" (differs)"]));
    }
    children.push(item);
  });
  element.replaceChildren(...children);
  element.hidden = parts.length === 0;
}

export default { render } satisfies AnyWidget<CompareModel>;
