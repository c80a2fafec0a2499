// Cell values as people read them. Arrow hands the viewer numbers for instants, bytes for UUIDs
// and scaled integers for decimals; table.ts wraps those in the classes here, whose text is what a
// person expects (ISO instants with their zone, canonical UUIDs, exact decimals) and which still
// sort and scale as the numbers they stand for (valueOf).

/** Longest text a cell shows; the rest is cut with "…". */
export const MAX_TEXT = 120;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * The microseconds of an epoch-ms float, trimmed: a double holds an instant of today to about
 * 0.2 µs, so finer digits (a nanosecond column's) would be noise.
 */
function subMilliseconds(ms: number): string {
  const micros = Math.round((ms - Math.floor(ms)) * 1e3);
  if (micros === 0 || micros === 1000) return "";
  return String(micros).padStart(3, "0").replace(/0+$/, "");
}

/** `2024-01-02T03:04:05` (with `.678` and finer digits only when there are any). */
function wallClock(year: number, month: number, day: number, h: number, m: number, s: number, ms: number, sub: string): string {
  const fraction = ms === 0 && sub === "" ? "" : `.${pad(ms, 3)}${sub}`.replace(/0+$/, "");
  const y = year < 0 || year > 9999 ? (year < 0 ? "-" : "+") + pad(Math.abs(year), 6) : pad(year, 4);
  return `${y}-${pad(month)}-${pad(day)}T${pad(h)}:${pad(m)}:${pad(s)}${fraction}`;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormat(zone: string): Intl.DateTimeFormat | null {
  if (!zoneFormats.has(zone)) {
    let format: Intl.DateTimeFormat | null;
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
        timeZoneName: "longOffset",
      });
    } catch {
      format = null; // a zone this browser does not know: shown in UTC, with the zone's name
    }
    zoneFormats.set(zone, format);
  }
  return zoneFormats.get(zone)!;
}

/**
 * An instant from an Arrow timestamp or date. `zone`: the column's time zone ("UTC",
 * "America/New_York", "+01:00"), or null for a naive timestamp, which is shown without one.
 */
export class Instant {
  constructor(
    /** Milliseconds since the epoch (fractional below a millisecond). */
    readonly ms: number,
    readonly zone: string | null,
    /** An Arrow date: only the day is shown. */
    readonly dateOnly = false,
  ) {}

  valueOf(): number {
    return this.ms;
  }

  toString(): string {
    const whole = Math.floor(this.ms);
    const date = new Date(whole);
    if (Number.isNaN(date.getTime())) return String(this.ms);
    if (this.dateOnly) return date.toISOString().slice(0, date.toISOString().indexOf("T"));
    const sub = subMilliseconds(this.ms);
    const utc = (): string =>
      wallClock(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds(), sub);
    if (this.zone === null) return utc();
    if (/^(utc|z|etc\/utc|\+00:?00)$/i.test(this.zone)) return `${utc()}Z`;
    const fixed = /^([+-])(\d\d):?(\d\d)$/.exec(this.zone);
    if (fixed !== null) {
      // An offset zone (Arrow allows "+01:00"): its wall clock is UTC shifted by the offset.
      const minutes = (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
      const shifted = new Date(whole + minutes * 60_000);
      const local = wallClock(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate(), shifted.getUTCHours(), shifted.getUTCMinutes(), shifted.getUTCSeconds(), shifted.getUTCMilliseconds(), sub);
      return `${local}${fixed[1]}${fixed[2]}:${fixed[3]}`;
    }
    const format = zoneFormat(this.zone);
    if (format === null) return `${utc()}Z[${this.zone}]`;
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(date)) parts[part.type] = part.value;
    const offset = (parts["timeZoneName"] ?? "GMT").replace(/^GMT/, "") || "+00:00";
    const local = wallClock(
      Number(parts["year"]) * (parts["era"] === "BC" ? -1 : 1),
      Number(parts["month"]),
      Number(parts["day"]),
      Number(parts["hour"]),
      Number(parts["minute"]),
      Number(parts["second"]),
      date.getUTCMilliseconds(),
      sub,
    );
    // RFC 9557: the offset, then the zone's name.
    return `${local}${offset}[${this.zone}]`;
  }
}

/** An Arrow decimal, exact: the scaled integer and its scale, shown as written ("1.10"). */
export class Decimal {
  constructor(
    readonly scaled: bigint,
    readonly scale: number,
  ) {}

  valueOf(): number {
    return Number(this.toString());
  }

  toString(): string {
    if (this.scale <= 0) return (this.scaled * 10n ** BigInt(-this.scale)).toString();
    const negative = this.scaled < 0n;
    const digits = (negative ? -this.scaled : this.scaled).toString().padStart(this.scale + 1, "0");
    const text = `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    return negative ? `-${text}` : text;
  }
}

/** Bytes: a UUID's canonical text, else UTF-8 text when the bytes are that, else hex. */
export class Bytes {
  constructor(
    readonly bytes: Uint8Array,
    readonly uuid: boolean,
  ) {}

  toString(): string {
    const hex = Array.from(this.bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    if (this.uuid && this.bytes.length === 16) {
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(this.bytes);
      // Printable text only; control characters would read as nothing.
      if (!/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return text;
    } catch {
      // not UTF-8: hex below
    }
    return `0x${hex}`;
  }
}

/**
 * A cell value as text: integers as their digits (ids are not quantities: no separators), other
 * numbers to 15 significant digits, instants, decimals and bytes as above, long text cut,
 * nothing missing shown as "—".
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "bigint" || Number.isInteger(value)) return String(value);
  // 15 significant digits: every digit a decimal number typed in keeps, none of a sum's noise.
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "—" : value.toISOString();
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "boolean") text = value ? "true" : "false";
  else if (value instanceof Instant || value instanceof Decimal || value instanceof Bytes) text = value.toString();
  else {
    const json = (() => {
      try {
        return JSON.stringify(value, (_key, item: unknown) =>
          typeof item === "bigint" || item instanceof Instant || item instanceof Decimal || item instanceof Bytes ? String(item) : item,
        );
      } catch {
        return undefined;
      }
    })();
    text = json ?? String(value);
  }
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
