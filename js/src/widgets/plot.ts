// PlotWidget view: one inline plot (see plot_view.ts).
import type { AnyWidget, InitializeProps, RenderProps } from "@anywidget/types";
import { PLOT_DEFAULTS } from "./defaults";
import { mountPlotView } from "./plot_view";
import { PLOT_SETTLED, reportSettled } from "./settle";
import type { PlotModel } from "./types";

export function render({ model, el }: Pick<RenderProps<PlotModel>, "model" | "el">): () => void {
  return mountPlotView(model, el);
}

export function initialize({ model }: Pick<InitializeProps<PlotModel>, "model">): () => void {
  return reportSettled(model, PLOT_SETTLED, PLOT_DEFAULTS.status);
}

export default { initialize, render } satisfies AnyWidget<PlotModel>;
