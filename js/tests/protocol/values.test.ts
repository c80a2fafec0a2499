// @vitest-environment node
import { describe, expect, it } from "vitest";

import { finite, hasOwn, isRecord } from "../../src/protocol/values";

describe("isRecord", () => {
  it("is true for plain objects only", () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord({ a: 1 })).toBe(true);
    for (const value of [null, undefined, [], [1], "a", 1, true, () => 1]) expect(isRecord(value)).toBe(false);
  });
});

describe("finite", () => {
  it("is true for numbers that are neither NaN nor infinite", () => {
    for (const value of [0, -1.5, 1e300, Number.MIN_VALUE]) expect(finite(value)).toBe(true);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "1", null, 1n]) {
      expect(finite(value)).toBe(false);
    }
  });
});

describe("hasOwn", () => {
  it("sees an object's own keys, not the ones every object inherits", () => {
    expect(hasOwn({ login: {} }, "login")).toBe(true);
    expect(hasOwn({ login: {} }, "logout")).toBe(false);
    expect(hasOwn({}, "toString")).toBe(false);
    expect(hasOwn({}, "__proto__")).toBe(false);
  });
});
