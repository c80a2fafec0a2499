// The plot frame follows the notebook's theme: the plot view posts a theme message
// (protocol/frames.ts) to the frame's exact origin when the viewer says it listens, and again
// whenever the notebook's theme changes (docs/contracts.md). JupyterLab marks its theme on
// <body data-jp-theme-light="true|false">; VS Code with body.vscode-dark / vscode-light;
// elsewhere the system's prefers-color-scheme decides.
import type { Theme } from "../protocol/frames";

/** The theme the notebook page shows now. */
export function notebookTheme(doc: Document): Theme {
  const body = doc.body;
  const light = body?.dataset["jpThemeLight"];
  if (light === "true") return "light";
  if (light === "false") return "dark";
  if (body?.classList.contains("vscode-dark") || body?.classList.contains("vscode-high-contrast")) return "dark";
  if (body?.classList.contains("vscode-light")) return "light";
  return doc.defaultView?.matchMedia?.("(prefers-color-scheme: dark)").matches === true ? "dark" : "light";
}

/** Calls `onChange` whenever the notebook's theme changes; returns the function that stops it. */
export function watchNotebookTheme(doc: Document, onChange: (theme: Theme) => void): () => void {
  let last = notebookTheme(doc);
  const check = (): void => {
    const now = notebookTheme(doc);
    if (now === last) return;
    last = now;
    onChange(now);
  };
  const view = doc.defaultView;
  const observer = view && typeof view.MutationObserver === "function" && doc.body ? new view.MutationObserver(check) : null;
  observer?.observe(doc.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "class"] });
  const query = view?.matchMedia?.("(prefers-color-scheme: dark)");
  query?.addEventListener?.("change", check);
  return () => {
    observer?.disconnect();
    query?.removeEventListener?.("change", check);
  };
}
