// Telling the host that a widget's status settled.
//
// A login finishes, and a plot becomes ready, on a Python worker thread: the new state reaches the
// front end, but a host that re-runs code only when a *view* writes widget state never hears of it.
// marimo is one: it re-runs the cells that read a `mo.ui.anywidget(...)` element when the element's
// front end sends an update, never for a change made in Python. So the front end answers each
// settled status by counting it in the `settle_count` trait, which Python never writes. It runs once per
// model (anywidget's `initialize`), not once per view; in Jupyter it is one small state update.
//
// `initialize` runs only once the widget's module has loaded, and a fast plot can be ready by
// then: a status that has already settled away from the widget's first one, and was never
// counted, is counted at once (at worst the host re-runs the reading cells once more).
import type { AnyModel } from "@anywidget/types";
import type { ViewModel } from "./types";

export const LOGIN_SETTLED: readonly string[] = ["logged_in", "logged_out", "expired", "error"];
export const PLOT_SETTLED: readonly string[] = ["ready", "error"];

type Settling = ViewModel & { status: string };

/**
 * Counts each change of `status` into one of `settledStatuses`, and a status that settled before
 * this ran (other than `firstStatus`, the widget's status when made); returns the undo.
 */
export function reportSettled<T extends Settling>(
  model: AnyModel<T>,
  settledStatuses: readonly string[],
  firstStatus: string,
): () => void {
  const counted = model as unknown as AnyModel<Settling>;
  const onStatus = (): void => {
    if (!settledStatuses.includes(counted.get("status"))) return;
    counted.set("settle_count", counted.get("settle_count") + 1);
    counted.save_changes();
  };
  if (counted.get("settle_count") === 0 && counted.get("status") !== firstStatus) onStatus();
  counted.on("change:status", onStatus);
  return () => counted.off("change:status", onStatus);
}
