// Buttons for what the mouse and keys already do, for people who use neither: zoom in, zoom
// out, reset the view, and full screen (the plot frame allows it). Real <button>s with names,
// reachable with Tab, in a labelled toolbar.

export interface CameraControls {
  zoomIn(): void;
  zoomOut(): void;
  reset(): void;
}

interface ButtonSpec {
  readonly name: string;
  /** SVG path data of the icon, drawn with the text colour on a 24×24 grid. */
  readonly icon: string;
  readonly action: () => void;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Icons as paths (fonts may lack symbols such as ⛶). */
export const ICONS = {
  zoomIn: "M12 5v14M5 12h14",
  zoomOut: "M5 12h14",
  reset: "M4 12a8 8 0 1 0 2.4-5.7M4 4v4.5h4.5",
  fullscreen: "M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5",
} as const;

function icon(doc: Document, path: string): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const shape = doc.createElementNS(SVG_NS, "path");
  shape.setAttribute("d", path);
  shape.setAttribute("fill", "none");
  shape.setAttribute("stroke", "currentColor");
  shape.setAttribute("stroke-width", "2");
  shape.setAttribute("stroke-linecap", "round");
  shape.setAttribute("stroke-linejoin", "round");
  svg.append(shape);
  return svg;
}

function button(doc: Document, spec: ButtonSpec): HTMLButtonElement {
  const element = doc.createElement("button");
  element.type = "button";
  element.className = "gj-control";
  element.setAttribute("aria-label", spec.name);
  element.title = spec.name;
  element.append(icon(doc, spec.icon));
  element.addEventListener("click", spec.action);
  return element;
}

/** Whether the document can go full screen (an iframe needs allow="fullscreen"). */
export function canFullscreen(doc: Document): boolean {
  return doc.fullscreenEnabled === true && typeof doc.documentElement.requestFullscreen === "function";
}

/** The toolbar; the full-screen button only where full screen is allowed. */
export function createControls(doc: Document, camera: CameraControls): HTMLElement {
  const bar = doc.createElement("div");
  bar.className = "gj-controls";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "View");
  bar.append(
    button(doc, { name: "Zoom in", icon: ICONS.zoomIn, action: () => camera.zoomIn() }),
    button(doc, { name: "Zoom out", icon: ICONS.zoomOut, action: () => camera.zoomOut() }),
    button(doc, { name: "Reset view", icon: ICONS.reset, action: () => camera.reset() }),
  );
  if (canFullscreen(doc)) {
    const full = button(doc, {
      name: "Full screen",
      icon: ICONS.fullscreen,
      action: () => {
        if (doc.fullscreenElement) void doc.exitFullscreen();
        else void doc.documentElement.requestFullscreen().catch(() => undefined);
      },
    });
    doc.addEventListener("fullscreenchange", () => {
      const name = doc.fullscreenElement ? "Exit full screen" : "Full screen";
      full.setAttribute("aria-label", name);
      full.title = name;
      full.setAttribute("aria-pressed", doc.fullscreenElement ? "true" : "false");
    });
    full.setAttribute("aria-pressed", "false");
    bar.append(full);
  }
  // Arrow keys move between the buttons, as in any toolbar.
  bar.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    const buttons = Array.from(bar.querySelectorAll<HTMLButtonElement>("button"));
    const at = buttons.indexOf(doc.activeElement as HTMLButtonElement);
    if (at < 0) return;
    event.preventDefault();
    const next = buttons[(at + (event.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length];
    next?.focus();
  });
  return bar;
}
