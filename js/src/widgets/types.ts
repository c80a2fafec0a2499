// The synced traits of each widget (the custom messages: protocol/widget_messages.ts).
// tests/widgets/test_contracts.py compares them with the Python traits, from which
// docs/contracts.md's trait tables are written. Traits are view state only: no secret is ever
// a trait.
import type { OfferedMethod } from "../protocol/login_methods";

export type Privacy = "" | "private" | "organization" | "public";
export type LoginStatus =
  | "logged_out"
  | "logging_in"
  | "sso_pending"
  | "logged_in"
  | "expired"
  | "error";

/** What every widget model has. */
export type ViewModel = {
  /** how often the front end saw the status settle; only views write it (settle.ts) */
  settle_count: number;
};

export type LoginModel = ViewModel & {
  server: string;
  protocol: "http" | "https";
  method: OfferedMethod;
  org: string;
  privacy: Privacy;
  label: string;
  color: string;
  status: LoginStatus;
  error: string;
  username: string;
  /** token expiry in epoch seconds, 0 when unknown */
  expires_at: number;
  sso_url: string;
  deadline_s: number;
  /** where browsers open plots (scheme://host[:port]); "" for the server itself */
  client_protocol_hostname: string;
  /** false: the server's certificate is not checked (the card says "unverified TLS") */
  certificate_validation: boolean;
  ca_bundle: string;
  /** keep the session token for the next kernel (never the password) */
  remember: boolean;
  /** who can continue without a password on this server, "" for nobody */
  remembered_user: string;
  /** the environment's personal key ID, when its secret is set too; never the secret */
  environment_key_id: string;
  /** GRAPHISTRY_API_TOKEN when the widget logged in by itself with the environment's token; never the token */
  logged_in_with: string;
};

export type PlotStatus = "waiting" | "uploading" | "ready" | "error";

export type PlotModel = ViewModel & {
  status: PlotStatus;
  stage: string;
  bytes_sent: number;
  /** 0 while unknown: a table streamed in batches counts rows instead */
  bytes_total: number;
  /** rows of the streamed tables sent so far: the progress while the byte size is unknown */
  rows_sent: number;
  /** rows of the streamed tables in all; 0 while unknown */
  rows_total: number;
  url: string;
  error: string;
  height: number;
  /** Whether the view asks its viewer for a snapshot, which the kernel shows in the static output. */
  snapshot: boolean;
  account_label: string;
  account_color: string;
  /** the user logged in on the plot's account; "" while nobody is */
  account_user: string;
  /** host[:port] of that account's server */
  account_server: string;
  /** false: that account does not check its server's certificate (the header says "unverified TLS") */
  certificate_validation: boolean;
  privacy: Privacy;
  deadline_s: number;
  /** rows of the plotted edge table (0 before the first plot) */
  edge_rows: number;
  /** rows of the plotted node table; 0 when the plot has none */
  node_rows: number;
  /** when the plot shown was uploaded, epoch seconds; 0 when unknown */
  uploaded_at: number;
};

export type AccountOption = { id: string; name: string };

export type SwitcherModel = PlotModel & {
  options: AccountOption[];
  selected: string;
};

export type CompareModel = ViewModel & {
  /** ipywidgets model references, "IPY_MODEL_<id>", one per PlotWidget */
  views: string[];
  columns_min_px: number;
};
