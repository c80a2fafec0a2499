// Reading the page's configuration and the dataset description, defensively: both come over the
// network, so nothing is trusted to have the right shape.
import { isRecord } from "../protocol/values";
import { ViewerError } from "./errors";
import type { BadgeEncoding, Bindings, ColorEncoding, DatasetMeta, Encodings, MarkEncoding, MissingTable, SizeEncoding, ViewerConfig } from "./types";

export const CONFIG_ELEMENT_ID = "gj-viewer-config";

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function countOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

// Every URL here is relative to the viewer page (`<hub>/graph/graph.html`), as in the hub's own
// pages, so the viewer works at the root of the hub's address and under a path prefix such as
// Jupyter's `/proxy/PORT/` alike.

/** The hub's sign-in page, coming back to `here` (a path on the hub with its query) afterwards. */
export function loginUrl(here: string): string {
  return `../login?next=${encodeURIComponent(here)}`;
}

/**
 * The page's path on the hub (`/graph/graph.html`) from its path in the browser, which may carry
 * a prefix the hub is served under (`/user/a/proxy/8080/graph/graph.html`).
 */
export function pathOnHub(path: string): string {
  const at = path.lastIndexOf("/graph/");
  return at === -1 ? path : path.slice(at);
}

/** The default endpoint layout of the hub (docs/contracts.md). */
export function defaultConfig(datasetId: string, here: string): ViewerConfig {
  const base = `api/datasets/${encodeURIComponent(datasetId)}`;
  return {
    dataset: datasetId,
    meta: base,
    edges: `${base}/edges.arrow`,
    nodes: `${base}/nodes.arrow`,
    login: loginUrl(here),
    needsGrant: false,
  };
}

/**
 * The viewer configuration: the JSON in `#gj-viewer-config` when the page has it, otherwise the
 * hub's default endpoints for the `dataset` query parameter. `path` is the page's own path, to
 * come back to after signing in.
 */
export function readConfig(doc: Document, path: string, search: string): ViewerConfig {
  const here = pathOnHub(path) + search;
  const element = doc.getElementById(CONFIG_ELEMENT_ID);
  const fromUrl = new URLSearchParams(search).get("dataset");
  if (element === null || (element.textContent ?? "").trim() === "") {
    if (fromUrl === null || fromUrl === "") {
      throw new ViewerError("No dataset to show: the page address has no ?dataset=… parameter.");
    }
    return defaultConfig(fromUrl, here);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(element.textContent ?? "");
  } catch {
    throw new ViewerError("The viewer page is broken: its configuration is not valid JSON.");
  }
  if (!isRecord(parsed)) {
    throw new ViewerError("The viewer page is broken: its configuration is not a JSON object.");
  }
  const dataset = stringOr(parsed["dataset"], fromUrl ?? "");
  if (dataset === "") {
    throw new ViewerError("The viewer page is broken: its configuration names no dataset.");
  }
  const defaults = defaultConfig(dataset, here);
  const nodes = parsed["nodes"];
  const login = parsed["login"];
  return {
    dataset,
    meta: stringOr(parsed["meta"], defaults.meta),
    edges: stringOr(parsed["edges"], defaults.edges),
    // An explicit null means "no node table was uploaded".
    nodes: nodes === null ? null : stringOr(nodes, defaults.nodes ?? ""),
    login: typeof login === "string" && login !== "" ? login : defaults.login,
    needsGrant: parsed["needs_grant"] === true,
  };
}

function parseBindings(value: unknown): Bindings {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, column] of Object.entries(value)) {
    if (typeof column === "string" && column !== "") out[key] = column;
  }
  return out;
}

/** The complex encodings of one scope (`current` first, as in Graphistry, then `default`). */
function complexScopes(encodings: Record<string, unknown>): Array<Record<string, unknown>> {
  const complex = encodings["complex"];
  if (!isRecord(complex)) return [];
  return ["current", "default"].map((scope) => complex[scope]).filter(isRecord);
}

/** The encodings under `keys` that name an attribute, current before default, in key order. */
function* candidateEncodings(encodings: Record<string, unknown>, keys: readonly string[]): Generator<Record<string, unknown>> {
  for (const group of complexScopes(encodings)) {
    for (const key of keys) {
      const encoding = group[key];
      if (isRecord(encoding) && typeof encoding["attribute"] === "string" && encoding["attribute"] !== "") yield encoding;
    }
  }
}

/** The first candidate encoding `parse` reads; one it cannot read is skipped for the next. */
function firstParsed<T>(encodings: Record<string, unknown>, keys: readonly string[], parse: (encoding: Record<string, unknown>) => T | null): T | null {
  for (const encoding of candidateEncodings(encodings, keys)) {
    const parsed = parse(encoding);
    if (parsed !== null) return parsed;
  }
  return null;
}

function categoricalOf(encoding: Record<string, unknown>): Record<string, unknown> | null {
  const mapping = encoding["mapping"];
  const categorical = isRecord(mapping) ? mapping["categorical"] : undefined;
  return isRecord(categorical) ? categorical : null;
}

/**
 * A color encoding from pygraphistry's complex encodings, e.g.
 * `{"complex": {"default": {"pointColorEncoding": {"attribute": "k", "variation": "categorical",
 * "mapping": {"categorical": {"fixed": {"x": "red"}, "other": "gray"}}}}}}`, or with
 * `"colors": [...]` for a palette (`"variation": "continuous"`: a gradient).
 */
export function parseColorEncoding(encodings: Record<string, unknown>, keys: readonly string[]): ColorEncoding | null {
  return firstParsed(encodings, keys, (encoding): ColorEncoding | null => {
    const attribute = encoding["attribute"] as string;
    const categorical = categoricalOf(encoding);
    if (categorical !== null) {
      const fixed: Record<string, string> = {};
      const rawFixed = categorical["fixed"];
      if (isRecord(rawFixed)) {
        for (const [value, color] of Object.entries(rawFixed)) {
          if (typeof color === "string") fixed[value] = color;
        }
      }
      const other = categorical["other"];
      return { kind: "categorical", attribute, fixed, other: typeof other === "string" ? other : null };
    }
    const colors = Array.isArray(encoding["colors"]) ? encoding["colors"].filter((c): c is string => typeof c === "string") : [];
    if (colors.length === 0) return null;
    return { kind: encoding["variation"] === "continuous" ? "continuous" : "palette", attribute, colors };
  });
}

/** A categorical size mapping (`pointSizeEncoding`), sizes as numbers. */
export function parseSizeEncoding(encodings: Record<string, unknown>, keys: readonly string[]): SizeEncoding | null {
  return firstParsed(encodings, keys, (encoding): SizeEncoding | null => {
    const categorical = categoricalOf(encoding);
    if (categorical === null) return null;
    const fixed: Record<string, number> = {};
    const rawFixed = categorical["fixed"];
    if (isRecord(rawFixed)) {
      for (const [value, size] of Object.entries(rawFixed)) {
        if (typeof size === "number" && Number.isFinite(size) && size >= 0) fixed[value] = size;
      }
    }
    const other = categorical["other"];
    return {
      attribute: encoding["attribute"] as string,
      fixed,
      other: typeof other === "number" && Number.isFinite(other) && other >= 0 ? other : null,
    };
  });
}

/**
 * An icon or badge encoding: a categorical mapping (`fixed`, `other`), or none (the values are
 * the icons). A binned one (`continuous_binning`) is null: it is not drawn, and stays named.
 */
function parseMark(encoding: Record<string, unknown>): MarkEncoding | null {
  const mapping = encoding["mapping"];
  if (isRecord(mapping) && mapping["continuous"] !== undefined) return null;
  const categorical = categoricalOf(encoding);
  const fixed: Record<string, string> = {};
  const rawFixed = categorical?.["fixed"];
  if (isRecord(rawFixed)) {
    for (const [value, icon] of Object.entries(rawFixed)) {
      if (typeof icon === "string" || typeof icon === "number") fixed[value] = String(icon);
    }
  }
  const other = categorical?.["other"];
  return {
    attribute: encoding["attribute"] as string,
    mapped: categorical !== null,
    fixed,
    other: typeof other === "string" || typeof other === "number" ? String(other) : null,
    asText: encoding["asText"] === true,
  };
}

/** The node icons: `pointIconEncoding` (current over default), else a bound icon column. */
function parseIcon(encodings: Record<string, unknown>, bindings: Bindings): { icon: MarkEncoding | null; keys: string[] } {
  const keys = ["pointIconEncoding", "nodeIconEncoding"];
  const icon = firstParsed(encodings, keys, parseMark);
  if (icon !== null) return { icon, keys };
  const column = bindings["node_icon"] ?? bindings["point_icon"];
  if (column === undefined) return { icon: null, keys: [] };
  return { icon: { attribute: column, mapped: false, fixed: {}, other: null, asText: false }, keys: ["node_icon", "point_icon"] };
}

const BADGE_KEY = /^(?:point|node)Badge([A-Za-z]+)Encoding$/;

/** The node badges, one per position (current over default), in key order. */
function parseBadges(encodings: Record<string, unknown>): { badges: BadgeEncoding[]; keys: string[] } {
  const badges: BadgeEncoding[] = [];
  const keys: string[] = [];
  const positions = new Set<string>();
  for (const key of complexKeys(encodings)) {
    const position = BADGE_KEY.exec(key)?.[1];
    if (position === undefined || positions.has(position)) continue;
    const found = firstParsed(encodings, [key], (encoding): BadgeEncoding | null => {
      const mark = parseMark(encoding);
      if (mark === null) return null;
      const colour = (name: string): string | null => (typeof encoding[name] === "string" && encoding[name] !== "" ? (encoding[name] as string) : null);
      return { ...mark, position, fill: colour("bg") ?? colour("color"), ink: colour("fg") };
    });
    if (found === null) continue;
    positions.add(position);
    badges.push(found);
    keys.push(...complexKeys(encodings).filter((k) => BADGE_KEY.exec(k)?.[1] === position));
  }
  return { badges, keys };
}

function complexKeys(encodings: Record<string, unknown>): string[] {
  const keys = new Set<string>();
  for (const group of complexScopes(encodings)) {
    for (const [key, encoding] of Object.entries(group)) if (isRecord(encoding)) keys.add(key);
  }
  return [...keys];
}

const NO_ENCODINGS: Encodings = { bindings: {}, colorMapping: null, sizeMapping: null, icon: null, badges: [], markKeys: [], complexKeys: [] };

function parseEncodings(value: unknown, side: "point" | "edge"): Encodings {
  if (!isRecord(value)) return NO_ENCODINGS;
  const colorKeys = side === "point" ? ["pointColorEncoding", "nodeColorEncoding"] : ["edgeColorEncoding"];
  const sizeKeys = side === "point" ? ["pointSizeEncoding", "nodeSizeEncoding"] : ["edgeSizeEncoding"];
  const bindings = parseBindings(value["bindings"]);
  // Edge icons and badges have no drawing here: they stay named in the notice (unshown.ts).
  const { icon, keys: iconKeys } = side === "point" ? parseIcon(value, bindings) : { icon: null, keys: [] };
  const { badges, keys: badgeKeys } = side === "point" ? parseBadges(value) : { badges: [], keys: [] };
  return {
    bindings,
    colorMapping: parseColorEncoding(value, colorKeys),
    sizeMapping: parseSizeEncoding(value, sizeKeys),
    icon,
    badges,
    markKeys: [...iconKeys, ...badgeKeys],
    complexKeys: complexKeys(value),
  };
}

/** Longest reason shown for a missing table: it is the hub's text, shown as plain text. */
export const MAX_REASON_LENGTH = 300;

/** The `missing` list of the meta endpoint: each `{table, reason}` kept if it names anything. */
export function parseMissing(value: unknown): MissingTable[] {
  if (!Array.isArray(value)) return [];
  const missing: MissingTable[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const table = stringOr(item["table"], "");
    const reason = stringOr(item["reason"], "").slice(0, MAX_REASON_LENGTH);
    if (table !== "" || reason !== "") missing.push({ table, reason });
  }
  return missing;
}

/** Validates the meta endpoint's JSON into a DatasetMeta. */
export function parseMeta(json: unknown, datasetId: string): DatasetMeta {
  if (!isRecord(json)) {
    throw new ViewerError("The hub sent an unreadable description of this graph (not a JSON object).");
  }
  const id = stringOr(json["id"], datasetId);
  const missing = parseMissing(json["missing"]);
  // A hub that says nothing about completeness (an older one) describes a complete dataset.
  const incomplete = json["complete"] === false || missing.length > 0;
  return {
    id,
    name: stringOr(json["name"], "") || `Dataset ${id}`,
    description: stringOr(json["description"], ""),
    owner: stringOr(json["owner"], ""),
    org: stringOr(json["org"], ""),
    privacy: stringOr(json["privacy"], ""),
    edgeRows: countOrNull(json["edges"]),
    nodeRows: countOrNull(json["nodes"]),
    nodeEncodings: parseEncodings(json["node_encodings"], "point"),
    edgeEncodings: parseEncodings(json["edge_encodings"], "edge"),
    complete: !incomplete,
    missing: incomplete && missing.length === 0 ? [{ table: "", reason: "" }] : missing,
  };
}
