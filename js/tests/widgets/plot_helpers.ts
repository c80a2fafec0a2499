import type { PlotModel } from "../../src/widgets/types";

export function plotTraits(overrides: Partial<PlotModel> = {}): PlotModel {
  return {
    settle_count: 0,
    status: "uploading",
    stage: "uploading edges",
    bytes_sent: 0,
    bytes_total: 0,
    rows_sent: 0,
    rows_total: 0,
    url: "",
    error: "",
    height: 600,
    snapshot: true,
    account_label: "prod",
    account_color: "#e4572e",
    account_user: "alice",
    account_server: "127.0.0.1:8000",
    certificate_validation: true,
    privacy: "",
    deadline_s: 60,
    edge_rows: 3,
    node_rows: 0,
    uploaded_at: 0,
    ...overrides,
  };
}

export const VIEW_URL = "http://127.0.0.1:8000/graph/graph.html?dataset=abc123";
