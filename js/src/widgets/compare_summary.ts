// compare()'s one-line summary per pane: server, user, rows and upload time, with the parts that
// differ between panes marked, so a difference (another row count, an older upload) stands out.
import { countOf } from "../viewer/counts";

export interface PaneFacts {
  readonly user: string;
  readonly server: string;
  readonly status: string;
  readonly edgeRows: number;
  readonly nodeRows: number;
  readonly uploadedAt: number; // epoch seconds, 0 unknown
}

export interface SummaryPart {
  readonly key: "server" | "user" | "rows" | "uploaded";
  readonly text: string;
  /** The comparable value: parts of the same key with different values differ. */
  readonly value: string;
}

/** "14:02:11", or "2 Mar 14:02" for an upload of another day than `now`. */
export function uploadTime(epochS: number, now: Date = new Date()): string {
  const when = new Date(epochS * 1000);
  const time = when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  if (when.toDateString() === now.toDateString()) return time;
  const day = when.toLocaleDateString("en-GB", { day: "numeric", month: "short" });
  return `${day} ${time.slice(0, 5)}`;
}

/** The summary's parts for one pane (rows and time only once its plot is ready). */
export function summaryParts(facts: PaneFacts, now: Date = new Date()): SummaryPart[] {
  const { server, user } = facts;
  const parts: SummaryPart[] = [];
  if (server) parts.push({ key: "server", text: server, value: server });
  if (user) parts.push({ key: "user", text: user, value: user });
  if (facts.status === "ready") {
    const rows = facts.nodeRows > 0 ? `${countOf(facts.nodeRows, "node")} · ${countOf(facts.edgeRows, "edge")}` : countOf(facts.edgeRows, "edge");
    parts.push({ key: "rows", text: rows, value: rows });
    if (facts.uploadedAt > 0) {
      parts.push({ key: "uploaded", text: `uploaded ${uploadTime(facts.uploadedAt, now)}`, value: String(facts.uploadedAt) });
    }
  }
  return parts;
}

/** For each pane, the keys whose value is not the same in every pane that has that key. */
export function differingKeys(panes: ReadonlyArray<readonly SummaryPart[]>): Set<SummaryPart["key"]> {
  const values = new Map<SummaryPart["key"], Set<string>>();
  for (const parts of panes) {
    for (const part of parts) {
      let set = values.get(part.key);
      if (set === undefined) values.set(part.key, (set = new Set()));
      set.add(part.value);
    }
  }
  const differing = new Set<SummaryPart["key"]>();
  if (panes.length < 2) return differing;
  for (const [key, set] of values) {
    if (key === "uploaded") {
      // Uploads of one compare() land seconds apart: a minute or more apart counts as different.
      const times = [...set].map(Number);
      if (Math.max(...times) - Math.min(...times) >= 60) differing.add(key);
    } else if (set.size > 1) {
      differing.add(key);
    }
  }
  return differing;
}
