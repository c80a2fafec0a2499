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
