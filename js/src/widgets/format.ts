// Wording of times, sizes and progress, kept apart from the DOM so it is easy to test.

const MINUTE_S = 60;
const HOUR_S = 60 * MINUTE_S;
const DAY_S = 24 * HOUR_S;

/**
 * The remaining life of a token, e.g. "expires in 23 h".
 * `expiresAtS` is epoch seconds (0: unknown, answered with ""), `nowMs` epoch milliseconds.
 */
export function formatExpiry(expiresAtS: number, nowMs: number): string {
  if (!Number.isFinite(expiresAtS) || expiresAtS <= 0) return "";
  const left = expiresAtS - nowMs / 1000;
  if (left <= 0) return "expired";
  if (left < MINUTE_S) return "expires in less than a minute";
  if (left < HOUR_S) return `expires in ${Math.floor(left / MINUTE_S)} min`;
  // Hours up to two days: "expires in 47 h" reads better than "1 day" for a day-long token.
  if (left < 2 * DAY_S) return `expires in ${Math.floor(left / HOUR_S)} h`;
  return `expires in ${Math.floor(left / DAY_S)} days`;
}

/** A byte count for people: "512 B", "1.5 kB", "12 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** Whole percent of `done` out of `total`, within 0..100; null when the total is unknown. */
export function percentOf(done: number, total: number): number | null {
  if (!Number.isFinite(total) || total <= 0 || !Number.isFinite(done)) return null;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}

/** A count of rows the way people read it, "12,000" (the same in every locale: tests read it). */
export function formatCount(count: number): string {
  if (!Number.isFinite(count) || count < 0) return "";
  return Math.floor(count).toLocaleString("en-US");
}

/** The rows of an upload whose byte size is unknown: "12,000 rows sent", or "12,000 of 50,000
 * rows sent" when the table's length is known; "" before the first row. */
export function rowsProgress(sent: number, total: number): string {
  if (!Number.isFinite(sent) || sent <= 0) return "";
  const of = Number.isFinite(total) && total > 0 ? ` of ${formatCount(total)}` : "";
  const noun = (of ? total : sent) === 1 ? "row" : "rows";
  return `${formatCount(sent)}${of} ${noun} sent`;
}

/** "user@server", as badges name an account; the server alone while nobody is logged in. The
 * model keeps the two apart (Python joins them the same way, http/addresses.account_title). */
export function accountTitle(user: string, server: string): string {
  return user ? `${user}@${server}` : server;
}
