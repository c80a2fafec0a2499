import Graph from "graphology";
import { describe, expect, it } from "vitest";

import type { CameraView, LinkedFrame } from "../../src/protocol/frames";
import { createLinker, graphKey, sameCamera } from "../../src/viewer/linking";

function triangle(order: string[] = ["a", "b", "c"]): Graph {
  const graph = new Graph({ multi: true });
  for (const node of order) graph.addNode(node);
  graph.addEdge("a", "b");
  graph.addEdge("b", "c");
  return graph;
}

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
  function linked(): { camera: FakeCamera; posted: LinkedFrame[]; selected: Array<string | null>; linker: ReturnType<typeof createLinker> } {
    const camera = new FakeCamera();
    const posted: LinkedFrame[] = [];
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
