import { describe, expect, it } from "vitest";

import { PALETTE, mappedColor, resolveColor } from "../../src/viewer/colors";

describe("resolveColor", () => {
  it("maps graphistry palette integers to palette colors, wrapping around", () => {
    expect(resolveColor(0)).toBe(PALETTE[0]);
    expect(resolveColor(3)).toBe(PALETTE[3]);
    expect(resolveColor(PALETTE.length + 1)).toBe(PALETTE[1]);
  });

  it("reads int64 codes (bigint) and digit strings as palette codes", () => {
    expect(resolveColor(5n)).toBe(PALETTE[5]);
    expect(resolveColor("2")).toBe(PALETTE[2]);
  });

  it("rejects negative and fractional codes", () => {
    expect(resolveColor(-1)).toBeNull();
    expect(resolveColor(1.5)).toBeNull();
    expect(resolveColor(-3n)).toBeNull();
  });

  it("accepts hex colors and expands the 4-digit #rgba form", () => {
    expect(resolveColor("#F00")).toBe("#f00");
    expect(resolveColor("#00ff00")).toBe("#00ff00");
    expect(resolveColor("#0000ff80")).toBe("#0000ff80");
    expect(resolveColor("#f008")).toBe("#ff000088");
  });

  it("accepts rgb() and rgba() with integer channels", () => {
    expect(resolveColor("rgb(1, 2, 3)")).toBe("rgb(1,2,3)");
    expect(resolveColor("rgba(1,2,3,0.5)")).toBe("rgba(1,2,3,0.5)");
  });

  it("resolves CSS color names case-insensitively to hex", () => {
    expect(resolveColor("Red")).toBe("#ff0000");
    expect(resolveColor(" rebeccapurple ")).toBe("#663399");
  });

  it("returns null for values that are not colors", () => {
    for (const value of ["", "not-a-color", "#12", "hsl(1 2 3)", null, undefined, true, {}]) {
      expect(resolveColor(value)).toBeNull();
    }
  });
});

describe("mappedColor", () => {
  const mapping = { kind: "categorical" as const, attribute: "kind", fixed: { a: "red", "1": "#00f" }, other: "gray" };

  it("uses the fixed color of a value, compared as text", () => {
    expect(mappedColor(mapping, "a")).toBe("#ff0000");
    expect(mappedColor(mapping, 1)).toBe("#00f");
  });

  it("falls back to the other color, or null without one", () => {
    expect(mappedColor(mapping, "zzz")).toBe("#808080");
    expect(mappedColor(mapping, null)).toBe("#808080");
    expect(mappedColor({ ...mapping, other: null }, "zzz")).toBeNull();
  });
});
