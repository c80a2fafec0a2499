// Counts as the viewer's header and compare()'s summary show them ("25,000 nodes"). Grouped by
// hand rather than with toLocaleString: the first locale-aware format in a page loads ICU's number
// data, ~20 ms on the viewer's way to its first frame, for a comma.

/** A count with thousands separators ("1,234,567"); a non-integer is written as is. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${grouped}` : grouped;
}

/** "1 node", "25,000 nodes". */
export function countOf(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;
}
