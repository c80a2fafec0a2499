import { describe, expect, it } from "vitest";

import { legendSections, renderLegend, MAX_ENTRIES } from "../../src/viewer/legend";
import { columns, meta } from "./helpers";

const edges = columns({ s: ["a", "b", "c"], d: ["b", "c", "a"], w: Float64Array.from([1, 2, 3]) });

describe("legendSections", () => {
  it("names bound node colours by value, and the size column's range", () => {
    const nodes = columns({ id: ["a", "b", "c"], color: ["red", "green", "red"], score: Float64Array.from([1, 5, 3]) });
    const sections = legendSections(
      meta({ source: "s", destination: "d" }, { node: "id", point_color: "color", point_size: "score" }),
      edges,
      nodes,
    );
    expect(sections).toEqual([
      {
        kind: "color",
        title: "Node color",
        column: "color",
        entries: [
          { label: "red", color: "#ff0000" },
          { label: "green", color: "#008000" },
        ],
        more: 0,
      },
      { kind: "size", title: "Node size", column: "score", min: "1", max: "5" },
    ]);
  });

  it("lists a categorical mapping's values and its 'other' colour", () => {
    const nodes = columns({ id: ["a", "b"], kind: ["x", "y"] });
    const encodings = {
      bindings: { node: "id" },
      complex: {
        default: {
          pointColorEncoding: {
            attribute: "kind",
            variation: "categorical",
            mapping: { categorical: { fixed: { x: "red", y: "#00f" }, other: "gray" } },
          },
        },
      },
    };
    const [section] = legendSections(meta({ source: "s", destination: "d" }, {}, { node_encodings: encodings }), edges, nodes);
    expect(section).toMatchObject({
      column: "kind",
      entries: [
        { label: "x", color: "#ff0000" },
        { label: "y", color: "#00f" },
        { label: "other", color: "#808080" },
      ],
    });
  });

  it("counts the values beyond the first few, and shows edge colours too", () => {
    const many = Array.from({ length: MAX_ENTRIES + 3 }, (_, i) => i);
    const colored = columns({ s: many.map(String), d: many.map(String), c: Int32Array.from(many) });
    const [section] = legendSections(meta({ source: "s", destination: "d", edge_color: "c" }), colored, null);
    expect(section).toMatchObject({ kind: "color", title: "Edge color", column: "c", more: 3 });
    expect(section?.kind === "color" ? section.entries : []).toHaveLength(MAX_ENTRIES);
  });

  it("has nothing to say when nothing is bound", () => {
    const nodes = columns({ id: ["a", "b", "c"] });
    expect(legendSections(meta({ source: "s", destination: "d" }, { node: "id" }), edges, nodes)).toEqual([]);
    expect(renderLegend(document, [], false)).toBeNull();
  });
});

describe("renderLegend", () => {
  it("is a disclosure named Legend, closed in small frames, with swatches hidden from screen readers", () => {
    const sections = legendSections(
      meta({ source: "s", destination: "d" }, { node: "id", point_color: "color" }),
      edges,
      columns({ id: ["a"], color: ["red"] }),
    );
    const open = renderLegend(document, sections, false) as HTMLDetailsElement;
    expect(open.querySelector("summary")?.textContent).toBe("Legend");
    expect(open.open).toBe(true);
    expect(open.textContent).toContain("Node color: color");
    expect(open.querySelector(".gj-swatch")?.getAttribute("aria-hidden")).toBe("true");
    expect((renderLegend(document, sections, true) as HTMLDetailsElement).open).toBe(false);
  });
});
