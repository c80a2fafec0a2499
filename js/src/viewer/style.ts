// The viewer's stylesheet. Adopted as a constructed stylesheet, which a Content-Security-Policy
// without 'unsafe-inline' still allows; a <style> element is the fallback for older browsers.

export const VIEWER_CSS = `
html, body { height: 100%; margin: 0; }
body[data-gj-viewer] {
  display: flex; flex-direction: column; min-height: 0;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1d2733; background: #ffffff;
}
.gj-header {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 1rem;
  padding: 0.5rem 1rem; border-bottom: 1px solid #e3e8ee; background: #f7f9fb;
}
.gj-header h1, .gj-title { margin: 0; font-size: 1.05rem; font-weight: 600; }
.gj-owner, .gj-stats { margin: 0; color: #52606d; }
#gj-viewer {
  position: relative; flex: 1 1 auto; min-height: 240px; overflow: hidden; background: #ffffff;
}
#gj-viewer:focus-visible { outline: 3px solid #1f78b4; outline-offset: -3px; }
.gj-help { margin: 0; padding: 0.25rem 1rem; font-size: 0.8rem; color: #52606d; border-top: 1px solid #e3e8ee; }
.gj-alert {
  margin: 1rem; padding: 0.75rem 1rem; border: 1px solid #d64545; border-radius: 4px;
  background: #fff5f5; color: #8a1c1c;
}
.gj-alert[hidden] { display: none; }
.gj-alert a { color: #8a1c1c; font-weight: 600; margin-left: 0.5rem; }
body[data-state="error"] #gj-viewer { display: none; }
.gj-waiting { margin: 1rem; color: #52606d; }
.gj-signin-reason { color: #52606d; }
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
