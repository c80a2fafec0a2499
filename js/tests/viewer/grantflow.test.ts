import { afterEach, describe, expect, it } from "vitest";

import { GrantRejectedError, ViewerError } from "../../src/viewer/errors";
import { GRANT, GRANT_REJECTED, NO_GRANT, VIEWER_READY, type GrantRejectedFrame, type ViewerHello } from "../../src/protocol/frames";
import { GRANT_WAIT_MS } from "../../src/viewer/grant";
import {
  initialPhase,
  nextPhase,
  runGrantFlow,
  takeGrantFromAddress,
  type FlowEffects,
  type Phase,
} from "../../src/viewer/grantflow";

const JWT = "aaa.bbb.ccc";
const FRESH = "ddd.eee.fff";

describe("initialPhase", () => {
  it("uses a fragment's grant first, framed or not", () => {
    expect(initialPhase(JWT, false)).toEqual({ kind: "loading", grant: JWT, retried: false });
    expect(initialPhase(JWT, true)).toEqual({ kind: "loading", grant: JWT, retried: false });
  });

  it("asks the parent when framed, and shows the sign-in at once at top level", () => {
    expect(initialPhase(null, true)).toEqual({ kind: "waiting", retried: false });
    expect(initialPhase(null, false)).toEqual({ kind: "signin", reason: null });
  });
});

describe("nextPhase", () => {
  const waiting: Phase = { kind: "waiting", retried: false };
  const loading: Phase = { kind: "loading", grant: JWT, retried: false };

  it("loads with the parent's grant, or signs in on no-grant or silence", () => {
    expect(nextPhase(waiting, { type: "grant", grant: JWT }, true)).toEqual(loading);
    expect(nextPhase(waiting, { type: "no-grant", reason: "Logged out" }, true)).toEqual({ kind: "signin", reason: "Logged out" });
    expect(nextPhase(waiting, { type: "timeout" }, true)).toEqual({ kind: "signin", reason: null });
  });

  it("asks the parent once more after a rejected grant, then signs in", () => {
    const again = nextPhase(loading, { type: "rejected" }, true);
    expect(again).toEqual({ kind: "waiting", retried: true });
    const second = nextPhase(again, { type: "grant", grant: FRESH }, true);
    expect(nextPhase(second, { type: "rejected" }, true)).toEqual({ kind: "signin", reason: null });
  });

  it("signs in at once when a top-level page's grant is rejected", () => {
    expect(nextPhase(loading, { type: "rejected" }, false)).toEqual({ kind: "signin", reason: null });
  });

  it("ignores events that mean nothing in a phase", () => {
    expect(nextPhase(waiting, { type: "rejected" }, true)).toBe(waiting);
    expect(nextPhase(waiting, { type: "finished" }, true)).toBe(waiting);
    expect(nextPhase(loading, { type: "grant", grant: FRESH }, true)).toBe(loading);
    expect(nextPhase(loading, { type: "timeout" }, true)).toBe(loading);
    const signin: Phase = { kind: "signin", reason: null };
    expect(nextPhase(signin, { type: "grant", grant: JWT }, true)).toBe(signin);
    expect(nextPhase({ kind: "done" }, { type: "rejected" }, true)).toEqual({ kind: "done" });
  });
});

/** Effects that record what the flow did; redemptions and loads answer as `answers` says, in order. */
function fakeEffects(answers: Array<"ok" | "rejected" | "broken">) {
  const log: string[] = [];
  const posted: Array<ViewerHello | GrantRejectedFrame> = [];
  const timers: Array<{ ms: number; fire: () => void; cancelled: boolean }> = [];
  const effects: FlowEffects = {
    post: (message) => posted.push(message),
    startTimer: (ms, fire) => {
      const timer = { ms, fire, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    redeem: async (grant) => {
      log.push(`redeem ${grant}`);
      if (answers.shift() === "rejected") throw new GrantRejectedError(403, "grant");
      return `fresh-${grant}`;
    },
    load: async (grant) => {
      log.push(`load ${grant}`);
      const answer = answers.shift();
      if (answer === "rejected") throw new GrantRejectedError(403, "description");
      if (answer === "broken") throw new ViewerError("no WebGL");
    },
    showWaiting: () => log.push("waiting"),
    showSignIn: (reason) => log.push(`signin ${reason ?? "-"}`),
    showError: (error) => log.push(`error ${(error as Error).message}`),
  };
  return { effects, log, posted, timers };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe("runGrantFlow", () => {
  it("framed: says it is ready, waits, and loads with the grant the parent sends", async () => {
    const { effects, log, posted, timers } = fakeEffects(["ok"]);
    const flow = runGrantFlow("d1", true, null, effects);

    expect(posted).toEqual([{ type: VIEWER_READY, dataset: "d1" }]);
    expect(timers.map((t) => t.ms)).toEqual([GRANT_WAIT_MS]);
    flow.receive({ type: GRANT, dataset: "d1", grant: JWT });
    await settle();

    expect(log).toEqual(["waiting", `load ${JWT}`]);
    expect(timers[0]?.cancelled).toBe(true);
    expect(flow.phase).toEqual({ kind: "done" });
  });

  it("framed: a second grant while the first loads starts no second load", async () => {
    const { effects, log } = fakeEffects(["ok"]);
    const flow = runGrantFlow("d1", true, null, effects);
    flow.receive({ type: GRANT, dataset: "d1", grant: JWT });
    flow.receive({ type: GRANT, dataset: "d1", grant: FRESH });
    await settle();

    expect(log).toEqual(["waiting", `load ${JWT}`]);
  });

  it("framed: shows the sign-in when the parent stays silent", () => {
    const { effects, log, timers } = fakeEffects([]);
    const flow = runGrantFlow("d1", true, null, effects);

    timers[0]?.fire();

    expect(log).toEqual(["waiting", "signin -"]);
    expect(flow.phase.kind).toBe("signin");
  });

  it("framed: reports a rejected grant to the parent and uses the fresh one it sends", async () => {
    const { effects, log, posted, timers } = fakeEffects(["rejected", "ok"]);
    const flow = runGrantFlow("d1", true, null, effects);
    flow.receive({ type: GRANT, dataset: "d1", grant: JWT });
    await settle();

    expect(posted.map((m) => m.type)).toEqual([VIEWER_READY, GRANT_REJECTED]);
    // The first wait's timer is over: firing it now must not end the second wait.
    timers[0]?.fire();
    expect(flow.phase).toEqual({ kind: "waiting", retried: true });
    flow.receive({ type: GRANT, dataset: "d1", grant: FRESH });
    await settle();

    expect(log).toEqual(["waiting", `load ${JWT}`, "waiting", `load ${FRESH}`]);
    expect(flow.phase).toEqual({ kind: "done" });
  });

  it("framed: a second rejection ends in the sign-in", async () => {
    const { effects, log } = fakeEffects(["rejected", "rejected"]);
    const flow = runGrantFlow("d1", true, null, effects);
    flow.receive({ type: GRANT, dataset: "d1", grant: JWT });
    await settle();
    flow.receive({ type: GRANT, dataset: "d1", grant: FRESH });
    await settle();

    expect(log.at(-1)).toBe("signin -");
  });

  it("shows the parent's reason on no-grant", () => {
    const { effects, log } = fakeEffects([]);
    runGrantFlow("d1", true, null, effects).receive({ type: NO_GRANT, dataset: "d1", reason: "Log in to prod first." });

    expect(log).toEqual(["waiting", "signin Log in to prod first."]);
  });

  it("top level: redeems the fragment's grant and loads with the fresh one, posting nothing", async () => {
    const { effects, log, posted } = fakeEffects(["ok", "ok"]);
    const flow = runGrantFlow("d1", false, JWT, effects);
    await settle();

    expect(log).toEqual([`redeem ${JWT}`, `load fresh-${JWT}`]);
    expect(posted).toEqual([]);
    expect(flow.phase).toEqual({ kind: "done" });
  });

  it("framed: redeems only the address's grant; the parent's grants are used as they come", async () => {
    const { effects, log, posted } = fakeEffects(["ok", "rejected", "ok"]);
    const flow = runGrantFlow("d1", true, JWT, effects);
    await settle();
    expect(posted).toEqual([{ type: GRANT_REJECTED, dataset: "d1" }]);
    flow.receive({ type: GRANT, dataset: "d1", grant: JWT });
    await settle();

    expect(log).toEqual([`redeem ${JWT}`, `load fresh-${JWT}`, "waiting", `load ${JWT}`]);
    expect(flow.phase).toEqual({ kind: "done" });
  });

  it("framed: a refused redemption asks the parent for a grant", async () => {
    const { effects, log, posted } = fakeEffects(["rejected"]);
    const flow = runGrantFlow("d1", true, JWT, effects);
    await settle();

    expect(log).toEqual([`redeem ${JWT}`, "waiting"]);
    expect(posted).toEqual([{ type: GRANT_REJECTED, dataset: "d1" }]);
    expect(flow.phase).toEqual({ kind: "waiting", retried: true });
  });

  it("top level: no fragment means the sign-in at once; a rejected fragment grant too", async () => {
    const first = fakeEffects([]);
    runGrantFlow("d1", false, null, first.effects);
    expect(first.log).toEqual(["signin -"]);

    const second = fakeEffects(["rejected"]);
    runGrantFlow("d1", false, JWT, second.effects);
    await settle();
    expect(second.log).toEqual([`redeem ${JWT}`, "signin -"]);
    expect(second.posted).toEqual([]);
  });

  it("shows other failures as errors, without asking for another grant", async () => {
    const { effects, log, posted } = fakeEffects(["broken"]);
    const flow = runGrantFlow("d1", true, null, effects);
    flow.receive({ type: GRANT, dataset: "d1", grant: JWT });
    await settle();

    expect(log).toEqual(["waiting", `load ${JWT}`, "error no WebGL"]);
    expect(posted).toHaveLength(1);
    expect(flow.phase).toEqual({ kind: "done" });
  });
});

describe("takeGrantFromAddress", () => {
  afterEach(() => {
    window.history.replaceState(null, "", "/");
  });

  it("returns the fragment's grant and removes it from the address at once", () => {
    window.history.replaceState(null, "", `/graph/graph.html?dataset=d1#grant=${JWT}`);

    expect(takeGrantFromAddress(window.location, window.history)).toBe(JWT);
    expect(window.location.href).not.toContain(JWT);
    expect(window.location.pathname + window.location.search).toBe("/graph/graph.html?dataset=d1");
    expect(window.location.hash).toBe("");
  });

  it("leaves an address without a grant alone", () => {
    window.history.replaceState(null, "", "/graph/graph.html?dataset=d1#here");
    let replaced = false;
    const history = { state: null, replaceState: () => (replaced = true) };

    expect(takeGrantFromAddress(window.location, history)).toBeNull();
    expect(replaced).toBe(false);
  });
});
