// Shapes the viewer reads from the hub (docs/contracts.md, "The hub's viewer").

/** Column bindings of one side of the graph, as pygraphistry sends them (`{"source": "s", ...}`). */
export type Bindings = Readonly<Record<string, string>>;

/** One categorical color mapping from pygraphistry's complex encodings (`encode_*_color`). */
export interface CategoricalColorEncoding {
  readonly kind: "categorical";
  readonly attribute: string;
  readonly fixed: Readonly<Record<string, string>>;
  readonly other: string | null;
}

/**
 * A palette from `encode_*_color(column, palette=[...])`: `continuous` spreads it as a gradient
 * over the column's range, `palette` (as_categorical) gives each distinct value the next colour.
 */
export interface PaletteColorEncoding {
  readonly kind: "continuous" | "palette";
  readonly attribute: string;
  readonly colors: readonly string[];
}

export type ColorEncoding = CategoricalColorEncoding | PaletteColorEncoding;

/** A categorical size mapping (`encode_point_size(column, categorical_mapping=...)`). */
export interface SizeEncoding {
  readonly attribute: string;
  readonly fixed: Readonly<Record<string, number>>;
  readonly other: number | null;
}

/**
 * Icons or a badge on each node (`encode_point_icon`, `encode_point_badge`, `bind(point_icon=)`):
 * the column, the icon (or text) each of its values maps to, and what any other value gets.
 * Without a mapping (`mapped` false) each value is itself the icon's name.
 */
export interface MarkEncoding {
  readonly attribute: string;
  readonly mapped: boolean;
  readonly fixed: Readonly<Record<string, string>>;
  readonly other: string | null;
  /** `as_text=True`: the values are text to show, not Font Awesome names. */
  readonly asText: boolean;
}

/** A badge: a mark at one of the node's corners or sides (`TopRight`, `Left`, ...). */
export interface BadgeEncoding extends MarkEncoding {
  readonly position: string;
  /** The badge's fill (`bg`, else `color`) and its text's colour (`fg`); null: the defaults. */
  readonly fill: string | null;
  readonly ink: string | null;
}

export interface Encodings {
  readonly bindings: Bindings;
  /** The colour encoding set with `encode_*_color` (current over default), if any. */
  readonly colorMapping: ColorEncoding | null;
  readonly sizeMapping: SizeEncoding | null;
  /** Node icons (marks.ts draws them on the nodes); always null for edges. */
  readonly icon: MarkEncoding | null;
  /** Node badges, one per position; always empty for edges. */
  readonly badges: readonly BadgeEncoding[];
  /** The complex encodings' keys and bindings read into `icon` and `badges`: drawn, not named. */
  readonly markKeys: readonly string[];
  /**
   * The complex encodings' keys this side carries (`pointIconEncoding`, `edgeBadgeTopEncoding`,
   * ...), current and default alike: the viewer names those it does not draw (unshown.ts).
   */
  readonly complexKeys: readonly string[];
}

/** A table a dataset should have and does not, because its upload did not complete. */
export interface MissingTable {
  /** `"edges"` or `"nodes"`; `""` when the hub did not say which. */
  readonly table: string;
  /** Why, as a clause: "its upload never arrived at the hub"; `""` when not given. */
  readonly reason: string;
}

/** The dataset description the meta endpoint answers. */
export interface DatasetMeta {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  readonly org: string;
  readonly privacy: string;
  readonly edgeRows: number | null;
  readonly nodeRows: number | null;
  readonly nodeEncodings: Encodings;
  readonly edgeEncodings: Encodings;
  /** False when an upload did not complete: the viewer then says so instead of drawing part of it. */
  readonly complete: boolean;
  readonly missing: readonly MissingTable[];
}

/** What the page hands the script in `<script id="gj-viewer-config" type="application/json">`. */
export interface ViewerConfig {
  readonly dataset: string;
  readonly meta: string;
  readonly edges: string;
  readonly nodes: string | null;
  /** Where a person signs in to the hub (the page's `login`, else `../login?next=…`); shown on 403. */
  readonly login: string | null;
  /** The page names no dataset metadata: data requests need a view grant (docs/single-sign-in.md). */
  readonly needsGrant: boolean;
}

/** `signin`: the hub's sign-in message is shown instead of a graph (no grant came). */
export type ViewerState = "loading" | "drawn" | "error" | "signin";
