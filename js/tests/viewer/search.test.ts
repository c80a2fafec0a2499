import { describe, expect, it } from "vitest";

import { buildSearchIndex, resultText, searchNodes } from "../../src/viewer/search";

const index = buildSearchIndex([
  { node: "n1", label: "Paris" },
  { node: "n2", label: "Paris Orly" },
  { node: "n3", label: "Charles de Gaulle (Paris)" },
  { node: "n4", label: "Comparison" },
  { node: "par", label: "Lyon" },
  { node: "n6", label: "Marseille" },
]);

describe("searchNodes", () => {
  it("ranks exact, then prefix, then word, then anywhere; by label or id; ignoring case", () => {
    expect(searchNodes(index, "paris").map((m) => m.node)).toEqual(["n1", "n2", "n3", "n4"]);
    expect(searchNodes(index, "PAR").map((m) => m.node)).toEqual(["par", "n1", "n2", "n3", "n4"]);
    expect(searchNodes(index, "n6")).toEqual([{ node: "n6", label: "Marseille" }]);
  });

  it("finds nothing for blank text or no match, and lists at most the limit", () => {
    expect(searchNodes(index, "  ")).toEqual([]);
    expect(searchNodes(index, "tokyo")).toEqual([]);
    expect(searchNodes(index, "a", 2)).toHaveLength(2);
  });

  it("lists the same nodes in the same order every time", () => {
    expect(searchNodes(index, "a")).toEqual(searchNodes(index, "a"));
  });

  it("shows the id next to a label that differs from it", () => {
    expect(resultText({ node: "n1", label: "Paris" })).toBe("Paris (n1)");
    expect(resultText({ node: "a", label: "a" })).toBe("a");
  });
});
