// Whether a view has a kernel behind it.
//
// A notebook saved with its widget state ("Save Widget State Automatically") and reopened shows
// the views from that saved state, with no kernel object behind them: nothing the view sends is
// received, and what it shows is how things stood when the notebook was saved. Such a view must
// say so and offer nothing to click, rather than a "Log out" that does nothing or a private plot
// frame asking to sign in.
//
// How a view knows (research for issue 19, section 3):
// - In ipywidgets' hosts (JupyterLab, Notebook 7, Voila, classic Notebook with the widgets
//   extension) a view's element is a Lumino widget's node, which ipywidgets marks with the class
//   `jupyter-widgets-disconnected` while its model has no live comm: from the first render of a
//   model restored from saved state, and when the kernel restarts. anywidget's model proxy does
//   not expose the comm itself, so the class is the signal.
// - The class does not appear when the kernel is shut down while the page stays open; then the
//   widget manager's kernel connection gives up ("disconnected"), or turns dead, or is disposed
//   (Lab then sets it to null): watched too. Lab notices within seconds (its connection retries,
//   its poll of the sessions).
// - Other hosts: the view sends `ping` and waits for the kernel's `pong`; no answer within the
//   deadline means no kernel. A late answer (the kernel was busy running a cell) puts the view
//   back in touch.
import type { AnyModel } from "@anywidget/types";
import { PONG, parseMessage, type MessageOf, type PING } from "../protocol/widget_messages";
import { h, setShown } from "./dom";

export const DISCONNECTED_CLASS = "jupyter-widgets-disconnected";
export const NO_KERNEL_TEXT = "No kernel: run the cell to reconnect.";
/** How long a view in a host without ipywidgets' class waits for the kernel's pong. */
export const PING_DEADLINE_MS = 3_000;

export interface KernelLink {
  /** Whether a kernel is behind the view. */
  readonly live: boolean;
  /** Calls `listener` whenever `live` changes; returns the function that stops it. */
  onChange(listener: () => void): () => void;
  dispose(): void;
}

type Signal = { connect(slot: (...args: unknown[]) => void): unknown; disconnect(slot: (...args: unknown[]) => void): unknown };

function isSignal(value: unknown): value is Signal {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { connect?: unknown }).connect === "function" &&
    typeof (value as { disconnect?: unknown }).disconnect === "function"
  );
}

/** Whether `el` is a view node of ipywidgets (a Lumino widget, Lumino 1 or 2). */
export function isIpywidgetsView(el: HTMLElement): boolean {
  return el.classList.contains("lm-Widget") || el.classList.contains("p-Widget");
}

/**
 * The kernel connection of an ipywidgets widget manager: an object, `null` when the manager has
 * none (Lab after the kernel was shut down), `undefined` when the manager does not say.
 */
function kernelOf(manager: unknown): unknown {
  if (typeof manager !== "object" || manager === null || !("kernel" in manager)) return undefined;
  return (manager as { kernel: unknown }).kernel;
}

function kernelStopped(kernel: unknown): boolean {
  if (kernel === null) return true;
  if (typeof kernel !== "object" || kernel === undefined) return false;
  const { status, connectionStatus, isDisposed } = kernel as Record<string, unknown>;
  // "connecting" is not gone: the connection retries through a network blip.
  return isDisposed === true || status === "dead" || connectionStatus === "disconnected";
}

/**
 * Watches whether the view rendered in `el` has a kernel behind `model` (see the top of this
 * file). `deadlineMs`: how long the ping waits, in hosts without ipywidgets' class.
 */
export function watchKernel(
  el: HTMLElement,
  model: Pick<AnyModel, "send" | "on" | "off" | "widget_manager">,
  deadlineMs: number = PING_DEADLINE_MS,
): KernelLink {
  const listeners = new Set<() => void>();
  const undo: Array<() => void> = [];
  let live = true;
  // What the view knows, on its element for tests and styles: "asking" until a pong or the
  // deadline (hosts without ipywidgets' class), then "live" or "none".
  const mark = (state: "asking" | "live" | "none"): void => {
    el.dataset["gjKernel"] = state;
  };
  const set = (value: boolean): void => {
    mark(value ? "live" : "none");
    if (value === live) return;
    live = value;
    for (const listener of [...listeners]) listener();
  };

  if (isIpywidgetsView(el)) {
    const kernel = kernelOf(model.widget_manager);
    const check = (): void => set(!el.classList.contains(DISCONNECTED_CLASS) && !kernelStopped(kernel));
    const Observer = el.ownerDocument.defaultView?.MutationObserver;
    if (Observer) {
      const observer = new Observer(check);
      observer.observe(el, { attributes: true, attributeFilter: ["class"] });
      undo.push(() => observer.disconnect());
    }
    if (typeof kernel === "object" && kernel !== null) {
      for (const name of ["statusChanged", "connectionStatusChanged", "disposed"] as const) {
        const signal = (kernel as Record<string, unknown>)[name];
        if (!isSignal(signal)) continue;
        signal.connect(check);
        undo.push(() => signal.disconnect(check));
      }
    }
    check();
  } else {
    const onMessage = (content: unknown): void => {
      if (parseMessage(PONG, content) === null) return;
      clearTimeout(timer);
      set(true);
    };
    model.on("msg:custom", onMessage);
    const timer = setTimeout(() => set(false), deadlineMs);
    undo.push(() => {
      clearTimeout(timer);
      model.off("msg:custom", onMessage);
    });
    mark("asking");
    model.send({ type: "ping" } satisfies MessageOf<typeof PING>);
  }

  return {
    get live() {
      return live;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      listeners.clear();
      for (const step of undo.splice(0)) step();
    },
  };
}

/** The sentence a view without a kernel shows, hidden while it has one. */
export function noKernelNotice(): HTMLParagraphElement {
  const notice = h("p", { class: "gj-no-kernel", role: "status" }, [NO_KERNEL_TEXT]);
  notice.hidden = true;
  return notice;
}

const HELD = "data-gj-held";

/**
 * Without a kernel, disables every control in `root` (the notice says why) and marks the view
 * `gj-no-kernel`; with one, enables again only the controls this disabled (the view then sets its
 * own states).
 */
export function holdControls(root: HTMLElement, notice: HTMLElement, live: boolean): void {
  root.classList.toggle("gj-no-kernel-view", !live);
  setShown(notice, !live);
  const controls = root.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>(
    "button, input, select, textarea",
  );
  for (const control of controls) {
    if (!live && !control.disabled) {
      control.disabled = true;
      control.setAttribute(HELD, "");
    } else if (live && control.hasAttribute(HELD)) {
      control.removeAttribute(HELD);
      control.disabled = false;
    }
  }
}
