// @vitest-environment node
// Exact expectations for the viewer's pure modules (colors, bindings, the grant fragment), one rule per case,
// including the boundaries: written so that a changed constant, comparison or pattern fails here
// (mutation testing, docs/testing.md).
import { describe, expect, it } from "vitest";

import {
  boundColumn,
  edgeColorColumn,
  nodeColorColumn,
  nodeLabelColumn,
  nodeSizeColumn,
  sizeRange,
  sizeScale,
} from "../../src/viewer/bindings";
import { DEFAULT_EDGE_COLOR, DEFAULT_NODE_COLOR, PALETTE, mappedColor, paletteColor, resolveColor } from "../../src/viewer/colors";
import { splitGrantFragment } from "../../src/viewer/grant";

describe("colors, exactly", () => {
  it("is ColorBrewer Paired, in order, with the documented defaults", () => {
    expect(PALETTE).toEqual([
      "#a6cee3", "#1f78b4", "#b2df8a", "#33a02c", "#fb9a99", "#e31a1c",
      "#fdbf6f", "#ff7f00", "#cab2d6", "#6a3d9a", "#ffff99", "#b15928",
    ]);
    expect(DEFAULT_NODE_COLOR).toBe("#1f78b4");
    expect(DEFAULT_EDGE_COLOR).toBe("#b8c2cc");
  });

  it("gives every code its palette color and nothing for negatives or fractions", () => {
    PALETTE.forEach((color, code) => {
      expect(paletteColor(code)).toBe(color);
      expect(paletteColor(code + PALETTE.length)).toBe(color);
    });
    expect(paletteColor(-1)).toBeNull();
    expect(paletteColor(-12)).toBeNull();
    expect(paletteColor(-13)).toBeNull();
    expect(paletteColor(0.5)).toBeNull();
    expect(paletteColor(Number.NaN)).toBeNull();
  });

  it("reads bigint codes, zero included, and refuses negative ones", () => {
    expect(resolveColor(0n)).toBe(PALETTE[0]);
    expect(resolveColor(13n)).toBe(PALETTE[1]);
    expect(resolveColor(-1n)).toBeNull();
    expect(resolveColor(-12n)).toBeNull();
  });

  it("reads only whole digit strings as codes", () => {
    expect(resolveColor(" 14 ")).toBe(PALETTE[2]);
    expect(resolveColor("1a")).toBeNull();
    expect(resolveColor("a1")).toBeNull();
    expect(resolveColor("12 3")).toBeNull();
    expect(resolveColor("1e1")).toBeNull(); // a number to Number(), not digits
    expect(resolveColor("   ")).toBeNull();
  });

  it("accepts only whole hex colors of 3, 4, 6 or 8 digits", () => {
    expect(resolveColor("#abc")).toBe("#abc");
    expect(resolveColor("#abcd")).toBe("#aabbccdd");
    expect(resolveColor("#aabbccdd")).toBe("#aabbccdd");
    expect(resolveColor("x#abc")).toBeNull();
    expect(resolveColor("#abcx")).toBeNull();
    expect(resolveColor("#abcde")).toBeNull();
    expect(resolveColor("#abcdx")).toBeNull();
    expect(resolveColor("x#abcd")).toBeNull();
    expect(resolveColor("#abcdef0")).toBeNull();
  });

  it("accepts rgb() with up to three digits per channel and an optional alpha", () => {
    expect(resolveColor("rgb( 255 , 0 , 10 )")).toBe("rgb(255,0,10)");
    expect(resolveColor("rgba(1,2,3, 1 )")).toBe("rgba(1,2,3,1)");
    expect(resolveColor("rgba(1,2,3,0)")).toBe("rgba(1,2,3,0)");
    expect(resolveColor("rgba(1,2,3,.25)")).toBe("rgba(1,2,3,.25)");
    expect(resolveColor("rgba(1, 2, 3,  0.25)")).toBe("rgba(1,2,3,0.25)");
    expect(resolveColor("rgb(  1,2,3)")).toBe("rgb(1,2,3)");
    expect(resolveColor("rgb(1  ,2,3)")).toBe("rgb(1,2,3)");
    expect(resolveColor("rgb(1,2  ,3)")).toBe("rgb(1,2,3)");
    expect(resolveColor("rgb(1,2,3  )")).toBe("rgb(1,2,3)");
    expect(resolveColor("rgb(12,34,56)")).toBe("rgb(12,34,56)");
    expect(resolveColor("rgb(1234,0,0)")).toBeNull();
    expect(resolveColor("rgb(0,1234,0)")).toBeNull();
    expect(resolveColor("rgb(0,0,1234)")).toBeNull();
    expect(resolveColor("rgba(1,2,3,2)")).toBeNull();
    expect(resolveColor("rgba(1,2,3,0.)")).toBeNull();
    expect(resolveColor("xrgb(1,2,3)")).toBeNull();
    expect(resolveColor("rgb(1,2,3)x")).toBeNull();
    expect(resolveColor("rgb(x1,2,3)")).toBeNull();
    expect(resolveColor("rgb(1x,2,3)")).toBeNull();
    expect(resolveColor("rgb(1,x2,3)")).toBeNull();
    expect(resolveColor("rgb(1,2x,3)")).toBeNull();
    expect(resolveColor("rgb(1,2,x3)")).toBeNull();
    expect(resolveColor("rgb(1,2,3x)")).toBeNull();
    expect(resolveColor("rgba(1,2,3,x1)")).toBeNull();
    expect(resolveColor("rgba(1,2,3,1x)")).toBeNull();
    expect(resolveColor("rgba(1,2,3,x.5)")).toBeNull();
  });

  it("maps a value through its fixed colors, then the other color", () => {
    const mapping = { kind: "categorical" as const, attribute: "k", fixed: { undefined: "red", null: "blue" }, other: "#0f0" };
    expect(mappedColor(mapping, undefined)).toBe("#0f0");
    expect(mappedColor(mapping, null)).toBe("#0f0");
    expect(mappedColor({ ...mapping, other: "nonsense" }, "zzz")).toBeNull();
    expect(mappedColor({ ...mapping, other: "" }, "zzz")).toBeNull();
  });
});

describe("bindings, exactly", () => {
  const columns = new Set(["lbl", "title", "c", "s", "ec"]);

  it("takes the first binding whose column exists, in the documented order", () => {
    expect(nodeLabelColumn({ node_label: "lbl", point_label: "title" }, columns)).toBe("lbl");
    expect(nodeLabelColumn({ node_label: "gone", point_label: "title" }, columns)).toBe("title");
    expect(nodeLabelColumn({ node_title: "title" }, columns)).toBe("title");
    expect(nodeLabelColumn({ point_title: "title" }, columns)).toBe("title");
    expect(nodeLabelColumn({ "": "lbl" }, columns)).toBeNull();
    expect(nodeColorColumn({ point_color: "c" }, columns)).toBe("c");
    expect(nodeColorColumn({ node_color: "c" }, columns)).toBe("c");
    expect(nodeColorColumn({ "": "c" }, columns)).toBeNull();
    expect(nodeSizeColumn({ point_size: "s" }, columns)).toBe("s");
    expect(nodeSizeColumn({ node_size: "s" }, columns)).toBe("s");
    expect(nodeSizeColumn({ "": "s" }, columns)).toBeNull();
    expect(edgeColorColumn({ edge_color: "ec" }, columns)).toBe("ec");
    expect(boundColumn({ a: "missing" }, ["a"], columns)).toBeNull();
    expect(boundColumn({}, ["a"], columns)).toBeNull();
  });

  it("sizes nodes by the graph's order, at each boundary", () => {
    expect(sizeRange(20_001)).toEqual({ min: 1.5, max: 8, base: 2 });
    expect(sizeRange(20_000)).toEqual({ min: 2, max: 10, base: 3 });
    expect(sizeRange(2_001)).toEqual({ min: 2, max: 10, base: 3 });
    expect(sizeRange(2_000)).toEqual({ min: 3, max: 14, base: 5 });
    expect(sizeRange(201)).toEqual({ min: 3, max: 14, base: 5 });
    expect(sizeRange(200)).toEqual({ min: 4, max: 18, base: 8 });
    expect(sizeRange(0)).toEqual({ min: 4, max: 18, base: 8 });
  });

  it("scales from the column's min to max, skipping what is not a number", () => {
    const range = { min: 10, max: 20, base: 1 };
    const scale = sizeScale([5, "  ", null, "x", 1, "3", 3n, Number.NaN, 9], range);
    expect(scale(1)).toBe(10);
    expect(scale(9)).toBe(20);
    expect(scale(5)).toBe(15);
    expect(scale("5")).toBe(15);
    expect(scale(5n)).toBe(15);
    expect(scale(" ")).toBe(1);
    expect(scale("")).toBe(1);
    expect(scale(Infinity)).toBe(1);
    expect(scale("Infinity")).toBe(1);
    // Order does not matter: the extremes are found wherever they stand.
    const reversed = sizeScale([9, 1, 5], range);
    expect(reversed(1)).toBe(10);
    expect(reversed(9)).toBe(20);
    // Repeated extremes change nothing.
    const repeated = sizeScale([1, 1, 9, 9], range);
    expect(repeated(5)).toBe(15);
    expect(sizeScale([4, 4], range)(4)).toBe(1);
    expect(sizeScale([], range)(4)).toBe(1);
    expect(sizeScale([null, "x"], range)(4)).toBe(1);
    expect(sizeScale([" 2 ", "4"], range)(3)).toBe(15);
  });
});

describe("the grant fragment, exactly", () => {
  const jwt = "aaa.bbb.ccc";

  it("splits a fragment into its grant and the rest", () => {
    expect(splitGrantFragment("")).toEqual({ grant: null, rest: "" });
    expect(splitGrantFragment("#")).toEqual({ grant: null, rest: "" });
    expect(splitGrantFragment("section")).toEqual({ grant: null, rest: "section" });
    expect(splitGrantFragment("#section")).toEqual({ grant: null, rest: "section" });
    expect(splitGrantFragment("##x")).toEqual({ grant: null, rest: "#x" });
    expect(splitGrantFragment(`#grant=${jwt}`)).toEqual({ grant: jwt, rest: "" });
    expect(splitGrantFragment(`grant=${jwt}&a=1`)).toEqual({ grant: jwt, rest: "a=1" });
    expect(splitGrantFragment("#grant=")).toEqual({ grant: null, rest: "" });
    expect(splitGrantFragment("#grant=%E0%A4%A&a")).toEqual({ grant: null, rest: "a" });
    expect(splitGrantFragment("#grant=not-a-jwt&a")).toEqual({ grant: null, rest: "a" });
    expect(splitGrantFragment(`#grant=%zz&grant=${jwt}`)).toEqual({ grant: jwt, rest: "" });
    expect(splitGrantFragment(`#grant=${jwt}&grant=x.y.z`)).toEqual({ grant: jwt, rest: "" });
  });
});
