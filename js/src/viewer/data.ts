// Fetching the dataset's description and tables from the hub, with deadlines and messages a
// person can act on.
import { tableFromIPC, type Table } from "apache-arrow";

import { parseMeta } from "./config";
import { ViewerError, httpError } from "./errors";
import type { DatasetMeta, ViewerConfig } from "./types";

/** No request may hang the page forever: a dead hub becomes an error message. */
export const FETCH_DEADLINE_MS = 60_000;

async function fetchWithDeadline(url: string, what: string, config: ViewerConfig): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), FETCH_DEADLINE_MS);
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", signal: controller.signal });
  } catch (error) {
    clearTimeout(timer);
    const reason = controller.signal.aborted ? `no answer within ${FETCH_DEADLINE_MS / 1000} s` : "the hub is unreachable";
    throw new ViewerError(`Could not load the graph's ${what}: ${reason}. Check that the hub is running, then reload.`);
  }
  clearTimeout(timer);
  if (!response.ok) throw httpError(response.status, what, config.dataset, config.login);
  return response;
}

export async function fetchMeta(config: ViewerConfig): Promise<DatasetMeta> {
  const response = await fetchWithDeadline(config.meta, "description", config);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ViewerError("The hub sent an unreadable description of this graph (not JSON). Reload to try again.");
  }
  return parseMeta(json, config.dataset);
}

/** Decodes an Arrow IPC stream (or file); anything else is a clear error. */
export function decodeArrow(bytes: Uint8Array, what: string): Table {
  if (bytes.byteLength === 0) {
    throw new ViewerError(`The graph's ${what} could not be read: the hub sent no data.`);
  }
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ViewerError(`The graph's ${what} could not be read: the hub did not send valid Arrow data (${detail}).`);
  }
  if (table.schema.fields.length === 0) {
    throw new ViewerError(`The graph's ${what} could not be read: the hub did not send valid Arrow data (no columns).`);
  }
  return table;
}

export async function fetchTable(url: string, what: string, config: ViewerConfig): Promise<Table> {
  const response = await fetchWithDeadline(url, what, config);
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("text/html")) {
    // A sign-in page answered in place of the data (a redirect the browser followed).
    throw httpError(403, what, config.dataset, config.login);
  }
  return decodeArrow(new Uint8Array(await response.arrayBuffer()), what);
}
