// SwitcherWidget view: an "Account" select above the plot view of the current account.
import type { AnyWidget, InitializeProps, RenderProps } from "@anywidget/types";
import type { SwitcherViewMessage } from "../protocol/widget_messages";
import { h, onTraits, uniqueId } from "./dom";
import { holdControls, noKernelNotice, watchKernel } from "./kernel";
import { mountPlotView } from "./plot_view";
import { PLOT_DEFAULTS } from "./defaults";
import { PLOT_SETTLED, reportSettled } from "./settle";
import type { AccountOption, SwitcherModel } from "./types";

export function render({ model, el }: Pick<RenderProps<SwitcherModel>, "model" | "el">): () => void {
  const events = new AbortController();
  const selectId = uniqueId("switcher");
  const accountSelect = h("select", { id: selectId, class: "gj-select" });
  const root = h("div", { class: "gj-root gj-switcher" }, [
    h("div", { class: "gj-field gj-inline" }, [h("label", { for: selectId }, ["Account"]), accountSelect]),
  ]);
  const plotBox = h("div", { class: "gj-switcher-plot" });
  root.append(plotBox);
  el.append(root);
  const kernel = watchKernel(el, model);
  // The plot view below says "No kernel" for the whole switcher.
  const selectBox = root.firstElementChild as HTMLElement;
  const notice = noKernelNotice();

  let shownOptions = "";
  const update = (): void => {
    const options: AccountOption[] = model.get("options") ?? [];
    // Rebuild the options only when they changed: rebuilding closes an open dropdown.
    const key = JSON.stringify(options);
    if (key !== shownOptions) {
      shownOptions = key;
      accountSelect.replaceChildren(
        ...(options.length
          ? options.map((option) => h("option", { value: option.id }, [option.name]))
          : [h("option", { value: "" }, ["No account logged in"])]),
      );
    }
    accountSelect.disabled = options.length === 0;
    accountSelect.value = model.get("selected");
    if (!kernel.live) holdControls(selectBox, notice, false);
  };

  accountSelect.addEventListener(
    "change",
    () => {
      // Python moves the plot and then sets `selected`: the select follows the trait.
      model.send({ type: "select", id: accountSelect.value } satisfies SwitcherViewMessage);
    },
    { signal: events.signal },
  );
  const stop = onTraits(model, ["options", "selected"], update);
  const stopKernel = kernel.onChange(() => {
    holdControls(selectBox, notice, kernel.live);
    update();
  });
  update();
  const unmountPlot = mountPlotView(model, plotBox, { kernel });

  return () => {
    stopKernel();
    kernel.dispose();
    stop();
    events.abort();
    unmountPlot();
    root.remove();
  };
}

export function initialize({ model }: Pick<InitializeProps<SwitcherModel>, "model">): () => void {
  return reportSettled(model, PLOT_SETTLED, PLOT_DEFAULTS.status);
}

export default { initialize, render } satisfies AnyWidget<SwitcherModel>;
