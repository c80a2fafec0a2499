import { describe, expect, it } from "vitest";

import {
  GRANT,
  GRANT_REJECTED,
  NO_GRANT,
  VIEWER_READY,
  addressWithoutGrant,
  grantRejected,
  isGrantShaped,
  parseParentMessage,
  splitGrantFragment,
  viewerReady,
} from "../../src/viewer/grant";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6InZpZXcifQ.c2lnbmF0dXJl";

describe("isGrantShaped", () => {
  it("accepts three base64url segments only", () => {
    expect(isGrantShaped(JWT)).toBe(true);
    for (const bad of ["", "a.b", "a.b.", "a.b.c.d", "a b.c.d", "a.b.c\n", "a.b.c\u00e9", 42, null]) {
      expect(isGrantShaped(bad)).toBe(false);
    }
  });

  it("refuses an unreasonably long value", () => {
    expect(isGrantShaped(`${"a".repeat(9000)}.b.c`)).toBe(false);
  });
});

describe("splitGrantFragment", () => {
  it("takes the grant out of the fragment", () => {
    expect(splitGrantFragment(`#grant=${JWT}`)).toEqual({ grant: JWT, rest: "" });
  });

  it("keeps the other fragment parameters", () => {
    expect(splitGrantFragment(`#a=1&grant=${JWT}&b=2`)).toEqual({ grant: JWT, rest: "a=1&b=2" });
  });

  it("decodes a percent-encoded grant", () => {
    expect(splitGrantFragment(`#grant=${encodeURIComponent(JWT)}`).grant).toBe(JWT);
  });

  it("drops a malformed grant from the fragment without using it", () => {
    expect(splitGrantFragment("#grant=not-a-jwt&x=1")).toEqual({ grant: null, rest: "x=1" });
    expect(splitGrantFragment("#grant=%E0%A4%A")).toEqual({ grant: null, rest: "" });
  });

  it("leaves a fragment without a grant as it is", () => {
    expect(splitGrantFragment("#section-2")).toEqual({ grant: null, rest: "section-2" });
    expect(splitGrantFragment("")).toEqual({ grant: null, rest: "" });
  });
});

describe("addressWithoutGrant", () => {
  it("keeps the path and query, and the fragment only when something is left of it", () => {
    expect(addressWithoutGrant("/graph/graph.html", "?dataset=d1", "")).toBe("/graph/graph.html?dataset=d1");
    expect(addressWithoutGrant("/g", "?d=1", "a=1")).toBe("/g?d=1#a=1");
  });
});

describe("parseParentMessage", () => {
  it("accepts a grant for this dataset", () => {
    expect(parseParentMessage({ type: GRANT, dataset: "d1", grant: JWT }, "d1")).toEqual({ kind: "grant", grant: JWT });
  });

  it("accepts a no-grant, with or without a reason", () => {
    expect(parseParentMessage({ type: NO_GRANT, dataset: "d1" }, "d1")).toEqual({ kind: "no-grant", reason: null });
    expect(parseParentMessage({ type: NO_GRANT, dataset: "d1", reason: " Logged out " }, "d1")).toEqual({
      kind: "no-grant",
      reason: "Logged out",
    });
  });

  it("bounds the length of a reason it will show", () => {
    const message = parseParentMessage({ type: NO_GRANT, dataset: "d1", reason: "x".repeat(1000) }, "d1");
    expect(message?.kind === "no-grant" && message.reason?.length).toBe(300);
  });

  it("ignores other datasets, other types, malformed grants and non-objects", () => {
    for (const data of [
      { type: GRANT, dataset: "d2", grant: JWT },
      { type: GRANT, grant: JWT },
      { type: GRANT, dataset: "d1", grant: "nope" },
      { type: GRANT, dataset: "d1" },
      { type: VIEWER_READY, dataset: "d1" },
      { type: "something-else", dataset: "d1" },
      [GRANT, "d1", JWT],
      `{"type":"${GRANT}","dataset":"d1","grant":"${JWT}"}`,
      null,
    ]) {
      expect(parseParentMessage(data, "d1")).toBeNull();
    }
  });
});

describe("the viewer's own messages", () => {
  it("name the dataset and carry nothing else", () => {
    expect(viewerReady("d1")).toEqual({ type: VIEWER_READY, dataset: "d1" });
    expect(grantRejected("d1")).toEqual({ type: GRANT_REJECTED, dataset: "d1" });
  });
});
