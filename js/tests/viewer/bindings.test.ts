import { describe, expect, it } from "vitest";

import { nodeLabelColumn, sizeRange, sizeScale } from "../../src/viewer/bindings";

describe("nodeLabelColumn", () => {
  const columns = new Set(["n", "title", "label", "name"]);

  it("prefers node_title (Graphistry's minimized label) over node_label (its popup text)", () => {
    expect(nodeLabelColumn({ node: "n", node_title: "title", node_label: "label" }, columns)).toBe("title");
  });

  it("uses node_title, or the older point_title spelling", () => {
    expect(nodeLabelColumn({ node: "n", node_title: "title" }, columns)).toBe("title");
    expect(nodeLabelColumn({ node: "n", point_title: "name" }, columns)).toBe("name");
  });

  it("skips a binding whose column is missing from the table", () => {
    expect(nodeLabelColumn({ node_title: "missing", node_label: "label" }, columns)).toBe("label");
  });

  it("returns null when nothing is bound, so nodes are labelled by id", () => {
    expect(nodeLabelColumn({ node: "n" }, columns)).toBeNull();
  });
});

describe("sizeScale", () => {
  const range = { min: 2, max: 10, base: 4 };

  it("maps the column's minimum and maximum to the range ends, linearly between", () => {
    const size = sizeScale([1, 5, 3], range);
    expect(size(1)).toBe(2);
    expect(size(5)).toBe(10);
    expect(size(3)).toBe(6);
  });

  it("reads bigint and numeric strings; other values get the base size", () => {
    const size = sizeScale([0n, "10", null, "x"], range);
    expect(size(10n)).toBe(10);
    expect(size("5")).toBe(6);
    expect(size(null)).toBe(4);
    expect(size("x")).toBe(4);
  });

  it("gives every node the base size when the column is constant", () => {
    expect(sizeScale([7, 7], range)(7)).toBe(4);
  });
});

describe("sizeRange", () => {
  it("draws nodes of big graphs smaller", () => {
    expect(sizeRange(100_000).base).toBeLessThan(sizeRange(10).base);
  });
});
