import { describe, expect, it, vi } from "vitest";

import { skipLabelGlyphPrepass } from "../../src/viewer/label_glyphs";

describe("skipLabelGlyphPrepass", () => {
  it("turns off the label renderer's glyph pre-pass", () => {
    const processWebGLLabels = vi.fn();
    const renderer = { labelRenderer: { processWebGLLabels } };
    expect(skipLabelGlyphPrepass(renderer)).toBe(true);
    renderer.labelRenderer.processWebGLLabels(["a", "b"]);
    expect(processWebGLLabels).not.toHaveBeenCalled();
  });

  it("changes nothing in a sigma without one", () => {
    expect(skipLabelGlyphPrepass({})).toBe(false);
    const other = { labelRenderer: { processWebGLLabels: 1 } };
    expect(skipLabelGlyphPrepass(other)).toBe(false);
    expect(other.labelRenderer.processWebGLLabels).toBe(1);
  });
});
