// PlotWidget view: one inline plot (see plot_view.ts).
import type { AnyWidget, InitializeProps, RenderProps } from "@anywidget/types";
import { PLOT_DEFAULTS } from "./defaults";
import { watchKernel } from "./kernel";
import { mountPlotView } from "./plot_view";
import { PLOT_SETTLED, reportSettled } from "./settle";
import type { PlotModel } from "./types";

export function render({ model, el }: Pick<RenderProps<PlotModel>, "model" | "el">): () => void {
  const kernel = watchKernel(el, model);
  const unmount = mountPlotView(model, el, { kernel });
  return () => {
    unmount();
    kernel.dispose();
  };
}

export function initialize({ model }: Pick<InitializeProps<PlotModel>, "model">): () => void {
  return reportSettled(model, PLOT_SETTLED, PLOT_DEFAULTS.status);
}

export default { initialize, render } satisfies AnyWidget<PlotModel>;
