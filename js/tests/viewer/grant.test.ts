import { describe, expect, it } from "vitest";

import { addressWithoutGrant, splitGrantFragment } from "../../src/viewer/grant";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6InZpZXcifQ.c2lnbmF0dXJl";

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

  it("uses the first well-formed grant, and drops every grant parameter", () => {
    expect(splitGrantFragment(`#grant=bad&grant=${JWT}&grant=a.b.c`)).toEqual({ grant: JWT, rest: "" });
    expect(splitGrantFragment(`grant=${JWT}`)).toEqual({ grant: JWT, rest: "" });
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
