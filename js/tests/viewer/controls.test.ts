import { afterEach, describe, expect, it, vi } from "vitest";

import { createControls } from "../../src/viewer/controls";

describe("the view buttons", () => {
  afterEach(() => {
    Reflect.deleteProperty(document, "fullscreenEnabled");
  });

  function controls(): { bar: HTMLElement; calls: string[] } {
    const calls: string[] = [];
    const bar = createControls(document, {
      zoomIn: () => calls.push("in"),
      zoomOut: () => calls.push("out"),
      reset: () => calls.push("reset"),
    });
    document.body.append(bar);
    return { bar, calls };
  }

  it("are named buttons in a labelled toolbar", () => {
    const { bar, calls } = controls();
    expect(bar.getAttribute("role")).toBe("toolbar");
    const buttons = [...bar.querySelectorAll("button")];
    expect(buttons.map((b) => b.getAttribute("aria-label"))).toEqual(["Zoom in", "Zoom out", "Reset view"]);
    for (const b of buttons) {
      expect(b.type).toBe("button");
      expect(b.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
      b.click();
    }
    expect(calls).toEqual(["in", "out", "reset"]);
    bar.remove();
  });

  it("move focus with the arrow keys, wrapping around", () => {
    const { bar } = controls();
    const buttons = [...bar.querySelectorAll("button")];
    buttons[0]?.focus();
    bar.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true }));
    expect(document.activeElement).toBe(buttons[2]);
    bar.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(document.activeElement).toBe(buttons[0]);
    bar.remove();
  });

  it("offer full screen where the frame allows it", () => {
    // jsdom knows no full screen: this document is an iframe with allow="fullscreen".
    Object.defineProperty(document, "fullscreenEnabled", { configurable: true, get: () => true });
    const request = vi.fn(() => Promise.resolve());
    document.documentElement.requestFullscreen = request;
    const { bar } = controls();
    const full = bar.querySelector<HTMLButtonElement>('button[aria-label="Full screen"]');
    expect(full?.getAttribute("aria-pressed")).toBe("false");
    full?.click();
    expect(request).toHaveBeenCalled();
    bar.remove();
  });
});
