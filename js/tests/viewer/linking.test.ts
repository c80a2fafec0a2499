import Graph from "graphology";
import { describe, expect, it } from "vitest";

import {
  createLinker,
  graphKey,
  parseLinkMessage,
  parseLinkToggle,
  sameCamera,
  type CameraView,
  type LinkMessage,
} from "../../src/viewer/linking";

function triangle(order: string[] = ["a", "b", "c"]): Graph {
  const graph = new Graph({ multi: true });
  for (const node of order) graph.addNode(node);
  graph.addEdge("a", "b");
  graph.addEdge("b", "c");
  return graph;
}

describe("parseLinkMessage", () => {
  const camera = { x: 0.5, y: 0.25, ratio: 0.8, angle: 0 };

  it("rebuilds camera and selection messages from their checked fields", () => {
    expect(parseLinkMessage({ type: "graphistry:camera", graph: "k1", camera: { ...camera, extra: 1 }, x: 2 })).toEqual({
      type: "graphistry:camera",
      graph: "k1",
      camera,
    });
    expect(parseLinkMessage({ type: "graphistry:selection", graph: "k1", node: "a" })).toEqual({
      type: "graphistry:selection",
      graph: "k1",
      node: "a",
    });
    expect(parseLinkMessage({ type: "graphistry:selection", graph: "k1", node: null })?.type).toBe("graphistry:selection");
  });

  it("refuses bad numbers, a missing graph key and oversized ids", () => {
    const bad: unknown[] = [
      { type: "graphistry:camera", graph: "k1", camera: { ...camera, ratio: 0 } },
      { type: "graphistry:camera", graph: "k1", camera: { ...camera, x: Number.NaN } },
      { type: "graphistry:camera", graph: "k1", camera: { ...camera, y: "1" } },
      { type: "graphistry:camera", camera },
      { type: "graphistry:camera", graph: "", camera },
      { type: "graphistry:camera", graph: "k".repeat(65), camera },
      { type: "graphistry:selection", graph: "k1", node: 3 },
      { type: "graphistry:selection", graph: "k1", node: "n".repeat(1001) },
      { type: "graphistry:theme", graph: "k1", theme: "dark" },
      null,
    ];
    for (const data of bad) expect(parseLinkMessage(data)).toBeNull();
  });

  it("reads the parent's link toggle", () => {
    expect(parseLinkToggle({ type: "graphistry:link", enabled: true })).toBe(true);
    expect(parseLinkToggle({ type: "graphistry:link", enabled: false })).toBe(false);
    expect(parseLinkToggle({ type: "graphistry:link", enabled: "yes" })).toBeNull();
    expect(parseLinkToggle({ type: "graphistry:camera", enabled: true })).toBeNull();
  });
});

describe("graphKey", () => {
  it("is the same for the same graph built twice, and differs for another", () => {
    expect(graphKey(triangle())).toBe(graphKey(triangle()));
    const other = triangle();
    other.addEdge("c", "a");
    expect(graphKey(other)).not.toBe(graphKey(triangle()));
    expect(graphKey(triangle())).toMatch(/^[0-9a-f]{16}$/);
  });
});

class FakeCamera {
  state: CameraView = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
  private listeners: Array<(state: CameraView) => void> = [];

  getState(): CameraView {
    return this.state;
  }

  setState(state: CameraView): void {
    if (sameCamera(state, this.state)) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  on(_event: "updated", listener: (state: CameraView) => void): void {
    this.listeners.push(listener);
  }
}

describe("createLinker", () => {
  function linked(): { camera: FakeCamera; posted: LinkMessage[]; selected: Array<string | null>; linker: ReturnType<typeof createLinker> } {
    const camera = new FakeCamera();
    const posted: LinkMessage[] = [];
    const selected: Array<string | null> = [];
    const linker = createLinker(camera, () => "key1", (message) => posted.push(message), (node) => selected.push(node));
    return { camera, posted, selected, linker };
  }

  it("posts nothing until the parent links the view", () => {
    const { camera, posted, linker } = linked();
    camera.setState({ x: 1, y: 1, ratio: 1, angle: 0 });
    linker.selectionChanged("a");
    expect(posted).toEqual([]);
  });

  it("posts its own moves and selections once linked", () => {
    const { camera, posted, linker } = linked();
    linker.setEnabled(true);
    camera.setState({ x: 1, y: 2, ratio: 0.5, angle: 0 });
    linker.selectionChanged("b");
    expect(posted).toEqual([
      { type: "graphistry:camera", graph: "key1", camera: { x: 1, y: 2, ratio: 0.5, angle: 0 } },
      { type: "graphistry:selection", graph: "key1", node: "b" },
    ]);
  });

  it("applies a sibling's camera and selection without echoing them back", () => {
    const { camera, posted, selected, linker } = linked();
    linker.setEnabled(true);
    linker.receive({ type: "graphistry:camera", graph: "key1", camera: { x: 3, y: 4, ratio: 2, angle: 0 } });
    linker.receive({ type: "graphistry:selection", graph: "key1", node: "c" });
    expect(camera.state).toEqual({ x: 3, y: 4, ratio: 2, angle: 0 });
    expect(selected).toEqual(["c"]);
    expect(posted).toEqual([]);
  });

  it("ignores another graph's messages, and everything once unlinked", () => {
    const { camera, selected, linker } = linked();
    linker.setEnabled(true);
    linker.receive({ type: "graphistry:camera", graph: "other", camera: { x: 9, y: 9, ratio: 1, angle: 0 } });
    linker.setEnabled(false);
    linker.receive({ type: "graphistry:selection", graph: "key1", node: "a" });
    expect(camera.state.x).toBe(0.5);
    expect(selected).toEqual([]);
  });
});
