import { tableFromArrays, tableToIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";

import { decodeArrow } from "../../src/viewer/data";
import { ViewerError, httpError } from "../../src/viewer/errors";

describe("decodeArrow", () => {
  it("decodes an Arrow IPC stream, as the hub sends it", () => {
    const table = decodeArrow(tableToIPC(tableFromArrays({ s: ["a"], d: ["b"] }), "stream"), "edges");
    expect(table.numRows).toBe(1);
    expect(table.getChild("d")?.get(0)).toBe("b");
  });

  it("also decodes the Arrow file format", () => {
    expect(decodeArrow(tableToIPC(tableFromArrays({ s: ["a"] }), "file"), "edges").numRows).toBe(1);
  });

  it("reports bytes that are not Arrow as unreadable data", () => {
    const bytes = new TextEncoder().encode("<html>Please log in</html>");
    expect(() => decodeArrow(bytes, "edges")).toThrow(ViewerError);
    expect(() => decodeArrow(bytes, "edges")).toThrow(/edges could not be read/);
  });

  it("reports an empty body", () => {
    expect(() => decodeArrow(new Uint8Array(), "nodes")).toThrow(/sent no data/);
  });
});

describe("httpError", () => {
  it("on 403 says the graph is not shared with this browser and links to the sign-in page", () => {
    const error = httpError(403, "edges", "d1", "/graph/login?next=x");
    expect(error.message).toMatch(/do not have access/);
    expect(error.message).toMatch(/log in/);
    expect(error.action).toEqual({ label: "Log in", href: "/graph/login?next=x" });
  });

  it("on 404 names the dataset", () => {
    const error = httpError(404, "description", "d1", null);
    expect(error.message).toMatch(/"d1"/);
    expect(error.action).toBeNull();
  });

  it("on other statuses suggests a reload", () => {
    expect(httpError(500, "edges", "d1", null).message).toMatch(/HTTP 500.*Reload/);
  });
});
