// PlotWidget view: one inline plot (see plot_view.ts).
import type { AnyWidget, RenderProps } from "@anywidget/types";
import { mountPlotView } from "./plot_view";
import type { PlotModel } from "./types";

export function render({ model, el }: Pick<RenderProps<PlotModel>, "model" | "el">): () => void {
  return mountPlotView(model, el);
}

export default { render } satisfies AnyWidget<PlotModel>;
