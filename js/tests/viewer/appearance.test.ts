import { beforeAll, describe, expect, it } from "vitest";

import type * as Appearance from "../../src/viewer/appearance";

let viewerOptions: typeof Appearance.viewerOptions;

beforeAll(async () => {
  // sigma reads WebGL constants when its modules load; jsdom has no WebGL.
  (globalThis as Record<string, unknown>)["WebGL2RenderingContext"] ??= { FLOAT: 5126, UNSIGNED_BYTE: 5121 };
  ({ viewerOptions } = await import("../../src/viewer/appearance"));
});

describe("viewerOptions", () => {
  it("draws self-loops as loops of 12 segments unless asked for straight edges", () => {
    for (const options of [viewerOptions({}, "light"), viewerOptions({}, "light", false)]) {
      const paths = options.primitives?.edges?.paths ?? [];
      expect(paths.map((path) => path.name)).toEqual(["straight", "loop"]);
      expect(paths.map((path) => ("segments" in path ? path.segments : null))).toEqual([1, 12]);
    }
  });

  it("draws every edge as one straight quad when asked", () => {
    const paths = viewerOptions({}, "dark", true).primitives?.edges?.paths ?? [];
    expect(paths.map((path) => path.name)).toEqual(["straight"]);
    expect(paths.map((path) => ("segments" in path ? path.segments : null))).toEqual([1]);
  });
});

describe("viewerOptions node styles", () => {
  // sigma's own evaluation of our declaration, per node state (what the renderer draws).
  let evaluateNodeStyle: typeof import("sigma/types").evaluateNodeStyle;
  beforeAll(async () => {
    ({ evaluateNodeStyle } = await import("sigma/types"));
  });

  const attributes = { x: 1, y: 2, size: 3, color: "#123456", label: "a" };
  function styleIn(state: Record<string, boolean>): Record<string, unknown> {
    const options = viewerOptions({}, "light");
    const nodeState = { isHovered: false, isHighlighted: false, isLabelHovered: false, isHidden: false, isDragged: false, dimmed: false, selected: false, dark: false, ...state };
    return evaluateNodeStyle(options.styles?.nodes, attributes, nodeState, {} as never, {} as never) as unknown as Record<string, unknown>;
  }

  it("draws a node from its attributes with the light theme's label colours", () => {
    const style = styleIn({});
    expect([style["x"], style["y"], style["size"], style["color"], style["label"]]).toEqual([1, 2, 3, "#123456", "a"]);
    expect([style["labelColor"], style["backdropColor"], style["backdropShadowColor"], style["depth"]]).toEqual([
      "#1d2733",
      "#ffffff",
      "rgba(0, 0, 0, 0.45)",
      "nodes",
    ]);
  });

  it("switches label colours in the dark theme and lifts a hovered node", () => {
    expect(styleIn({ dark: true })["labelColor"]).toBe("#e6edf3");
    expect(styleIn({ dark: true })["backdropColor"]).toBe("#2b3138");
    expect(styleIn({ isHovered: true })["depth"]).toBe("topNodes");
  });

  it("fades dimmed nodes and shows the selected node's label on top", () => {
    expect([styleIn({ dimmed: true })["opacity"], styleIn({ dimmed: true })["labelVisibility"]]).toEqual([0.18, "hidden"]);
    const selected = styleIn({ selected: true });
    expect([selected["labelVisibility"], selected["depth"], selected["backdropVisibility"], selected["zIndex"]]).toEqual([
      "visible",
      "topNodes",
      "visible",
      2,
    ]);
  });
});
