import { describe, expect, it } from "vitest";

import { ViewerError, incompleteError } from "../../src/viewer/errors";

describe("incompleteError", () => {
  it("names the missing table and why, and what to do", () => {
    const error = incompleteError([{ table: "edges", reason: "its upload never arrived at the hub" }]);
    expect(error).toBeInstanceOf(ViewerError);
    expect(error.message).toBe(
      "This graph is incomplete, so it is not shown: the edges table is missing because its upload " +
        "never arrived at the hub. Plot the graph again from the notebook.",
    );
    expect(error.action).toBeNull();
  });

  it("names every missing table", () => {
    const message = incompleteError([
      { table: "edges", reason: "" },
      { table: "nodes", reason: "its upload failed: not an Arrow IPC file" },
    ]).message;
    expect(message).toContain("the edges table is missing; the nodes table is missing because its upload failed");
  });

  it("still says the graph is incomplete when the hub named no table", () => {
    expect(incompleteError([{ table: "", reason: "" }]).message).toContain("part of its data is missing");
    expect(incompleteError([]).message).toContain("part of its data is missing");
  });
});
