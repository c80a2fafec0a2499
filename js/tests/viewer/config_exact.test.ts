// @vitest-environment node
// Exact expectations for the viewer's configuration and dataset description readers: each field's
// fallback and each refusal's wording (mutation testing, docs/testing.md). No DOM: a stand-in
// document holds the configuration element.
import { describe, expect, it } from "vitest";

import { CONFIG_ELEMENT_ID, defaultConfig, parseMeta, parseMissing, pathOnHub, readConfig } from "../../src/viewer/config";
import { ViewerError } from "../../src/viewer/errors";

function page(text: string | null | undefined): Document {
  const element = text === undefined ? null : { textContent: text };
  return { getElementById: (id: string) => (id === CONFIG_ELEMENT_ID ? element : null) } as unknown as Document;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ViewerError);
    return (error as Error).message;
  }
  throw new Error("expected a ViewerError");
}

const PATH = "/graph/graph.html";

describe("readConfig, exactly", () => {
  it("uses the URL's dataset when the page has no configuration, or a blank one", () => {
    for (const doc of [page(undefined), page("   "), page(null)]) {
      expect(readConfig(doc, PATH, "?dataset=d1")).toEqual(defaultConfig("d1", `${PATH}?dataset=d1`));
    }
    expect(defaultConfig("d1", "/x").needsGrant).toBe(false);
  });

  it("asks for a dataset when neither names one", () => {
    const message = "No dataset to show: the page address has no ?dataset=… parameter.";
    expect(refusal(() => readConfig(page(undefined), PATH, ""))).toBe(message);
    expect(refusal(() => readConfig(page(undefined), PATH, "?dataset="))).toBe(message);
  });

  it("says what is wrong with a broken configuration", () => {
    expect(refusal(() => readConfig(page("{nope"), PATH, "?dataset=d"))).toBe(
      "The viewer page is broken: its configuration is not valid JSON.",
    );
    for (const text of ["[1]", "null", "3", '"d"']) {
      expect(refusal(() => readConfig(page(text), PATH, "?dataset=d"))).toBe(
        "The viewer page is broken: its configuration is not a JSON object.",
      );
    }
    for (const search of ["", "?dataset="]) {
      expect(refusal(() => readConfig(page("{}"), PATH, search))).toBe(
        "The viewer page is broken: its configuration names no dataset.",
      );
    }
    expect(refusal(() => readConfig(page('{"dataset": ""}'), PATH, "?dataset=d"))).toBe(
      "The viewer page is broken: its configuration names no dataset.",
    );
  });

  it("falls back to the URL's dataset and the default endpoints field by field", () => {
    const config = readConfig(page('{"nodes": 5, "login": "", "meta": 1}'), PATH, "?dataset=d2");
    const defaults = defaultConfig("d2", `${PATH}?dataset=d2`);
    expect(config).toEqual({ ...defaults, nodes: defaults.nodes });
    expect(readConfig(page('{"dataset": "d3", "login": 7}'), PATH, "").login).toBe(defaultConfig("d3", PATH).login);
    expect(readConfig(page('{"dataset": "d3", "nodes": null}'), PATH, "").nodes).toBeNull();
    expect(readConfig(page('{"dataset": "d3", "nodes": "n.arrow", "login": "/in"}'), PATH, "")).toMatchObject({
      nodes: "n.arrow",
      login: "/in",
    });
  });
});

describe("pathOnHub, exactly", () => {
  it("keeps the path from /graph/ on, wherever it starts, and a path without it whole", () => {
    expect(pathOnHub("/user/a/proxy/8080/graph/graph.html")).toBe("/graph/graph.html");
    expect(pathOnHub("x/graph/graph.html")).toBe("/graph/graph.html");
    expect(pathOnHub("/other/page.html")).toBe("/other/page.html");
  });
});

describe("parseMeta, exactly", () => {
  const complex = (scope: string, key: string, encoding: unknown): unknown => ({
    complex: { [scope]: { [key]: encoding } },
  });
  const categorical = (fixed: unknown, other: unknown): unknown => ({
    attribute: "k",
    mapping: { categorical: { fixed, other } },
  });

  it("keeps what the hub said and leaves the rest empty", () => {
    const meta = parseMeta({}, "d9");
    expect(meta).toEqual({
      id: "d9",
      name: "Dataset d9",
      description: "",
      owner: "",
      org: "",
      privacy: "",
      edgeRows: null,
      nodeRows: null,
      nodeEncodings: { bindings: {}, colorMapping: null, sizeMapping: null, icon: null, badges: [], markKeys: [], complexKeys: [] },
      edgeEncodings: { bindings: {}, colorMapping: null, sizeMapping: null, icon: null, badges: [], markKeys: [], complexKeys: [] },
      complete: true,
      missing: [],
    });
    expect(parseMeta({ id: 5, description: 1, owner: 2, org: 3, privacy: 4 }, "d9")).toMatchObject({
      id: "d9",
      description: "",
      owner: "",
      org: "",
      privacy: "",
    });
    expect(parseMeta({ id: "x", description: "d", owner: "o", org: "g", privacy: "public" }, "d9")).toMatchObject({
      id: "x",
      name: "Dataset x",
      description: "d",
      owner: "o",
      org: "g",
      privacy: "public",
    });
  });

  it("reads row counts only when they are finite and not negative", () => {
    expect(parseMeta({ edges: 0, nodes: 3.5 }, "d")).toMatchObject({ edgeRows: 0, nodeRows: 3.5 });
    for (const bad of [-1, "3", Infinity, Number.NaN, null]) {
      expect(parseMeta({ edges: bad, nodes: bad }, "d")).toMatchObject({ edgeRows: null, nodeRows: null });
    }
  });

  it("reads bindings that name a column, and only those", () => {
    const meta = parseMeta({ node_encodings: { bindings: { node: "id", a: "", b: 3 } }, edge_encodings: [] }, "d");
    expect(meta.nodeEncodings.bindings).toEqual({ node: "id" });
    expect(meta.edgeEncodings).toEqual({ bindings: {}, colorMapping: null, sizeMapping: null, icon: null, badges: [], markKeys: [], complexKeys: [] });
    expect(parseMeta({ node_encodings: { bindings: ["x"] } }, "d").nodeEncodings.bindings).toEqual({});
  });

  it("reads a categorical color mapping under either key, current before default", () => {
    const point = parseMeta({ node_encodings: complex("default", "pointColorEncoding", categorical({ a: "red", b: 2 }, "gray")) }, "d");
    expect(point.nodeEncodings.colorMapping).toEqual({ kind: "categorical", attribute: "k", fixed: { a: "red" }, other: "gray" });
    const node = parseMeta({ node_encodings: complex("default", "nodeColorEncoding", categorical(["red"], 3)) }, "d");
    expect(node.nodeEncodings.colorMapping).toEqual({ kind: "categorical", attribute: "k", fixed: {}, other: null });
    const edge = parseMeta({ edge_encodings: complex("current", "edgeColorEncoding", categorical({}, "blue")) }, "d");
    expect(edge.edgeEncodings.colorMapping).toEqual({ kind: "categorical", attribute: "k", fixed: {}, other: "blue" });
    expect(parseMeta({ edge_encodings: complex("current", "", categorical({}, "blue")) }, "d").edgeEncodings.colorMapping).toBeNull();
    expect(parseMeta({ node_encodings: complex("", "pointColorEncoding", categorical({}, "x")) }, "d").nodeEncodings.colorMapping).toBeNull();
    const both = {
      complex: {
        default: { pointColorEncoding: categorical({}, "from-default") },
        current: { pointColorEncoding: categorical({}, "from-current") },
      },
    };
    expect(parseMeta({ node_encodings: both }, "d").nodeEncodings.colorMapping).toMatchObject({ other: "from-current" });
  });

  it("skips encodings that are not a categorical mapping, and goes on to the next", () => {
    const skipped = [
      null,
      ["attribute"],
      { attribute: 3, mapping: { categorical: {} } },
      { attribute: "k" },
      { attribute: "k", mapping: { categorical: [] } },
      { attribute: "k", mapping: [] },
    ];
    for (const encoding of skipped) {
      const json = {
        node_encodings: {
          complex: { current: { pointColorEncoding: encoding }, default: { pointColorEncoding: categorical({}, "next") } },
        },
      };
      expect(parseMeta(json, "d").nodeEncodings.colorMapping).toMatchObject({ other: "next" });
    }
  });

  it("lists missing tables that name something, and nothing else", () => {
    expect(parseMissing([null, [], { table: "", reason: "" }, { table: 1 }, { table: "nodes" }, { reason: "why" }])).toEqual([
      { table: "nodes", reason: "" },
      { table: "", reason: "why" },
    ]);
    expect(parseMissing({ table: "nodes" })).toEqual([]);
  });

  it("refuses a body that is not an object, in one sentence", () => {
    for (const body of [null, [], "x"]) {
      expect(refusal(() => parseMeta(body, "d"))).toBe(
        "The hub sent an unreadable description of this graph (not a JSON object).",
      );
    }
  });
});
