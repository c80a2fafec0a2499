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
