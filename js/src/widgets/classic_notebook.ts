// Classic Notebook 6 and nbclassic, with the widgets extension (widgetsnbextension 4): keeps a
// view's output from being blanked by the classic widget manager.
//
// The classic manager, created when the kernel starts, first asks the kernel which widgets exist
// and then renders every cell's widget outputs again (for notebooks opened with saved widgets).
// That question waits behind cells already sent to the kernel, so with "Run All" on opening, or
// any cell run before the kernel answers, the outputs those cells made are re-rendered: the
// manager clears each one, which removes its view, and its handler of the view's removal blanks
// the output's `model_id` (meant for a closed widget); the re-render then finds no model id and
// hides the output (`display: none`). Every widget is hit, ipywidgets' own sliders too
// (README: "Classic Notebook 6 and nbclassic").
//
// The fix: once a view's element is in the page, the `model_id` of the output that shows it
// refuses to be blanked while the widget manager still has the model. The re-render then finds
// the model and shows a new view. A closed widget (its model gone) is blanked as before.

/** The mime type of a widget view's output. */
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";

// How long an unattached view waits for the manager to attach it; a view that never is (the
// manager re-rendered its output first) is an orphan, and its observer must not outlive this.
const ATTACH_WAIT_MS = 30_000;

type OutputData = Record<string, unknown>;

/** What this module reads of classic Notebook's notebook, cells and output areas. */
export interface ClassicNotebook {
  get_cells(): ReadonlyArray<{
    output_area?: { element?: ArrayLike<Element>; outputs?: ReadonlyArray<{ data?: OutputData }> };
  }>;
}

/** What this module needs of the widget manager. */
export interface ModelRegistry {
  has_model(modelId: string): boolean;
}

/** Classic Notebook's notebook (`window.Jupyter.notebook`) on this page, or null elsewhere. */
export function classicNotebook(win: unknown): ClassicNotebook | null {
  if (typeof win !== "object" || win === null) return null;
  const jupyter = (win as { Jupyter?: unknown }).Jupyter;
  if (typeof jupyter !== "object" || jupyter === null) return null;
  const notebook = (jupyter as { notebook?: unknown }).notebook;
  if (typeof notebook !== "object" || notebook === null) return null;
  return typeof (notebook as { get_cells?: unknown }).get_cells === "function" ? (notebook as ClassicNotebook) : null;
}

/** The manager behind an anywidget model, when it can say whether it still has a model. */
export function modelRegistry(manager: unknown): ModelRegistry | null {
  if (typeof manager !== "object" || manager === null) return null;
  return typeof (manager as { has_model?: unknown }).has_model === "function" ? (manager as ModelRegistry) : null;
}

/**
 * The widget-view data of the cell output showing `el`: output `i` of a cell is its output
 * area's `i`-th `.output_area` element. Null when `el` is in no cell's output, or that output is
 * not a widget view.
 */
export function outputDataShowing(notebook: ClassicNotebook, el: Element): OutputData | null {
  for (const cell of notebook.get_cells()) {
    const area = cell.output_area;
    const root = area?.element?.[0];
    if (!area || !root || !root.contains(el)) continue;
    const outputs = Array.from(root.children).filter((child) => child.classList.contains("output_area"));
    const index = outputs.findIndex((output) => output.contains(el));
    const data = index < 0 ? undefined : area.outputs?.[index]?.data?.[WIDGET_VIEW_MIME];
    if (typeof data !== "object" || data === null) return null;
    const modelId = (data as OutputData)["model_id"];
    return typeof modelId === "string" && modelId !== "" ? (data as OutputData) : null;
  }
  return null;
}

/**
 * Makes `data.model_id` ignore being set to "" while `registry` still has the model; any other
 * value, or "" once the model is gone, is kept as usual. Returns whether it now does.
 */
export function keepModelId(data: OutputData, registry: ModelRegistry): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(data, "model_id");
  if (descriptor?.get) return true; // a view shown earlier in the same output did it
  let modelId = data["model_id"];
  if (typeof modelId !== "string" || modelId === "" || descriptor?.configurable === false) return false;
  Object.defineProperty(data, "model_id", {
    configurable: true,
    enumerable: true, // the notebook saves it
    get: () => modelId,
    set: (value: unknown) => {
      if (value === "" && typeof modelId === "string" && registry.has_model(modelId)) return;
      modelId = value;
    },
  });
  return true;
}

/**
 * In classic Notebook, keeps the output showing `el` (a view's element) from being blanked
 * (see the top of this file); elsewhere does nothing. Returns the function that stops waiting
 * for the element to be attached.
 */
export function keepClassicOutput(el: HTMLElement, manager: unknown, win: unknown = globalThis): () => void {
  const notebook = classicNotebook(win);
  const registry = modelRegistry(manager);
  if (!notebook || !registry) return () => {};
  const keep = (): void => {
    const data = outputDataShowing(notebook, el);
    if (data) keepModelId(data, registry);
  };
  if (el.isConnected) {
    keep();
    return () => {};
  }
  // The manager attaches the element once the view has rendered: its mutation is seen in the
  // same task, before any kernel message could have the output re-rendered.
  const Observer = el.ownerDocument.defaultView?.MutationObserver;
  const body = el.ownerDocument.body;
  if (!Observer || !body) return () => {};
  const observer = new Observer(() => {
    if (!el.isConnected) return;
    stop();
    keep();
  });
  const timer = setTimeout(() => stop(), ATTACH_WAIT_MS);
  const stop = (): void => {
    observer.disconnect();
    clearTimeout(timer);
  };
  observer.observe(body, { childList: true, subtree: true });
  return stop;
}

interface Renders<P extends { el: HTMLElement; model: { widget_manager: unknown } }> {
  render(props: P): () => void;
}

/** `widget` whose views keep their classic Notebook outputs (each bundle's default export). */
export function keptInClassicNotebook<P extends { el: HTMLElement; model: { widget_manager: unknown } }, W extends Renders<P>>(
  widget: W,
): W {
  return {
    ...widget,
    render(props: P): () => void {
      const cleanup = widget.render(props);
      const stop = keepClassicOutput(props.el, props.model.widget_manager);
      return () => {
        stop();
        cleanup();
      };
    },
  };
}
