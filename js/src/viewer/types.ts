// Shapes the viewer reads from the hub (docs/contracts.md, "The hub's viewer").

/** Column bindings of one side of the graph, as pygraphistry sends them (`{"source": "s", ...}`). */
export type Bindings = Readonly<Record<string, string>>;

/** One categorical color mapping from pygraphistry's complex encodings (`encode_*_color`). */
export interface CategoricalColorEncoding {
  readonly attribute: string;
  readonly fixed: Readonly<Record<string, string>>;
  readonly other: string | null;
}

export interface Encodings {
  readonly bindings: Bindings;
  /** The categorical color mapping, when the plottable set one with `encode_*_color`. */
  readonly colorMapping: CategoricalColorEncoding | null;
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
