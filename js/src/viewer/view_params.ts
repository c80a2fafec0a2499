// The viewer URL's query parameters that mean something here, as pygraphistry writes them with
// `settings(url_params={...})`: it appends `key=str(value)` to the URL, so booleans arrive as
// "True"/"False" and a background colour must be written URL-encoded ("%23ffffff").

export interface ViewParams {
  /** `play`: milliseconds of layout; 0 keeps the uploaded (or seeded) positions. null: default. */
  readonly play: number | null;
  /** `pointSize`: a factor on every node's size (1: as drawn by default). */
  readonly pointSize: number;
  /** `edgeOpacity`: 0-1, multiplied into every edge's colour. */
  readonly edgeOpacity: number;
  /** `bg`: the graph's background colour, or null for the theme's. */
  readonly background: string | null;
  /** `showArrows`: whether edges end in an arrow at their destination. */
  readonly showArrows: boolean;
  /** `pointsOfInterestMax`: at most this many node labels at once; null: sigma's own density. */
  readonly labelsMax: number | null;
}

export const DEFAULT_VIEW_PARAMS: ViewParams = {
  play: null,
  pointSize: 1,
  edgeOpacity: 1,
  background: null,
  showArrows: false,
  labelsMax: null,
};

function numberParam(query: URLSearchParams, name: string, min: number, max: number): number | null {
  const text = query.get(name);
  if (text === null || text.trim() === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? Math.max(min, Math.min(max, n)) : null;
}

function booleanParam(query: URLSearchParams, name: string): boolean | null {
  const text = query.get(name)?.trim().toLowerCase();
  if (text === undefined) return null;
  if (["true", "1", "yes", "on"].includes(text)) return true;
  if (["false", "0", "no", "off"].includes(text)) return false;
  return null;
}

/** `bg` as a CSS colour: #rgb/#rrggbb(aa), also without its "#", or rgb()/rgba(); else null. */
export function backgroundParam(text: string | null): string | null {
  if (text === null) return null;
  const value = text.trim();
  if (/^#?(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value)) return value.startsWith("#") ? value : `#${value}`;
  if (/^rgba?\(\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*(?:,\s*[\d.]+\s*)?\)$/i.test(value)) return value;
  return null;
}

/** The parameters of a viewer URL's query (`location.search`); anything unreadable is the default. */
export function readViewParams(search: string): ViewParams {
  const query = new URLSearchParams(search);
  const labels = numberParam(query, "pointsOfInterestMax", 0, 1_000_000);
  return {
    play: numberParam(query, "play", 0, Number.MAX_SAFE_INTEGER),
    pointSize: numberParam(query, "pointSize", 0.05, 50) ?? DEFAULT_VIEW_PARAMS.pointSize,
    edgeOpacity: numberParam(query, "edgeOpacity", 0, 1) ?? DEFAULT_VIEW_PARAMS.edgeOpacity,
    background: backgroundParam(query.get("bg")),
    showArrows: booleanParam(query, "showArrows") ?? DEFAULT_VIEW_PARAMS.showArrows,
    labelsMax: labels === null ? null : Math.floor(labels),
  };
}
