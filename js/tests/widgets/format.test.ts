import { describe, expect, it } from "vitest";
import { accountTitle, formatBytes, formatExpiry, percentOf, rowsProgress } from "../../src/widgets/format";

const NOW_MS = Date.UTC(2030, 0, 1);
const NOW_S = NOW_MS / 1000;

describe("formatExpiry", () => {
  it.each([
    [NOW_S + 23 * 3600 + 59 * 60, "expires in 23 h"],
    [NOW_S + 47 * 3600, "expires in 47 h"],
    [NOW_S + 3 * 86400 + 5, "expires in 3 days"],
    [NOW_S + 59 * 60 + 59, "expires in 59 min"],
    [NOW_S + 61, "expires in 1 min"],
    [NOW_S + 30, "expires in less than a minute"],
    [NOW_S, "expired"],
    [NOW_S - 3600, "expired"],
  ])("expiry at %d reads %s", (expiresAt, text) => {
    expect(formatExpiry(expiresAt, NOW_MS)).toBe(text);
  });

  it("says nothing when the expiry is unknown", () => {
    expect(formatExpiry(0, NOW_MS)).toBe("");
    expect(formatExpiry(Number.NaN, NOW_MS)).toBe("");
  });
});

describe("formatBytes and percentOf", () => {
  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [1500, "1.5 kB"],
    [12_345_678, "12 MB"],
    [3_400_000_000, "3.4 GB"],
  ])("%d bytes read %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("gives whole percents within 0..100, null for an unknown total", () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(5, 4)).toBe(100);
    expect(percentOf(5, 0)).toBeNull();
  });
});

describe("accountTitle", () => {
  it("joins user and server, and is the server alone without a user", () => {
    expect(accountTitle("alice@example.com", "hub.local:8000")).toBe("alice@example.com@hub.local:8000");
    expect(accountTitle("", "hub.local:8000")).toBe("hub.local:8000");
  });
});

describe("rowsProgress", () => {
  it.each([
    [0, 0, ""],
    [1, 0, "1 row sent"],
    [12_000, 0, "12,000 rows sent"],
    [12_000, 50_000, "12,000 of 50,000 rows sent"],
    [1, 1, "1 of 1 row sent"],
    [Number.NaN, 5, ""],
  ])("%s of %s: %j", (sent, total, text) => {
    expect(rowsProgress(sent, total)).toBe(text);
  });
});
