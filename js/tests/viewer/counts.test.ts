import { describe, expect, it } from "vitest";

import { countOf, formatCount } from "../../src/viewer/counts";

describe("formatCount", () => {
  it("groups thousands as en-US does", () => {
    for (const n of [0, 7, 999, 1_000, 12_345, 100_000, 999_999, 1_000_000, 25_000_000, 1_234_567_890, -1_234, -999]) {
      expect(formatCount(n)).toBe(n.toLocaleString("en-US"));
    }
  });

  it("writes what is not a safe integer as is", () => {
    expect(formatCount(1.5)).toBe("1.5");
    expect(formatCount(Number.NaN)).toBe("NaN");
    expect(formatCount(2 ** 60)).toBe(String(2 ** 60));
  });
});

describe("countOf", () => {
  it("says one item in the singular and any other count in the plural", () => {
    expect(countOf(1, "node")).toBe("1 node");
    expect(countOf(0, "edge")).toBe("0 edges");
    expect(countOf(25_000, "node")).toBe("25,000 nodes");
  });
});
