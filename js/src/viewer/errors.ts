// Errors the viewer shows to a person: every message says what happened and what to do.
import type { MissingTable } from "./types";

/** An error whose message is written for the person looking at the page. */
export class ViewerError extends Error {
  /** A link that helps (the hub's sign-in page on 401/403), or null. */
  readonly action: { readonly label: string; readonly href: string } | null;

  constructor(message: string, action: { label: string; href: string } | null = null) {
    super(message);
    this.name = "ViewerError";
    this.action = action;
  }
}

/**
 * The hub refused the view grant the viewer sent (401/403 on a data endpoint). The grant flow
 * catches it to ask the parent for a fresh grant, or to show the sign-in message.
 */
export class GrantRejectedError extends ViewerError {
  constructor(status: number, what: string) {
    super(`The hub refused the view grant for this graph (${what}: HTTP ${status}).`);
    this.name = "GrantRejectedError";
  }
}

/** The message for a failed request to one of the dataset endpoints. */
export function httpError(
  status: number,
  what: string,
  datasetId: string,
  loginUrl: string | null,
): ViewerError {
  if (status === 401 || status === 403) {
    return new ViewerError(
      `You do not have access to this graph (${what}: HTTP ${status}). ` +
        "It is private or shared with an organization: log in to the hub with an account that may view it, then reload.",
      loginUrl === null ? null : { label: "Log in", href: loginUrl },
    );
  }
  if (status === 404) {
    return new ViewerError(
      `This graph was not found (dataset "${datasetId}", ${what}: HTTP 404). ` +
        "The link may be wrong, or the dataset was deleted or belongs to another hub.",
    );
  }
  return new ViewerError(
    `The hub could not send the graph's ${what} (HTTP ${status}). Reload the page to try again.`,
  );
}

/** Turns anything thrown into a ViewerError with a readable message. */
export function asViewerError(error: unknown): ViewerError {
  if (error instanceof ViewerError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ViewerError(`The graph could not be shown: ${detail}`);
}

/**
 * The message for a dataset whose upload did not complete (meta `complete: false`): which table
 * is missing and why, instead of part of a graph drawn as if it were all of it.
 */
export function incompleteError(missing: readonly MissingTable[]): ViewerError {
  const parts = missing.map(({ table, reason }) => {
    const what = table === "" ? "part of its data is missing" : `the ${table} table is missing`;
    return reason === "" ? what : `${what} because ${reason}`;
  });
  const detail = parts.length === 0 ? "part of its data is missing" : parts.join("; ");
  return new ViewerError(
    `This graph is incomplete, so it is not shown: ${detail}. Plot the graph again from the notebook.`,
  );
}
