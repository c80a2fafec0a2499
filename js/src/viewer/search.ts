// Finding a node by its label or id: the best matches first (exact, then starting with the text,
// then a word starting with it, then containing it). Picking one centres the camera on it and
// selects it (selection.ts).

export interface SearchEntry {
  readonly node: string;
  readonly label: string;
}

interface IndexedEntry extends SearchEntry {
  readonly nodeLower: string;
  readonly labelLower: string;
}

export interface SearchIndex {
  readonly entries: readonly IndexedEntry[];
}

/** Most matches a search lists. */
export const MAX_MATCHES = 8;

export function buildSearchIndex(entries: Iterable<SearchEntry>): SearchIndex {
  const indexed: IndexedEntry[] = [];
  for (const { node, label } of entries) {
    indexed.push({ node, label, nodeLower: node.toLowerCase(), labelLower: label.toLowerCase() });
  }
  return { entries: indexed };
}

/** How well `text` (lower case) matches `query` (lower case): 0 exact ... 3 contains, null none. */
function rank(text: string, query: string): number | null {
  if (text === query) return 0;
  if (text.startsWith(query)) return 1;
  const at = text.indexOf(query);
  if (at < 0) return null;
  return /[^\p{L}\p{N}]/u.test(text.charAt(at - 1)) ? 2 : 3;
}

/** The nodes whose label or id matches `query` (case-insensitive), best first, at most `limit`. */
export function searchNodes(index: SearchIndex, query: string, limit = MAX_MATCHES): SearchEntry[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [];
  const found: Array<{ entry: IndexedEntry; score: number }> = [];
  for (const entry of index.entries) {
    const byLabel = rank(entry.labelLower, q);
    const byId = rank(entry.nodeLower, q);
    const score = Math.min(byLabel ?? 9, byId ?? 9);
    if (score < 9) found.push({ entry, score });
  }
  // Stable: equal scores keep the graph's order, so the same query lists the same nodes.
  found.sort((a, b) => a.score - b.score || a.entry.label.length - b.entry.label.length);
  return found.slice(0, limit).map(({ entry }) => ({ node: entry.node, label: entry.label }));
}

/** What a result shows: the label, and the id when it differs. */
export function resultText(entry: SearchEntry): string {
  return entry.label === entry.node ? entry.label : `${entry.label} (${entry.node})`;
}
