// The page around the graph. The hub serves a header and a #gj-viewer container; anything
// missing is created here, so the script also works on a bare page.
import { countOf } from "./counts";
import { KEYBOARD_HELP } from "./keyboard";
import type { ViewerError } from "./errors";
import type { DatasetMeta, ViewerState } from "./types";

export interface ViewerPage {
  readonly container: HTMLElement;
  readonly header: HTMLElement;
  readonly alert: HTMLElement;
  readonly status: HTMLElement;
  setState(state: ViewerState): void;
  showMeta(meta: DatasetMeta): void;
  /** The graph's counts in the header; `nodes` null while they are being counted. */
  showStats(nodes: number | null, edges: number): void;
  /** A visible line in the header about how the graph is shown (e.g. sampled: graph.ts). */
  showNotice(text: string): void;
  showError(error: ViewerError): void;
}

function ensureChild<K extends keyof HTMLElementTagNameMap>(
  parent: HTMLElement,
  selector: string,
  tag: K,
  init: (element: HTMLElementTagNameMap[K]) => void,
): HTMLElement {
  const found = parent.querySelector<HTMLElement>(selector);
  if (found !== null) return found;
  const element = parent.ownerDocument.createElement(tag);
  init(element);
  parent.appendChild(element);
  return element;
}

/** Finds or creates the header, the alert, the graph container and the help line. */
export function preparePage(doc: Document): ViewerPage {
  const body = doc.body;
  body.dataset["gjViewer"] = "";

  const header =
    doc.getElementById("gj-header") ??
    body.querySelector<HTMLElement>(":scope > header") ??
    (() => {
      const element = doc.createElement("header");
      body.prepend(element);
      return element;
    })();
  header.classList.add("gj-header");
  const title = ensureChild(header, "h1, .gj-title", "h1", (h1) => {
    h1.className = "gj-title";
  });
  const owner = ensureChild(header, ".gj-owner, .gj-viewer-owner", "p", (p) => {
    p.className = "gj-owner";
  });
  const status = ensureChild(header, ".gj-stats", "p", (p) => {
    p.className = "gj-stats";
    p.setAttribute("aria-live", "polite");
  });
  if ((status.textContent ?? "") === "") status.textContent = "Loading graph…";

  // The alert exists (hidden) from the start so screen readers announce it when it fills.
  const alert =
    doc.querySelector<HTMLElement>('[role="alert"]') ??
    (() => {
      const element = doc.createElement("div");
      element.setAttribute("role", "alert");
      element.hidden = true;
      header.after(element);
      return element;
    })();
  alert.classList.add("gj-alert");

  const container =
    doc.getElementById("gj-viewer") ??
    (() => {
      const element = doc.createElement("main");
      element.id = "gj-viewer";
      alert.after(element);
      return element;
    })();
  const help = ensureChild(body, ".gj-help", "p", (p) => {
    p.className = "gj-help";
    p.id = "gj-help";
    p.textContent = KEYBOARD_HELP;
  });
  if (help.id === "") help.id = "gj-help";
  container.tabIndex = 0;
  container.setAttribute("role", "application");
  container.setAttribute("aria-roledescription", "graph");
  container.setAttribute("aria-label", "Graph view");
  container.setAttribute("aria-describedby", help.id);

  return {
    container,
    header,
    alert,
    status,
    setState(state: ViewerState): void {
      body.dataset["state"] = state;
      container.setAttribute("aria-busy", state === "loading" ? "true" : "false");
    },
    showMeta(meta: DatasetMeta): void {
      if ((title.textContent ?? "").trim() === "") title.textContent = meta.name;
      if ((owner.textContent ?? "").trim() === "" && meta.owner !== "") {
        owner.textContent = meta.org === "" ? `by ${meta.owner}` : `by ${meta.owner} (${meta.org})`;
      }
      // pygraphistry's description(), under the title (the header wraps it onto its own line).
      if (meta.description.trim() !== "") {
        const description = ensureChild(header, ".gj-description", "p", (p) => {
          p.className = "gj-description";
        });
        description.textContent = meta.description;
      }
      doc.title = `${meta.name} · Graphistry local hub`;
      container.setAttribute("aria-label", `Graph ${meta.name}`);
    },
    showStats(nodes: number | null, edges: number): void {
      const text = nodes === null ? countOf(edges, "edge") : `${countOf(nodes, "node")} · ${countOf(edges, "edge")}`;
      status.textContent = text;
      const name = (title.textContent ?? "").trim();
      container.setAttribute("aria-label", `Graph ${name === "" ? "" : `${name}: `}${text}`);
    },
    showNotice(text: string): void {
      const notice = ensureChild(header, "[data-gj-notice]", "p", (p) => {
        p.className = "gj-notice";
        p.dataset["gjNotice"] = "";
        p.setAttribute("role", "status");
      });
      notice.textContent = text;
    },
    showError(error: ViewerError): void {
      alert.replaceChildren(doc.createTextNode(error.message));
      if (error.action !== null) {
        const link = doc.createElement("a");
        link.href = error.action.href;
        link.textContent = error.action.label;
        // Inside an iframe the sign-in page must replace the frame, not the notebook.
        link.target = "_self";
        alert.append(" ", link);
      }
      alert.hidden = false;
      status.textContent = "The graph could not be shown.";
      body.dataset["state"] = "error";
      container.setAttribute("aria-busy", "false");
    },
  };
}
