// The viewer follows the notebook's theme. The framing plot view posts its theme message
// (protocol/frames.ts, docs/contracts.md); the viewer marks the page with `data-gj-theme` on
// <html>, which its stylesheet and the hub's page styles read, in every state (loading, drawn,
// error, sign-in). Without a message, the system's prefers-color-scheme decides (a viewer opened
// in a tab of its own).
import type { Theme } from "../protocol/frames";

/** Marks the page with `theme`: its styles follow, and so do the browser's own (scroll bars, forms). */
export function applyTheme(doc: Document, theme: Theme): void {
  const root = doc.documentElement;
  if (root.dataset["gjTheme"] !== theme) root.dataset["gjTheme"] = theme;
  root.style.colorScheme = theme;
}

function systemTheme(doc: Document): Theme {
  const query = doc.defaultView?.matchMedia?.("(prefers-color-scheme: dark)");
  return query?.matches === true ? "dark" : "light";
}

/** The theme in effect: the one a parent set, else the system's. */
export function currentTheme(doc: Document): Theme {
  const set = doc.documentElement.dataset["gjTheme"];
  return set === "light" || set === "dark" ? set : systemTheme(doc);
}

/** Calls `onChange` with the theme in effect whenever it changes; returns the function that stops. */
export function watchTheme(doc: Document, onChange: (theme: Theme) => void): () => void {
  let last = currentTheme(doc);
  const check = (): void => {
    const now = currentTheme(doc);
    if (now === last) return;
    last = now;
    onChange(now);
  };
  const view = doc.defaultView;
  const observer = view && typeof view.MutationObserver === "function" ? new view.MutationObserver(check) : null;
  observer?.observe(doc.documentElement, { attributes: true, attributeFilter: ["data-gj-theme"] });
  const query = view?.matchMedia?.("(prefers-color-scheme: dark)");
  query?.addEventListener?.("change", check);
  return () => {
    observer?.disconnect();
    query?.removeEventListener?.("change", check);
  };
}
