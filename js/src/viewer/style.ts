// The viewer's stylesheet. Adopted as a constructed stylesheet, which a Content-Security-Policy
// without 'unsafe-inline' still allows; a <style> element is the fallback for older browsers.

/** The viewer's colours per theme; text colours are at least 4.5:1 on the backgrounds they sit on. */
export const PALETTES = {
  light: {
    "--gj-bg": "#ffffff",
    "--gj-surface": "#f6f8fa",
    "--gj-fg": "#1d2733",
    "--gj-muted": "#4a5663",
    "--gj-border": "#d0d7de",
    "--gj-input-border": "#6e7781",
    "--gj-accent": "#0a5cc2",
    "--gj-alert-bg": "#fff5f5",
    "--gj-alert-fg": "#8a1c1c",
    "--gj-alert-border": "#d64545",
    "--gj-shadow": "rgba(0, 0, 0, 0.14)",
  },
  dark: {
    "--gj-bg": "#16191d",
    "--gj-surface": "#21262c",
    "--gj-fg": "#e6edf3",
    "--gj-muted": "#a8b3bf",
    "--gj-border": "#3b434c",
    "--gj-input-border": "#8b96a2",
    "--gj-accent": "#79b8ff",
    "--gj-alert-bg": "#2d1517",
    "--gj-alert-fg": "#ffb4ae",
    "--gj-alert-border": "#f85149",
    "--gj-shadow": "rgba(0, 0, 0, 0.5)",
  },
} as const;

function variables(palette: Readonly<Record<string, string>>, scheme: string): string {
  return `${Object.entries(palette).map(([name, value]) => `${name}: ${value};`).join(" ")} color-scheme: ${scheme};`;
}

/** Below this frame width the chrome is compact: header and help on one line each. */
export const COMPACT_MAX_WIDTH_PX = 500;

export const VIEWER_CSS = `
:root { ${variables(PALETTES.light, "light")} }
@media (prefers-color-scheme: dark) { :root:not([data-gj-theme="light"]) { ${variables(PALETTES.dark, "dark")} } }
:root[data-gj-theme="dark"] { ${variables(PALETTES.dark, "dark")} }
html, body { height: 100%; margin: 0; }
body { color: var(--gj-fg); background: var(--gj-bg); }
body[data-gj-viewer] {
  display: flex; flex-direction: column; min-height: 0;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
.gj-header {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 1rem;
  padding: 0.5rem 1rem; border-bottom: 1px solid var(--gj-border); background: var(--gj-surface);
}
.gj-header h1, .gj-title { margin: 0; font-size: 1.05rem; font-weight: 600; }
.gj-owner, .gj-viewer-owner, .gj-stats { margin: 0; color: var(--gj-muted); opacity: 1; font-size: 0.9rem; }
.gj-stats.gj-stats-repeated { display: none; }
.gj-notice { order: 2; margin: 0; font-size: 0.9rem; font-weight: 600; }
.gj-control svg { display: block; margin: auto; }
.gj-stage { position: relative; flex: 1 1 auto; min-height: 240px; display: flex; flex-direction: column; }
#gj-viewer {
  position: relative; flex: 1 1 auto; min-height: 240px; overflow: hidden; background: var(--gj-bg);
}
.gj-stage > #gj-viewer { min-height: 0; }
#gj-viewer:focus-visible { outline: 3px solid var(--gj-accent); outline-offset: -3px; }
.gj-help {
  margin: 0; padding: 0.25rem 1rem; font-size: 0.8rem; color: var(--gj-muted);
  border-top: 1px solid var(--gj-border); background: var(--gj-bg);
}
.gj-alert {
  margin: 1rem; padding: 0.75rem 1rem; border: 1px solid var(--gj-alert-border); border-radius: 4px;
  background: var(--gj-alert-bg); color: var(--gj-alert-fg);
}
.gj-alert[hidden] { display: none; }
.gj-alert a { color: var(--gj-alert-fg); font-weight: 600; margin-left: 0.5rem; }
body[data-state="error"] #gj-viewer, body[data-state="error"] .gj-stage { display: none; }
.gj-waiting { margin: 1rem; color: var(--gj-muted); }
.gj-signin-reason { color: var(--gj-muted); }
.gj-page a { color: var(--gj-accent); }
.gj-page [role="alert"] { color: var(--gj-alert-fg); }
.gj-visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}

/* Panels over the graph: search and view buttons on top, legend and details below. */
.gj-overlay {
  position: absolute; left: 0; right: 0; z-index: 2; display: flex; gap: 0.5rem;
  justify-content: space-between; padding: 0.5rem; pointer-events: none; box-sizing: border-box;
}
.gj-overlay > * { pointer-events: auto; }
.gj-overlay-top { top: 0; align-items: flex-start; }
.gj-overlay-bottom { bottom: 0; align-items: flex-end; }
.gj-panel {
  box-sizing: border-box; background: var(--gj-surface); color: var(--gj-fg);
  border: 1px solid var(--gj-border); border-radius: 6px; box-shadow: 0 1px 4px var(--gj-shadow);
}
.gj-search { position: relative; width: min(16rem, 55%); }
.gj-search-input {
  box-sizing: border-box; width: 100%; font: inherit; font-size: 0.85rem; padding: 0.3rem 0.5rem;
  border: 1px solid var(--gj-input-border); border-radius: 4px; background: var(--gj-bg); color: var(--gj-fg);
}
.gj-search-input::placeholder { color: var(--gj-muted); opacity: 1; }
.gj-search-results {
  position: absolute; top: calc(100% + 2px); left: 0; right: 0; margin: 0; padding: 0.2rem 0;
  list-style: none; max-height: 14rem; overflow: auto; font-size: 0.85rem;
}
.gj-search-results li { padding: 0.25rem 0.5rem; cursor: pointer; overflow-wrap: anywhere; }
.gj-search-results li[aria-selected="true"] { background: var(--gj-accent); color: var(--gj-bg); }
.gj-controls { display: flex; gap: 0.25rem; }
.gj-control {
  min-width: 2rem; height: 2rem; padding: 0 0.4rem; font: inherit; font-size: 1rem; line-height: 1;
  color: var(--gj-fg); background: var(--gj-surface); border: 1px solid var(--gj-border); border-radius: 4px;
  cursor: pointer;
}
.gj-control:hover { border-color: var(--gj-accent); }
.gj-control:focus-visible, .gj-search-input:focus-visible, .gj-legend > summary:focus-visible {
  outline: 2px solid var(--gj-accent); outline-offset: 1px;
}
.gj-tooltip {
  position: absolute; z-index: 3; max-width: min(20rem, 90%); padding: 0.35rem 0.5rem;
  font-size: 0.8rem; pointer-events: none;
}
.gj-tooltip[hidden], .gj-details[hidden] { display: none; }
.gj-details {
  position: relative; margin-left: auto; max-width: min(20rem, 60%); max-height: 60%; overflow: auto;
  padding: 0.4rem 2.2rem 0.4rem 0.6rem; font-size: 0.8rem;
}
.gj-details .gj-close { position: absolute; top: 0.2rem; right: 0.2rem; min-width: 1.6rem; height: 1.6rem; }
.gj-attributes-title { margin: 0 0 0.2rem; font-weight: 600; font-size: inherit; overflow-wrap: anywhere; }
.gj-attributes table { border-collapse: collapse; }
.gj-attributes th {
  text-align: left; font-weight: 600; color: var(--gj-muted); padding: 0 0.75rem 0 0;
  white-space: nowrap; vertical-align: top;
}
.gj-attributes td { padding: 0; overflow-wrap: anywhere; }
.gj-attributes-more { margin: 0.2rem 0 0; color: var(--gj-muted); }
.gj-legend { max-width: min(16rem, 45%); max-height: 45vh; overflow: auto; padding: 0.25rem 0.5rem; font-size: 0.8rem; }
.gj-legend > summary { cursor: pointer; font-weight: 600; }
.gj-legend-title { margin: 0.3rem 0 0.1rem; color: var(--gj-muted); }
.gj-legend ul { margin: 0; padding: 0; list-style: none; }
.gj-legend li { display: flex; align-items: center; gap: 0.4rem; overflow-wrap: anywhere; }
.gj-swatch { flex: none; width: 0.8rem; height: 0.8rem; border-radius: 2px; border: 1px solid var(--gj-border); }
.gj-mark-code { flex: none; min-width: 1.1rem; padding: 0 0.2rem; border-radius: 0.6rem; border: 1px solid var(--gj-border); font-weight: bold; font-size: 0.75rem; line-height: 1.1rem; text-align: center; }
.gj-size-dot { flex: none; border-radius: 50%; background: var(--gj-muted); }
.gj-gradient { flex: 1 1 4rem; min-width: 3rem; height: 0.7rem; border-radius: 2px; border: 1px solid var(--gj-border); }
.gj-description { flex: 1 0 100%; order: 1; margin: 0; color: var(--gj-fg); font-size: 0.9rem; overflow-wrap: anywhere; }
.gj-size-small { width: 0.4rem; height: 0.4rem; margin: 0 0.2rem; }
.gj-size-large { width: 0.8rem; height: 0.8rem; }

/* Small frames (compare() panes, narrow notebooks): one line of header, one line of help. */
@media (max-width: ${COMPACT_MAX_WIDTH_PX}px) {
  .gj-header { flex-wrap: nowrap; gap: 0.6rem; padding: 0.3rem 0.6rem; white-space: nowrap; overflow: hidden; }
  .gj-header > * { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
  .gj-header h1, .gj-title { flex: 0 1 auto; font-size: 0.95rem; }
  .gj-owner, .gj-viewer-owner { flex: 0 100 auto; font-size: 0.85rem; }
  .gj-stats { flex: 0 0 auto; font-size: 0.85rem; }
  .gj-help { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding: 0.2rem 0.6rem; }
  .gj-search { width: min(11rem, 50%); }
  .gj-overlay { padding: 0.35rem; }
}
`;

const STYLE_ID = "gj-viewer-style";

/** Adds the viewer's CSS to the document, once. */
export function injectStyles(doc: Document): void {
  const root = doc.documentElement;
  if (root.dataset["gjStyled"] === "true") return;
  root.dataset["gjStyled"] = "true";
  const view = doc.defaultView;
  if (view !== null && "adoptedStyleSheets" in doc && typeof view.CSSStyleSheet === "function") {
    try {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(VIEWER_CSS);
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      return;
    } catch {
      // fall through to a <style> element
    }
  }
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = VIEWER_CSS;
  doc.head.appendChild(style);
}
