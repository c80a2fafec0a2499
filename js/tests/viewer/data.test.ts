import { Int64, Utf8, tableFromArrays, tableToIPC } from "apache-arrow";
import { afterEach, describe, expect, it, vi } from "vitest";

import { decodeArrow, fetchMeta, requestInit, takePrefetched } from "../../src/viewer/data";
import { GrantRejectedError, ViewerError, httpError } from "../../src/viewer/errors";
import type { ViewerConfig } from "../../src/viewer/types";
import { batchedIPC } from "./helpers";

const CONFIG: ViewerConfig = {
  dataset: "d1",
  meta: "/graph/api/datasets/d1",
  edges: "/graph/api/datasets/d1/edges.arrow",
  nodes: null,
  login: "/login?next=x",
  needsGrant: true,
};
const JWT = "aaa.bbb.ccc";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("requestInit", () => {
  it("sends a grant only in the Authorization header, and never a Referer", () => {
    const init = requestInit(JWT);
    expect(init.headers).toEqual({ Authorization: `Bearer ${JWT}` });
    expect(init.referrerPolicy).toBe("no-referrer");
    expect(init.cache).toBe("no-store");
  });

  it("sends no Authorization header without a grant", () => {
    expect(requestInit(null).headers).toEqual({});
  });
});

describe("prefetched requests", () => {
  const prefetch = (url: string, body: string): void => {
    vi.stubGlobal("gjPrefetched", {
      [url]: { response: Promise.resolve(new Response(body)), controller: new AbortController() },
    });
  };

  it("are taken once each, by their URL", () => {
    prefetch(CONFIG.meta, "{}");
    expect(takePrefetched(CONFIG.edges)).toBeNull();
    expect(takePrefetched(CONFIG.meta)).not.toBeNull();
    expect(takePrefetched(CONFIG.meta)).toBeNull();
  });

  it("are ignored when the page's record has another shape", () => {
    vi.stubGlobal("gjPrefetched", { [CONFIG.meta]: { response: "no" } });
    expect(takePrefetched(CONFIG.meta)).toBeNull();
    vi.stubGlobal("gjPrefetched", "no");
    expect(takePrefetched(CONFIG.meta)).toBeNull();
  });

  it("answer a request without a grant instead of a new one", async () => {
    prefetch(CONFIG.meta, JSON.stringify({ id: "d1", name: "Early" }));
    const fetch = vi.fn(async () => new Response(JSON.stringify({ id: "d1", name: "Late" })));
    vi.stubGlobal("fetch", fetch);
    expect((await fetchMeta(CONFIG, null)).name).toBe("Early");
    expect(fetch).not.toHaveBeenCalled();
    expect((await fetchMeta(CONFIG, null)).name).toBe("Late"); // a second load asks again
  });

  it("never answer a request that carries a grant", async () => {
    prefetch(CONFIG.meta, JSON.stringify({ id: "d1", name: "Early" }));
    const fetch = vi.fn(async () => new Response(JSON.stringify({ id: "d1", name: "Granted" })));
    vi.stubGlobal("fetch", fetch);
    expect((await fetchMeta(CONFIG, JWT)).name).toBe("Granted");
    expect(fetch).toHaveBeenCalledOnce();
  });

  it("keep the hub's refusals as errors", async () => {
    vi.stubGlobal("gjPrefetched", {
      [CONFIG.meta]: { response: Promise.resolve(new Response("{}", { status: 404 })), controller: new AbortController() },
    });
    await expect(fetchMeta(CONFIG, null)).rejects.toBeInstanceOf(ViewerError);
  });
});

describe("fetchMeta with a grant", () => {
  it("keeps the grant out of the URL", async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ id: "d1", name: "G" })));
    vi.stubGlobal("fetch", fetch);

    expect((await fetchMeta(CONFIG, JWT)).name).toBe("G");
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(CONFIG.meta);
    expect(url).not.toContain(JWT);
    expect(init.headers).toEqual({ Authorization: `Bearer ${JWT}` });
  });

  it("turns a 403 into GrantRejectedError, which the grant flow handles", async () => {
    vi.stubGlobal("fetch", async () => new Response('{"detail": "View grant refused"}', { status: 403 }));

    await expect(fetchMeta(CONFIG, JWT)).rejects.toBeInstanceOf(GrantRejectedError);
  });

  it("without a grant, a 403 stays the sign-in error of the cookie path", async () => {
    vi.stubGlobal("fetch", async () => new Response("{}", { status: 403 }));

    const error = await fetchMeta(CONFIG, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViewerError);
    expect(error).not.toBeInstanceOf(GrantRejectedError);
  });
});

describe("decodeArrow", () => {
  it("decodes an Arrow IPC stream, as the hub sends it", () => {
    const table = decodeArrow(tableToIPC(tableFromArrays({ s: ["a"], d: ["b"] }), "stream"), "edges");
    expect(table.numRows).toBe(1);
    expect(table.getChild("d")?.get(0)).toBe("b");
  });

  it("also decodes the Arrow file format", () => {
    expect(decodeArrow(tableToIPC(tableFromArrays({ s: ["a"] }), "file"), "edges").numRows).toBe(1);
  });

  it("reads every record batch, of a file (as pygraphistry uploads) or a stream", () => {
    const input = { s: { type: new Utf8(), batches: [["a", "b"], ["c"], ["d", "e", "f"]] } };
    for (const format of ["file", "stream"] as const) {
      const table = decodeArrow(batchedIPC(input, format), "edges");
      expect(table.numRows).toBe(6);
      expect([...(table.getChild("s") ?? [])]).toEqual(["a", "b", "c", "d", "e", "f"]);
    }
  });

  it("keeps 64-bit integers beyond 2^53 exact, as bigints", () => {
    const big = 2n ** 63n - 1n;
    const table = decodeArrow(batchedIPC({ id: { type: new Int64(), batches: [[big, 1n]] } }, "file"), "nodes");
    expect(table.getChild("id")?.at(0)).toBe(big);
  });

  it("reports bytes that are not Arrow as unreadable data", () => {
    const bytes = new TextEncoder().encode("<html>Please log in</html>");
    expect(() => decodeArrow(bytes, "edges")).toThrow(ViewerError);
    expect(() => decodeArrow(bytes, "edges")).toThrow(/edges could not be read/);
  });

  it("reports an empty body", () => {
    expect(() => decodeArrow(new Uint8Array(), "nodes")).toThrow(/sent no data/);
    expect(() => decodeArrow(new Uint8Array(), "nodes")).toThrow(
      new ViewerError("The graph's nodes could not be read: the hub sent no data."),
    );
  });

  it("reports bytes without columns, and says why other bytes are not Arrow", () => {
    expect(() => decodeArrow(new Uint8Array(64), "edges")).toThrow(
      new ViewerError("The graph's edges could not be read: the hub did not send valid Arrow data (no columns)."),
    );
    const html = new TextEncoder().encode("<html>Please log in</html>");
    expect(() => decodeArrow(html, "edges")).toThrow(
      "The graph's edges could not be read: the hub did not send valid Arrow data (Expected to read 1836345404 metadata bytes, but only read 22.).",
    );
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
