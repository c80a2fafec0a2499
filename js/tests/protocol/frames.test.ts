// @vitest-environment node
// The messages between a notebook's plot view and its viewer frame, exactly: their names on the
// wire, what each writer posts, and what each parser accepts and refuses. The names are spelled
// out here on purpose: they are the contract with the other end (and with docs/contracts.md).
import { describe, expect, it } from "vitest";

import {
  CAMERA,
  GRANT,
  GRANT_REJECTED,
  LINK,
  MAX_GRANT_CHARS,
  MAX_GRAPH_KEY_LENGTH,
  MAX_NODE_ID_LENGTH,
  MAX_REASON_CHARS,
  MAX_SNAPSHOT_BYTES,
  MAX_SNAPSHOT_WIDTH,
  NO_GRANT,
  SELECTION,
  SNAPSHOT,
  SNAPSHOT_REQUEST,
  THEME,
  VIEWER_LOADED,
  VIEWER_READY,
  cameraFrame,
  grantFrame,
  grantRejected,
  isGrantShaped,
  isLinked,
  isViewerHello,
  linkFrame,
  noGrantFrame,
  originOf,
  parseFromViewer,
  parseToViewer,
  selectionFrame,
  snapshotFrame,
  snapshotRequestFrame,
  themeFrame,
  viewerLoaded,
  viewerReady,
} from "../../src/protocol/frames";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6InZpZXcifQ.c2lnbmF0dXJl";
const CAMERA_VIEW = { x: 0.5, y: 0.25, ratio: 0.8, angle: 0 };

describe("the message types", () => {
  it("have the names the other end and the docs use", () => {
    expect([VIEWER_LOADED, VIEWER_READY, GRANT_REJECTED, GRANT, NO_GRANT, THEME, LINK, CAMERA, SELECTION]).toEqual([
      "graphistry:viewer-loaded",
      "graphistry:viewer-ready",
      "graphistry:grant-rejected",
      "graphistry:grant",
      "graphistry:no-grant",
      "graphistry:theme",
      "graphistry:link",
      "graphistry:camera",
      "graphistry:selection",
    ]);
  });

  it("have the documented limits", () => {
    expect([MAX_GRAPH_KEY_LENGTH, MAX_NODE_ID_LENGTH, MAX_GRANT_CHARS, MAX_REASON_CHARS]).toEqual([64, 1000, 8192, 300]);
  });
});

describe("the writers", () => {
  it("write each message with exactly its fields", () => {
    expect(viewerLoaded("d1")).toEqual({ type: "graphistry:viewer-loaded", dataset: "d1" });
    expect(viewerReady("d1")).toEqual({ type: "graphistry:viewer-ready", dataset: "d1" });
    expect(grantRejected("d1")).toEqual({ type: "graphistry:grant-rejected", dataset: "d1" });
    expect(grantFrame("d1", JWT)).toEqual({ type: "graphistry:grant", dataset: "d1", grant: JWT });
    expect(noGrantFrame("d1", "Log in.")).toEqual({ type: "graphistry:no-grant", dataset: "d1", reason: "Log in." });
    expect(themeFrame("dark")).toEqual({ type: "graphistry:theme", theme: "dark" });
    expect(linkFrame(false)).toEqual({ type: "graphistry:link", enabled: false });
    expect(selectionFrame("k1", null)).toEqual({ type: "graphistry:selection", graph: "k1", node: null });
  });

  it("copy only the camera's four numbers (sigma's state carries more)", () => {
    const state = { ...CAMERA_VIEW, extra: 1 };
    expect(cameraFrame("k1", state)).toEqual({ type: "graphistry:camera", graph: "k1", camera: CAMERA_VIEW });
  });

  it("write what the parsers read back", () => {
    for (const message of [viewerLoaded("d"), viewerReady("d"), grantRejected("d"), cameraFrame("k", CAMERA_VIEW), selectionFrame("k", "a")]) {
      expect(parseFromViewer(message)).toEqual(message);
    }
    for (const message of [grantFrame("d", JWT), noGrantFrame("d", "why"), themeFrame("light"), linkFrame(true), cameraFrame("k", CAMERA_VIEW)]) {
      expect(parseToViewer(message)).toEqual(message);
    }
  });
});

describe("isGrantShaped", () => {
  it("accepts three base64url segments only", () => {
    expect(isGrantShaped(JWT)).toBe(true);
    for (const bad of ["", "a.b", "a.b.", "a.b.c.d", "a b.c.d", "a.b.c\n", "a.b.c\u00e9", ".b.c", "a..c", 42, null]) {
      expect(isGrantShaped(bad)).toBe(false);
    }
  });

  it("accepts a grant up to 8192 characters", () => {
    const long = (n: number): string => `${"a".repeat(n - 4)}.b.c`;
    expect(isGrantShaped(long(8192))).toBe(true);
    expect(isGrantShaped(long(8193))).toBe(false);
  });
});

describe("originOf", () => {
  it("is a URL's origin, and nothing for a non-URL", () => {
    expect(originOf("https://hub:9/graph/graph.html?dataset=d1#grant=x")).toBe("https://hub:9");
    expect(originOf("http://127.0.0.1:8000/graph.html")).toBe("http://127.0.0.1:8000");
    expect(originOf("not a url")).toBe("");
    expect(originOf("")).toBe("");
  });
});

describe("parseFromViewer (the notebook reads its frames)", () => {
  it("reads the viewer's hellos and grant rejections with their dataset", () => {
    expect(parseFromViewer({ type: "graphistry:viewer-loaded", dataset: "d1", extra: 1 })).toEqual({
      type: "graphistry:viewer-loaded",
      dataset: "d1",
    });
    expect(parseFromViewer({ type: "graphistry:viewer-ready", dataset: "" })).toEqual({ type: "graphistry:viewer-ready", dataset: "" });
    expect(parseFromViewer({ type: "graphistry:grant-rejected", dataset: "d1" })).toEqual({
      type: "graphistry:grant-rejected",
      dataset: "d1",
    });
  });

  it("rebuilds camera and selection messages from their checked fields", () => {
    expect(parseFromViewer({ type: "graphistry:camera", graph: "k1", camera: { ...CAMERA_VIEW, extra: 1 }, x: 2 })).toEqual({
      type: "graphistry:camera",
      graph: "k1",
      camera: CAMERA_VIEW,
    });
    expect(parseFromViewer({ type: "graphistry:selection", graph: "k1", node: "a" })).toEqual({
      type: "graphistry:selection",
      graph: "k1",
      node: "a",
    });
    expect(parseFromViewer({ type: "graphistry:selection", graph: "k1", node: null })).toEqual({
      type: "graphistry:selection",
      graph: "k1",
      node: null,
    });
  });

  it("refuses what only a notebook sends, and anything malformed", () => {
    for (const data of [
      { type: "graphistry:grant", dataset: "d1", grant: JWT },
      { type: "graphistry:no-grant", dataset: "d1" },
      { type: "graphistry:theme", theme: "dark" },
      { type: "graphistry:link", enabled: true },
      { type: "graphistry:viewer-loaded" },
      { type: "graphistry:viewer-ready", dataset: 1 },
      { type: "graphistry:grant-rejected", dataset: null },
      { type: "graphistry:other", dataset: "d1" },
      "graphistry:viewer-loaded",
      Object.assign([], { type: "graphistry:viewer-loaded", dataset: "d1" }),
      null,
      undefined,
    ]) {
      expect(parseFromViewer(data)).toBeNull();
    }
  });
});

describe("parseToViewer (the viewer reads its parent)", () => {
  it("reads a grant for a dataset, refusing a value that is not grant-shaped", () => {
    expect(parseToViewer({ type: "graphistry:grant", dataset: "d1", grant: JWT, extra: 1 })).toEqual({
      type: "graphistry:grant",
      dataset: "d1",
      grant: JWT,
    });
    for (const grant of ["nope", "", 5, undefined, `${"a".repeat(8189)}.b.c`]) {
      expect(parseToViewer({ type: "graphistry:grant", dataset: "d1", grant })).toBeNull();
    }
    expect(parseToViewer({ type: "graphistry:grant", grant: JWT })).toBeNull();
    expect(parseToViewer({ type: "graphistry:grant", dataset: 7, grant: JWT })).toBeNull();
  });

  it("keeps a no-grant reason trimmed and at most 300 characters, and none when it is blank or not text", () => {
    const noGrant = (reason: unknown): unknown => parseToViewer({ type: "graphistry:no-grant", dataset: "d", reason });
    expect(noGrant("  why  ")).toEqual({ type: "graphistry:no-grant", dataset: "d", reason: "why" });
    expect(noGrant("   ")).toEqual({ type: "graphistry:no-grant", dataset: "d", reason: null });
    expect(noGrant("")).toEqual({ type: "graphistry:no-grant", dataset: "d", reason: null });
    expect(noGrant(5)).toEqual({ type: "graphistry:no-grant", dataset: "d", reason: null });
    expect(noGrant(undefined)).toEqual({ type: "graphistry:no-grant", dataset: "d", reason: null });
    expect(noGrant(`  ${"r".repeat(400)}`)).toEqual({ type: "graphistry:no-grant", dataset: "d", reason: "r".repeat(300) });
    expect(parseToViewer({ type: "graphistry:no-grant", reason: "why" })).toBeNull();
  });

  it("reads light and dark from a theme message, nothing else", () => {
    expect(parseToViewer({ type: "graphistry:theme", theme: "dark" })).toEqual({ type: "graphistry:theme", theme: "dark" });
    expect(parseToViewer({ type: "graphistry:theme", theme: "light" })).toEqual({ type: "graphistry:theme", theme: "light" });
    for (const theme of [undefined, "Dark", "solarized", true]) {
      expect(parseToViewer({ type: "graphistry:theme", theme })).toBeNull();
    }
  });

  it("reads the link toggle only when it is a boolean", () => {
    expect(parseToViewer({ type: "graphistry:link", enabled: true })).toEqual({ type: "graphistry:link", enabled: true });
    expect(parseToViewer({ type: "graphistry:link", enabled: false })).toEqual({ type: "graphistry:link", enabled: false });
    expect(parseToViewer({ type: "graphistry:link", enabled: "yes" })).toBeNull();
    expect(parseToViewer({ type: "graphistry:link" })).toBeNull();
  });

  it("reads relayed camera and selection messages as the viewer posts them", () => {
    const camera = { type: "graphistry:camera", graph: "k1", camera: CAMERA_VIEW };
    expect(parseToViewer(camera)).toEqual(camera);
    expect(parseToViewer({ type: "graphistry:selection", graph: "k1", node: "a" })).toEqual({
      type: "graphistry:selection",
      graph: "k1",
      node: "a",
    });
  });

  it("refuses what only a viewer sends, and anything that is not a plain object", () => {
    for (const data of [
      { type: "graphistry:viewer-loaded", dataset: "d1" },
      { type: "graphistry:viewer-ready", dataset: "d1" },
      { type: "graphistry:grant-rejected", dataset: "d1" },
      [GRANT, "d1", JWT],
      Object.assign([], { type: GRANT, dataset: "d1", grant: JWT }),
      `{"type":"${GRANT}","dataset":"d1","grant":"${JWT}"}`,
      null,
    ]) {
      expect(parseToViewer(data)).toBeNull();
    }
  });
});

describe("camera and selection messages, both ways", () => {
  const parsers = [parseFromViewer, parseToViewer];

  it("refuse bad numbers, a missing, empty or oversized graph key and oversized or non-text node ids", () => {
    const bad: unknown[] = [
      { type: "graphistry:camera", graph: "k1", camera: { ...CAMERA_VIEW, ratio: 0 } },
      { type: "graphistry:camera", graph: "k1", camera: { ...CAMERA_VIEW, ratio: -1 } },
      { type: "graphistry:camera", graph: "k1", camera: { ...CAMERA_VIEW, x: Number.NaN } },
      { type: "graphistry:camera", graph: "k1", camera: { ...CAMERA_VIEW, angle: Number.POSITIVE_INFINITY } },
      { type: "graphistry:camera", graph: "k1", camera: { ...CAMERA_VIEW, y: "1" } },
      { type: "graphistry:camera", graph: "k1", camera: [0.5, 0.25, 0.8, 0] },
      { type: "graphistry:camera", graph: "k1" },
      { type: "graphistry:camera", camera: CAMERA_VIEW },
      { type: "graphistry:camera", graph: "", camera: CAMERA_VIEW },
      { type: "graphistry:camera", graph: 5, camera: CAMERA_VIEW },
      { type: "graphistry:camera", graph: "k".repeat(65), camera: CAMERA_VIEW },
      { type: "graphistry:selection", graph: "k1", node: 3 },
      { type: "graphistry:selection", graph: "k1", node: { toString: "a" } },
      { type: "graphistry:selection", graph: "k1" },
      { type: "graphistry:selection", graph: "k1", node: "n".repeat(1001) },
    ];
    for (const parse of parsers) {
      for (const data of bad) expect(parse(data)).toBeNull();
    }
  });

  it("accept a graph key and node id at their longest", () => {
    const key = "k".repeat(64);
    const node = "n".repeat(1000);
    for (const parse of parsers) {
      expect(parse({ type: "graphistry:camera", graph: key, camera: CAMERA_VIEW })).not.toBeNull();
      expect(parse({ type: "graphistry:selection", graph: key, node })).toEqual({ type: "graphistry:selection", graph: key, node });
    }
  });
});

describe("isViewerHello and isLinked", () => {
  it("tell the hellos and the linked messages from the rest", () => {
    expect(isViewerHello(viewerLoaded("d"))).toBe(true);
    expect(isViewerHello(viewerReady("d"))).toBe(true);
    expect(isViewerHello(grantRejected("d"))).toBe(false);
    expect(isViewerHello(selectionFrame("k", null))).toBe(false);
    expect(isViewerHello(null)).toBe(false);
    expect(isLinked(cameraFrame("k", CAMERA_VIEW))).toBe(true);
    expect(isLinked(selectionFrame("k", "a"))).toBe(true);
    expect(isLinked(linkFrame(true))).toBe(false);
    expect(isLinked(viewerLoaded("d"))).toBe(false);
    expect(isLinked(null)).toBe(false);
  });
});

describe("the snapshot messages", () => {
  const png = new Uint8Array([137, 80, 78, 71]).buffer;

  it("have their names and limits", () => {
    expect([SNAPSHOT_REQUEST, SNAPSHOT, MAX_SNAPSHOT_BYTES, MAX_SNAPSHOT_WIDTH]).toEqual([
      "graphistry:snapshot-request",
      "graphistry:snapshot",
      200_000,
      800,
    ]);
  });

  it("are written with exactly their fields and read back", () => {
    expect(snapshotRequestFrame("ds")).toEqual({ type: SNAPSHOT_REQUEST, dataset: "ds" });
    expect(parseToViewer(snapshotRequestFrame("ds"))).toEqual(snapshotRequestFrame("ds"));
    expect(parseFromViewer({ ...snapshotFrame("ds", png), extra: 1 })).toEqual({ type: SNAPSHOT, dataset: "ds", png });
  });

  it("refuse a picture that is not bytes, is empty or is over the limit, and go one way each", () => {
    expect(parseFromViewer({ type: SNAPSHOT, dataset: "ds", png: "iVBOR" })).toBeNull();
    expect(parseFromViewer({ type: SNAPSHOT, dataset: "ds", png: new ArrayBuffer(0) })).toBeNull();
    expect(parseFromViewer({ type: SNAPSHOT, dataset: "ds", png: new ArrayBuffer(MAX_SNAPSHOT_BYTES + 1) })).toBeNull();
    expect(parseFromViewer({ type: SNAPSHOT, dataset: "ds", png: new ArrayBuffer(MAX_SNAPSHOT_BYTES) })).not.toBeNull();
    expect(parseFromViewer({ type: SNAPSHOT, dataset: 1, png })).toBeNull();
    expect(parseToViewer(snapshotFrame("ds", png))).toBeNull();
    expect(parseFromViewer(snapshotRequestFrame("ds"))).toBeNull();
    expect(parseToViewer({ type: SNAPSHOT_REQUEST })).toBeNull();
  });
});
