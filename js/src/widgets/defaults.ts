// The initial state of each widget model: the same values as the Python traits' defaults
// (tests/widgets/test_contracts.py compares them). Views fall back to these.
import type { CompareModel, LoginModel, PlotModel, SwitcherModel, ViewModel } from "./types";

export const VIEW_DEFAULTS: ViewModel = {
  settle_count: 0,
};

export const LOGIN_DEFAULTS: LoginModel = {
  ...VIEW_DEFAULTS,
  server: "",
  protocol: "https",
  method: "password",
  org: "",
  privacy: "",
  label: "",
  color: "",
  status: "logged_out",
  error: "",
  username: "",
  expires_at: 0,
  sso_url: "",
  deadline_s: 30,
  client_protocol_hostname: "",
  certificate_validation: true,
  ca_bundle: "",
  remember: false,
  remembered_user: "",
  environment_key_id: "",
  logged_in_with: "",
};

export const PLOT_DEFAULTS: PlotModel = {
  ...VIEW_DEFAULTS,
  status: "waiting",
  stage: "",
  bytes_sent: 0,
  bytes_total: 0,
  rows_sent: 0,
  rows_total: 0,
  url: "",
  error: "",
  height: 600,
  snapshot: true,
  account_label: "",
  account_color: "",
  account_user: "",
  account_server: "",
  certificate_validation: true,
  privacy: "",
  deadline_s: 60,
  edge_rows: 0,
  node_rows: 0,
  uploaded_at: 0,
};

export const SWITCHER_DEFAULTS: SwitcherModel = {
  ...PLOT_DEFAULTS,
  options: [],
  selected: "",
};

export const COMPARE_DEFAULTS: CompareModel = {
  ...VIEW_DEFAULTS,
  views: [],
  columns_min_px: 420,
};
