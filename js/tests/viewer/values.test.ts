// Values as people read them: instants in ISO form with their zone, exact decimals, bytes as text.
import { describe, expect, it } from "vitest";

import { Bytes, Decimal, Instant, formatValue } from "../../src/viewer/values";

describe("Instant", () => {
  const ms = Date.UTC(2024, 0, 2, 3, 4, 5, 6);

  it("is naive without a zone, UTC with Z, an offset zone with its offset", () => {
    expect(String(new Instant(ms, null))).toBe("2024-01-02T03:04:05.006");
    expect(String(new Instant(ms, "UTC"))).toBe("2024-01-02T03:04:05.006Z");
    expect(String(new Instant(ms, "+01:00"))).toBe("2024-01-02T04:04:05.006+01:00");
    expect(String(new Instant(ms, "Asia/Kolkata"))).toBe("2024-01-02T08:34:05.006+05:30[Asia/Kolkata]");
  });

  it("names a zone this browser does not know, at UTC", () => {
    expect(String(new Instant(ms, "Mars/Olympus"))).toBe("2024-01-02T03:04:05.006Z[Mars/Olympus]");
  });

  it("keeps microseconds, a date only its day, and scales as its milliseconds", () => {
    expect(String(new Instant(ms + 0.25, null))).toBe("2024-01-02T03:04:05.00625");
    expect(String(new Instant(Date.UTC(2024, 0, 2), "UTC", true))).toBe("2024-01-02");
    expect(Number(new Instant(ms, null))).toBe(ms);
  });
});

describe("Decimal", () => {
  it("writes the scaled integer with its scale, signs and leading zeros kept", () => {
    expect(String(new Decimal(110n, 2))).toBe("1.10");
    expect(String(new Decimal(-5n, 3))).toBe("-0.005");
    expect(String(new Decimal(12n, -2))).toBe("1200");
    expect(Number(new Decimal(-350n, 2))).toBe(-3.5);
  });
});

describe("Bytes", () => {
  it("reads text as text, control bytes and invalid UTF-8 as hex", () => {
    expect(String(new Bytes(new TextEncoder().encode("héllo"), false))).toBe("héllo");
    expect(String(new Bytes(Uint8Array.from([104, 0, 105]), false))).toBe("0x680069");
    expect(String(new Bytes(Uint8Array.from([0xc3]), false))).toBe("0xc3");
    expect(formatValue(new Bytes(Uint8Array.from(Array(16).fill(0xab)), true))).toBe("abababab-abab-abab-abab-abababababab");
  });
});
