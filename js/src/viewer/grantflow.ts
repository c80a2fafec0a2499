// How a viewer in "needs grant" mode gets to draw (docs/single-sign-in.md): a grant from the
// address fragment, else one asked of the framing notebook, else the hub's sign-in message.
// `nextPhase` is the whole decision table, pure; `runGrantFlow` performs each phase's effects
// through the functions it is given, so tests drive it without a window.
import {
  GRANT,
  grantRejected,
  viewerReady,
  type GrantFrame,
  type GrantRejectedFrame,
  type NoGrantFrame,
  type ViewerHello,
} from "../protocol/frames";
import { GrantRejectedError } from "./errors";
import { GRANT_WAIT_MS, addressWithoutGrant, splitGrantFragment } from "./grant";

export type Phase =
  /** Framed, asked the parent (again, after a rejected grant, when `retried`), waiting. */
  | { readonly kind: "waiting"; readonly retried: boolean }
  /** Fetching the graph with `grant`. */
  | { readonly kind: "loading"; readonly grant: string; readonly retried: boolean }
  /** No usable grant: the sign-in message shows, with the parent's reason if it gave one. */
  | { readonly kind: "signin"; readonly reason: string | null }
  /** Drawn, or failed for a reason a new grant would not fix (shown as an error). */
  | { readonly kind: "done" };

export type FlowEvent =
  | { readonly type: "grant"; readonly grant: string }
  | { readonly type: "no-grant"; readonly reason: string | null }
  | { readonly type: "timeout" }
  | { readonly type: "rejected" }
  | { readonly type: "finished" };

/** Where the flow starts: the fragment's grant, else ask the parent if framed, else sign in. */
export function initialPhase(fragmentGrant: string | null, framed: boolean): Phase {
  if (fragmentGrant !== null) return { kind: "loading", grant: fragmentGrant, retried: false };
  return framed ? { kind: "waiting", retried: false } : { kind: "signin", reason: null };
}

/** The phase after `event`; the same object when the event means nothing in this phase. */
export function nextPhase(phase: Phase, event: FlowEvent, framed: boolean): Phase {
  if (phase.kind === "waiting") {
    if (event.type === "grant") return { kind: "loading", grant: event.grant, retried: phase.retried };
    if (event.type === "no-grant") return { kind: "signin", reason: event.reason };
    if (event.type === "timeout") return { kind: "signin", reason: null };
  } else if (phase.kind === "loading") {
    // The parent may answer one rejection with a fresh grant (the first may have expired).
    if (event.type === "rejected") {
      return framed && !phase.retried ? { kind: "waiting", retried: true } : { kind: "signin", reason: null };
    }
    if (event.type === "finished") return { kind: "done" };
  }
  return phase;
}

/** What the flow does in the world. */
export interface FlowEffects {
  /** Posts to the parent window (only ever called when framed). */
  post(message: ViewerHello | GrantRejectedFrame): void;
  /** Calls `fire` after `ms`; returns a function that cancels it. */
  startTimer(ms: number, fire: () => void): () => void;
  /**
   * Exchanges the address's grant for a fresh one that lives only in this page's memory (the
   * hub spends the first: the browser's history keeps the address, docs/single-sign-in.md §5);
   * rejects with GrantRejectedError if refused.
   */
  redeem(grant: string): Promise<string>;
  /** Fetches and draws the graph with `grant`; rejects with GrantRejectedError if refused. */
  load(grant: string): Promise<void>;
  showWaiting(): void;
  showSignIn(reason: string | null): void;
  showError(error: unknown): void;
}

export interface GrantFlow {
  /** Feeds the parent window's answer about this page's dataset. */
  receive(message: GrantFrame | NoGrantFrame): void;
  readonly phase: Phase;
}

export function runGrantFlow(
  dataset: string,
  framed: boolean,
  fragmentGrant: string | null,
  effects: FlowEffects,
): GrantFlow {
  let phase = initialPhase(fragmentGrant, framed);
  let cancelTimer: () => void = () => undefined;
  // Only the first load can use the address's grant: later ones come from the parent.
  let fromAddress = fragmentGrant !== null;

  const dispatch = (event: FlowEvent): void => {
    const next = nextPhase(phase, event, framed);
    if (next !== phase) enter(next);
  };

  function enter(next: Phase): void {
    cancelTimer();
    cancelTimer = () => undefined;
    phase = next;
    switch (next.kind) {
      case "waiting":
        effects.showWaiting();
        effects.post(next.retried ? grantRejected(dataset) : viewerReady(dataset));
        // Only this wait may time out: a late timer of an earlier wait is ignored.
        cancelTimer = effects.startTimer(GRANT_WAIT_MS, () => {
          if (phase === next) dispatch({ type: "timeout" });
        });
        break;
      case "loading": {
        const grant = fromAddress ? effects.redeem(next.grant) : Promise.resolve(next.grant);
        fromAddress = false;
        grant.then((usable) => effects.load(usable)).then(
          () => dispatch({ type: "finished" }),
          (error: unknown) => {
            if (error instanceof GrantRejectedError) {
              dispatch({ type: "rejected" });
            } else {
              effects.showError(error);
              dispatch({ type: "finished" });
            }
          },
        );
        break;
      }
      case "signin":
        effects.showSignIn(next.reason);
        break;
    }
  }

  enter(phase);
  return {
    receive(message: GrantFrame | NoGrantFrame): void {
      dispatch(message.type === GRANT ? { type: "grant", grant: message.grant } : { type: "no-grant", reason: message.reason });
    },
    get phase(): Phase {
      return phase;
    },
  };
}

/**
 * Reads a `#grant=` from the address and removes it at once with `history.replaceState`, before
 * any request, so it stays in no address bar, history entry, bookmark or Referer.
 */
export function takeGrantFromAddress(
  location: Pick<Location, "hash" | "pathname" | "search">,
  history: Pick<History, "replaceState" | "state">,
): string | null {
  const { grant, rest } = splitGrantFragment(location.hash);
  if (rest !== location.hash.replace(/^#/, "")) {
    history.replaceState(history.state, "", addressWithoutGrant(location.pathname, location.search, rest));
  }
  return grant;
}
