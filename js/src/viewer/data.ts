// Fetching the dataset's description and tables from the hub, with deadlines and messages a
// person can act on.
import { tableFromIPC, type Table } from "@uwdata/flechette";

import { isGrantShaped } from "../protocol/frames";
import { parseMeta } from "./config";
import { GrantRejectedError, ViewerError, httpError } from "./errors";
import type { DatasetMeta, ViewerConfig } from "./types";

/** No request may hang the page forever: a dead hub becomes an error message. */
export const FETCH_DEADLINE_MS = 60_000;

/**
 * The request options for one data request. A view grant travels only in the Authorization
 * header (never a URL, never storage), and no request sends a Referer naming this page.
 */
export function requestInit(grant: string | null, signal: AbortSignal | null = null): RequestInit {
  return {
    credentials: "same-origin",
    referrerPolicy: "no-referrer",
    cache: "no-store",
    headers: grant === null ? {} : { Authorization: `Bearer ${grant}` },
    signal,
  };
}

/**
 * Whether the hub accepts `grant` for this page's dataset on its own: the browser's cookie is not
 * sent, so a session of this browser cannot stand in for a worthless grant. Any failure is a no.
 */
export async function grantOpens(config: ViewerConfig, grant: string): Promise<boolean> {
  try {
    const response = await fetch(config.meta, {
      ...requestInit(grant, AbortSignal.timeout(FETCH_DEADLINE_MS)),
      credentials: "omit",
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Redeems a grant that came in the page's address: the hub spends it and answers a fresh one,
 * which this page keeps in memory only (docs/single-sign-in.md §5). A refusal is a
 * GrantRejectedError, like a refused data request.
 */
export async function redeemGrant(config: ViewerConfig, grant: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${config.meta}/redeem`, {
      ...requestInit(grant, AbortSignal.timeout(FETCH_DEADLINE_MS)),
      method: "POST",
      credentials: "omit",
    });
  } catch {
    throw new ViewerError("Could not open the graph: the hub is unreachable. Check that the hub is running, then reload.");
  }
  if (response.status === 401 || response.status === 403) throw new GrantRejectedError(response.status, "grant");
  if (!response.ok) throw httpError(response.status, "grant", config.dataset, config.login);
  const body: unknown = await response.json().catch(() => null);
  const fresh = typeof body === "object" && body !== null ? (body as { grant?: unknown }).grant : undefined;
  if (!isGrantShaped(fresh)) throw new ViewerError("The hub sent an unreadable grant for this graph. Reload to try again.");
  return fresh;
}

/** A data request the page started before this script ran (hub/pages.py, `_PREFETCH_JS`). */
export interface Prefetched {
  readonly response: Promise<Response>;
  readonly controller: AbortController;
}

/**
 * The page's prefetched request for `url`, taken once (a second load asks the hub again), or
 * null. Pages that need a view grant prefetch nothing: their requests carry the grant.
 */
export function takePrefetched(url: string, scope: object = globalThis): Prefetched | null {
  const all: unknown = (scope as { gjPrefetched?: unknown }).gjPrefetched;
  if (typeof all !== "object" || all === null || !Object.prototype.hasOwnProperty.call(all, url)) return null;
  const entry: unknown = (all as Record<string, unknown>)[url];
  delete (all as Record<string, unknown>)[url];
  if (typeof entry !== "object" || entry === null) return null;
  const { response, controller } = entry as { response?: unknown; controller?: unknown };
  if (!(response instanceof Promise) || !(controller instanceof AbortController)) return null;
  return { response: response as Promise<Response>, controller };
}

async function fetchWithDeadline(
  url: string,
  what: string,
  config: ViewerConfig,
  grant: string | null,
): Promise<Response> {
  const prefetched = grant === null ? takePrefetched(url) : null;
  const controller = prefetched?.controller ?? new AbortController();
  const timer = setTimeout(() => controller.abort(), FETCH_DEADLINE_MS);
  let response: Response;
  try {
    response = await (prefetched?.response ?? fetch(url, requestInit(grant, controller.signal)));
  } catch (error) {
    clearTimeout(timer);
    const reason = controller.signal.aborted ? `no answer within ${FETCH_DEADLINE_MS / 1000} s` : "the hub is unreachable";
    throw new ViewerError(`Could not load the graph's ${what}: ${reason}. Check that the hub is running, then reload.`);
  }
  clearTimeout(timer);
  if (grant !== null && (response.status === 401 || response.status === 403)) {
    throw new GrantRejectedError(response.status, what);
  }
  if (!response.ok) throw httpError(response.status, what, config.dataset, config.login);
  return response;
}

/** The dataset's description; `grant` (or null: the browser session) authorizes the request. */
export async function fetchMeta(config: ViewerConfig, grant: string | null = null): Promise<DatasetMeta> {
  const response = await fetchWithDeadline(config.meta, "description", config, grant);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ViewerError("The hub sent an unreadable description of this graph (not JSON). Reload to try again.");
  }
  return parseMeta(json, config.dataset);
}

/**
 * Decodes an Arrow IPC stream (or file); anything else is a clear error. 64-bit integers are
 * decoded as bigints, so none is lost or refused (table.ts reads the safe ones as numbers), and
 * decimals as their scaled integers, which table.ts shows exactly.
 */
export function decodeArrow(bytes: Uint8Array, what: string): Table {
  if (bytes.byteLength === 0) {
    throw new ViewerError(`The graph's ${what} could not be read: the hub sent no data.`);
  }
  let table: Table;
  try {
    table = tableFromIPC(bytes, { useBigInt: true, useDecimalInt: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ViewerError(`The graph's ${what} could not be read: the hub did not send valid Arrow data (${detail}).`);
  }
  if (table.schema.fields.length === 0) {
    throw new ViewerError(`The graph's ${what} could not be read: the hub did not send valid Arrow data (no columns).`);
  }
  return table;
}

export async function fetchTable(
  url: string,
  what: string,
  config: ViewerConfig,
  grant: string | null = null,
): Promise<Table> {
  const response = await fetchWithDeadline(url, what, config, grant);
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("text/html")) {
    // A sign-in page answered in place of the data (a redirect the browser followed).
    throw httpError(403, what, config.dataset, config.login);
  }
  return decodeArrow(new Uint8Array(await response.arrayBuffer()), what);
}
