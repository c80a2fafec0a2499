// @vitest-environment node
// The widgets' wording of times, sizes and titles at each boundary (mutation testing,
// docs/testing.md).
import { describe, expect, it } from "vitest";

import { formatBytes, formatExpiry, percentOf, accountTitle } from "../../src/widgets/format";

describe("format, at the boundaries", () => {
  const now = 1_000_000_000_000; // epoch ms
  const at = (secondsLeft: number): string => formatExpiry(now / 1000 + secondsLeft, now);

  it("words the time left at each unit's edge", () => {
    expect(at(59)).toBe("expires in less than a minute");
    expect(at(60)).toBe("expires in 1 min");
    expect(at(3599)).toBe("expires in 59 min");
    expect(at(3600)).toBe("expires in 1 h");
    expect(at(2 * 86400 - 1)).toBe("expires in 47 h");
    expect(at(2 * 86400)).toBe("expires in 2 days");
  });

  it("words sizes in steps of 1000, one decimal below ten", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1000)).toBe("1.0 kB");
    expect(formatBytes(9_999)).toBe("10.0 kB");
    expect(formatBytes(10_000)).toBe("10 kB");
    expect(formatBytes(1_500_000)).toBe("1.5 MB");
    expect(formatBytes(2e9)).toBe("2.0 GB");
    expect(formatBytes(3e12)).toBe("3.0 TB");
    expect(formatBytes(5e15)).toBe("5000 TB");
    expect(formatBytes(-1)).toBe("");
    expect(formatBytes(Number.NaN)).toBe("");
    expect(formatBytes(Infinity)).toBe("");
  });

  it("names an account user@server, or by its server alone", () => {
    expect(accountTitle("a@b", "hub:9")).toBe("a@b@hub:9");
    expect(accountTitle("", "hub")).toBe("hub");
    expect(percentOf(1, 3)).toBe(33);
  });
});
