// View grants on the viewer's side (docs/single-sign-in.md): reading one from the `#grant=`
// fragment of a new tab, and how long to wait for one from the notebook that frames the viewer
// (the messages themselves: protocol/frames.ts). Pure functions only; the effects live in
// grantflow.ts and main.ts.
import { isGrantShaped } from "../protocol/frames";

/** How long a framed viewer waits for its parent's answer before it shows the sign-in message. */
export const GRANT_WAIT_MS = 8_000;

/**
 * Splits a `location.hash` into the grant it carries (`#grant=<jwt>`, possibly among other
 * `&`-separated parameters) and the fragment to keep (`""` for none). A malformed grant is
 * dropped too: it must not stay in the address bar either way.
 */
export function splitGrantFragment(hash: string): { grant: string | null; rest: string } {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  let grant: string | null = null;
  const kept = raw.split("&").filter((part) => {
    if (!part.startsWith("grant=")) return true;
    grant ??= decodedGrant(part.slice("grant=".length));
    return false;
  });
  return { grant, rest: kept.join("&") };
}

/** A fragment parameter's value, if it is a grant: decoded, and JWT-shaped; else null. */
function decodedGrant(value: string): string | null {
  try {
    const decoded = decodeURIComponent(value);
    return isGrantShaped(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

/** The page's address without the grant: path, query, and what is left of the fragment. */
export function addressWithoutGrant(pathname: string, search: string, rest: string): string {
  return `${pathname}${search}${rest === "" ? "" : `#${rest}`}`;
}
