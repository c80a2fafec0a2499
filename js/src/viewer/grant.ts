// View grants on the viewer's side (docs/single-sign-in.md): reading one from the `#grant=`
// fragment of a new tab, and the postMessage protocol with the notebook that frames the viewer.
// Pure functions only; the effects live in grantflow.ts and main.ts.

/** Message types between the viewer frame and its parent. */
export const VIEWER_READY = "graphistry:viewer-ready";
export const GRANT = "graphistry:grant";
export const NO_GRANT = "graphistry:no-grant";
export const GRANT_REJECTED = "graphistry:grant-rejected";

/** How long a framed viewer waits for its parent's answer before it shows the sign-in message. */
export const GRANT_WAIT_MS = 8_000;

// A JWT: three base64url segments. Anything else is refused before it reaches a header (where a
// stray character would make fetch throw) or a message.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_GRANT_CHARS = 8_192;
const MAX_REASON_CHARS = 300;

export function isGrantShaped(value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_GRANT_CHARS && JWT_SHAPE.test(value);
}

/** A message from the parent, once validated. */
export type ParentMessage =
  | { readonly kind: "grant"; readonly grant: string }
  | { readonly kind: "no-grant"; readonly reason: string | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The parent's message about `dataset`, or null for anything else: other types, other datasets,
 * malformed grants. (Checking that it came from the parent window is the caller's job.)
 */
export function parseParentMessage(data: unknown, dataset: string): ParentMessage | null {
  if (!isRecord(data) || data["dataset"] !== dataset) return null;
  if (data["type"] === GRANT) {
    return isGrantShaped(data["grant"]) ? { kind: "grant", grant: data["grant"] } : null;
  }
  if (data["type"] === NO_GRANT) {
    const reason = data["reason"];
    return {
      kind: "no-grant",
      reason: typeof reason === "string" && reason.trim() !== "" ? reason.trim().slice(0, MAX_REASON_CHARS) : null,
    };
  }
  return null;
}

/** What the viewer posts to its parent. It never carries a secret, so any target origin may read it. */
export interface ViewerMessage {
  readonly type: typeof VIEWER_READY | typeof GRANT_REJECTED;
  readonly dataset: string;
}

export function viewerReady(dataset: string): ViewerMessage {
  return { type: VIEWER_READY, dataset };
}

export function grantRejected(dataset: string): ViewerMessage {
  return { type: GRANT_REJECTED, dataset };
}

/**
 * Splits a `location.hash` into the grant it carries (`#grant=<jwt>`, possibly among other
 * `&`-separated parameters) and the fragment to keep (`""` for none). A malformed grant is
 * dropped too: it must not stay in the address bar either way.
 */
export function splitGrantFragment(hash: string): { grant: string | null; rest: string } {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  if (raw === "") return { grant: null, rest: "" };
  let grant: string | null = null;
  let found = false;
  const kept: string[] = [];
  for (const part of raw.split("&")) {
    if (part.startsWith("grant=")) {
      found = true;
      let value = "";
      try {
        value = decodeURIComponent(part.slice("grant=".length));
      } catch {
        value = "";
      }
      if (grant === null && isGrantShaped(value)) grant = value;
    } else {
      kept.push(part);
    }
  }
  return { grant, rest: found ? kept.join("&") : raw };
}

/** The page's address without the grant: path, query, and what is left of the fragment. */
export function addressWithoutGrant(pathname: string, search: string, rest: string): string {
  return `${pathname}${search}${rest === "" ? "" : `#${rest}`}`;
}
