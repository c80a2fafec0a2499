// The synced traits and custom messages of each widget, as docs/contracts.md defines them.
// Traits are view state only: no secret is ever a trait.

export type LoginMethod = "password" | "personal_key" | "token" | "sso";
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
  settled: number;
};

export type LoginModel = ViewModel & {
  server: string;
  protocol: "http" | "https";
  method: LoginMethod;
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
};

type LoginTarget = {
  server: string;
  org: string;
  privacy: Privacy;
  client_protocol_hostname: string;
  remember: boolean;
};

/** Login messages carry the secrets: they go out with model.send only, never as traits. */
export type LoginMessage =
  | ({ type: "login"; method: "password"; username: string; password: string } & LoginTarget)
  | ({
      type: "login";
      method: "personal_key";
      personal_key_id: string;
      personal_key_secret: string;
    } & LoginTarget)
  | ({ type: "login"; method: "token"; token: string } & LoginTarget)
  | ({ type: "login"; method: "sso" } & LoginTarget)
  | ({ type: "login"; method: "environment" } & LoginTarget)
  | { type: "continue" }
  | { type: "forget" }
  | { type: "logout" }
  | { type: "cancel" };

/** The inputs of the form, as Python names them when it answers a form it could not accept. */
export type FormField =
  | "server"
  | "method"
  | "username"
  | "password"
  | "personal_key_id"
  | "personal_key_secret"
  | "token"
  | "org"
  | "client_protocol_hostname";

/** Python to the login view (custom messages). */
export type LoginViewMessage = { type: "form_error"; message: string; field: FormField };

export type PlotStatus = "waiting" | "uploading" | "ready" | "error";

export type PlotModel = ViewModel & {
  status: PlotStatus;
  stage: string;
  bytes_sent: number;
  bytes_total: number;
  url: string;
  error: string;
  height: number;
  account_label: string;
  account_color: string;
  /** user@server */
  account_title: string;
  privacy: Privacy;
  deadline_s: number;
  /** rows of the plotted edge table (0 before the first plot) */
  edge_rows: number;
  /** rows of the plotted node table; 0 when the plot has none */
  node_rows: number;
  /** when the plot shown was uploaded, epoch seconds; 0 when unknown */
  uploaded_at: number;
};

/** A viewer asks for the grant of the dataset it shows: for the frame, or for a new tab. */
export type GrantRequest = { type: "grant_request"; dataset: string; to: "frame" | "tab" };

export type PlotMessage = { type: "replot" } | GrantRequest;

/** Python's answer to a GrantRequest (custom message; the grant is never a trait). */
export type GrantAnswer =
  | { type: "grant"; dataset: string; to: "frame" | "tab"; grant: string }
  | { type: "no_grant"; dataset: string; to: "frame" | "tab"; reason: string; unsupported: boolean };

export type AccountOption = { id: string; name: string };

export type SwitcherModel = PlotModel & {
  options: AccountOption[];
  selected: string;
};

export type SwitcherMessage = PlotMessage | { type: "select"; id: string };

export type CompareModel = ViewModel & {
  /** ipywidgets model references, "IPY_MODEL_<id>", one per PlotWidget */
  views: string[];
  columns_min_px: number;
};
