// Small DOM helpers shared by the widget views.
import type { AnyModel } from "@anywidget/types";

type AttrValue = string | number | boolean | null | undefined;

/** Creates an element with attributes (true: present, false/null/undefined: absent) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  children: ReadonlyArray<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
  el.append(...children);
  return el;
}

let counter = 0;
// Each bundle (login.js, plot.js, ...) has its own copy of this module, and anywidget may
// import one bundle more than once: a random part keeps ids unique across all of them.
const salt = Math.random().toString(36).slice(2, 8);

/** An element id unique on the page, for `<label for>` with several widgets on one page. */
export function uniqueId(kind: string): string {
  counter += 1;
  return `gj-${kind}-${salt}-${counter}`;
}

/** Sets text only when it differs, so unchanged nodes are not touched. */
export function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function setShown(el: HTMLElement, shown: boolean): void {
  if (el.hidden === shown) el.hidden = !shown;
}

/**
 * `url` when it is an absolute http(s) URL, else "" (never a javascript: link). A path on the
 * page's own server (`/user/a/proxy/8080/graph/graph.html?…`: a local hub behind Jupyter's proxy,
 * docs/hub.md) becomes the absolute URL it names from `base`, the page's address.
 */
export function safeHttpUrl(url: string, base: string = globalThis.location?.href ?? ""): string {
  if (!url) return "";
  try {
    if (url.startsWith("/")) {
      const resolved = new URL(url, base);
      // "//host" and "/\\host" name another server: only paths on this page's own stay.
      return resolved.origin === new URL(base).origin && resolved.protocol.startsWith("http") ? resolved.href : "";
    }
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : "";
  } catch {
    return "";
  }
}

/**
 * Calls `callback` whenever one of `traits` changes; returns the function that stops it.
 * The model's own listeners must be removed on cleanup: a model outlives its views.
 */
export function onTraits<T extends Record<string, unknown>>(
  model: AnyModel<T>,
  traits: ReadonlyArray<keyof T & string>,
  callback: () => void,
): () => void {
  const events = traits.map((trait) => `change:${trait}`);
  for (const event of events) model.on(event, callback);
  return () => {
    for (const event of events) model.off(event, callback);
  };
}

/** An account badge: a color dot and a label. */
export function createBadge(): HTMLSpanElement {
  const dot = h("span", { class: "gj-badge-dot", "aria-hidden": "true" });
  const text = h("span", { class: "gj-badge-text" });
  return h("span", { class: "gj-badge" }, [dot, text]);
}

export function updateBadge(badge: HTMLElement, label: string, color: string, title: string): void {
  const text = badge.querySelector<HTMLElement>(".gj-badge-text");
  if (text) setText(text, label || "account");
  // setProperty parses the value as CSS: an arbitrary string cannot inject other rules.
  if (color) badge.style.setProperty("--gj-badge-color", color);
  else badge.style.removeProperty("--gj-badge-color");
  if (title) badge.title = title;
  else badge.removeAttribute("title");
}
