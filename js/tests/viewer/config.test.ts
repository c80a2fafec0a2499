import { afterEach, describe, expect, it } from "vitest";

import { CONFIG_ELEMENT_ID, MAX_REASON_LENGTH, parseMeta, readConfig } from "../../src/viewer/config";
import { ViewerError } from "../../src/viewer/errors";

function setConfig(text: string): void {
  const script = document.createElement("script");
  script.id = CONFIG_ELEMENT_ID;
  script.type = "application/json";
  script.textContent = text;
  document.body.appendChild(script);
}

afterEach(() => {
  document.body.replaceChildren();
});

describe("readConfig", () => {
  it("reads the endpoints from the page's JSON configuration", () => {
    setConfig(
      JSON.stringify({ dataset: "abc", meta: "/m", edges: "/e.arrow", nodes: null, login: "/graph/login" }),
    );
    expect(readConfig(document, "/graph/graph.html", "?dataset=abc&type=arrow")).toEqual({
      dataset: "abc",
      meta: "/m",
      edges: "/e.arrow",
      nodes: null,
      login: "/graph/login",
      needsGrant: false,
    });
  });

  it("reads the hub's needs-grant mode, which only `true` turns on", () => {
    setConfig(JSON.stringify({ dataset: "abc", needs_grant: true }));
    expect(readConfig(document, "/graph/graph.html", "?dataset=abc").needsGrant).toBe(true);
    document.body.replaceChildren();
    setConfig(JSON.stringify({ dataset: "abc", needs_grant: "yes" }));
    expect(readConfig(document, "/graph/graph.html", "?dataset=abc").needsGrant).toBe(false);
  });

  it("falls back to the hub's default endpoints for the dataset in the URL", () => {
    const config = readConfig(document, "/graph/graph.html", "?dataset=x1&info=true");
    expect(config.meta).toBe("api/datasets/x1");
    expect(config.edges).toBe("api/datasets/x1/edges.arrow");
    expect(config.nodes).toBe("api/datasets/x1/nodes.arrow");
    expect(config.login).toBe("../login?next=%2Fgraph%2Fgraph.html%3Fdataset%3Dx1%26info%3Dtrue");
  });

  it("comes back to the page's path on the hub when the hub is served under a prefix", () => {
    const config = readConfig(document, "/user/a/proxy/8080/graph/graph.html", "?dataset=x1");
    expect(config.login).toBe("../login?next=%2Fgraph%2Fgraph.html%3Fdataset%3Dx1");
    // Relative to the page, the endpoints stay under the prefix.
    const page = "http://lab.example/user/a/proxy/8080/graph/graph.html?dataset=x1";
    expect(new URL(config.meta, page).pathname).toBe("/user/a/proxy/8080/graph/api/datasets/x1");
    expect(new URL(config.login ?? "", page).pathname).toBe("/user/a/proxy/8080/login");
  });

  it("explains a page with no dataset", () => {
    expect(() => readConfig(document, "/graph/graph.html", "")).toThrow(/no \?dataset=/);
  });

  it("explains a broken configuration", () => {
    setConfig("{not json");
    expect(() => readConfig(document, "/graph/graph.html", "?dataset=a")).toThrow(ViewerError);
  });
});

describe("parseMeta", () => {
  it("reads name, owner, row counts and bindings", () => {
    const meta = parseMeta(
      {
        id: "d",
        name: "Flights",
        owner: "alice",
        org: "acme",
        privacy: "organization",
        edges: 10,
        nodes: 0,
        node_encodings: { bindings: { node: "n", node_title: "n" } },
        edge_encodings: { bindings: { source: "s", destination: "d", bogus: 3 } },
      },
      "d",
    );
    expect(meta).toMatchObject({ name: "Flights", owner: "alice", org: "acme", edgeRows: 10, nodeRows: 0 });
    expect(meta.edgeEncodings.bindings).toEqual({ source: "s", destination: "d" });
    expect(meta.nodeEncodings.bindings["node_title"]).toBe("n");
  });

  it("names an unnamed dataset after its id", () => {
    expect(parseMeta({}, "d9").name).toBe("Dataset d9");
  });

  it("rejects a body that is not an object", () => {
    expect(() => parseMeta([1, 2], "d")).toThrow(ViewerError);
  });
});

describe("parseMeta on an incomplete dataset", () => {
  it("is complete when the hub says nothing about it", () => {
    expect(parseMeta({ id: "d" }, "d")).toMatchObject({ complete: true, missing: [] });
  });

  it("reads which tables are missing and why", () => {
    const meta = parseMeta(
      {
        complete: false,
        missing: [
          { table: "edges", reason: "its upload never arrived at the hub" },
          { table: 3, reason: null },
          "nodes",
        ],
      },
      "d",
    );
    expect(meta.complete).toBe(false);
    expect(meta.missing).toEqual([{ table: "edges", reason: "its upload never arrived at the hub" }]);
  });

  it("is incomplete, with an unnamed table, when the hub says so without naming one", () => {
    expect(parseMeta({ complete: false }, "d").missing).toEqual([{ table: "", reason: "" }]);
  });

  it("is incomplete when a missing table is named, whatever `complete` says", () => {
    expect(parseMeta({ complete: true, missing: [{ table: "nodes" }] }, "d").complete).toBe(false);
  });

  it("shortens a long reason", () => {
    const meta = parseMeta({ missing: [{ table: "edges", reason: "x".repeat(1000) }] }, "d");
    expect(meta.missing[0]?.reason.length).toBe(MAX_REASON_LENGTH);
  });
});
