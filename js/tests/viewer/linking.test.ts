import Graph from "graphology";
import { describe, expect, it } from "vitest";

import type { CameraView, LinkedFrame } from "../../src/protocol/frames";
import { Fnv1a, createLinker, graphKey, sameCamera } from "../../src/viewer/linking";

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

describe("Fnv1a", () => {
  it("is FNV-1a over the text's code units, with a separator after each text", () => {
    expect(new Fnv1a().hex()).toBe("811c9dc5");
    expect(new Fnv1a().add("").hex()).toBe("7a0b824e");
    expect(new Fnv1a().add("a").hex()).toBe("d225d729");
    expect(new Fnv1a().add("ab").add("c").hex()).toBe("84240281");
    expect(new Fnv1a().add("a").add("bc").hex()).toBe("17f203ab");
  });

  it("writes eight hex digits, leading zeros included", () => {
    const small = new Fnv1a().add("200");
    expect(small.value()).toBe(120517638);
    expect(small.hex()).toBe("072ef406");
  });
});

describe("graphKey of a known graph", () => {
  it("hashes the counts, the node keys in order and the edges' ends", () => {
    expect(graphKey(triangle())).toBe("cc8575b91f99e2f7");
    expect(graphKey(triangle(["c", "b", "a"]))).not.toBe(graphKey(triangle()));
    const other = triangle();
    other.dropEdge(other.edges("b", "c")[0] as string);
    other.addEdge("c", "b");
    expect(graphKey(other).slice(0, 8)).toBe(graphKey(triangle()).slice(0, 8));
    expect(graphKey(other)).not.toBe(graphKey(triangle()));
  });
});

describe("sameCamera", () => {
  const base: CameraView = { x: 1, y: -2, ratio: 0.5, angle: 0 };

  it("is true for the same state and for differences below a billionth", () => {
    expect(sameCamera(base, { ...base })).toBe(true);
    expect(sameCamera(base, { ...base, x: 1 + 1e-10 })).toBe(true);
    expect(sameCamera({ ...base, x: 1e6 }, { ...base, x: 1e6 + 1e-4 })).toBe(true);
  });

  it("is false when any one of the four differs visibly", () => {
    for (const key of ["x", "y", "ratio", "angle"] as const) {
      expect(sameCamera(base, { ...base, [key]: base[key] + 1e-6 })).toBe(false);
    }
    expect(sameCamera({ ...base, x: -5 }, { ...base, x: 5 })).toBe(false);
    expect(sameCamera({ ...base, x: 1e6 }, { ...base, x: 1e6 + 1e-2 })).toBe(false);
  });
});

class FakeCamera {
  state: CameraView = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
  private listeners: Array<(state: CameraView) => void> = [];

  getState(): CameraView {
    return this.state;
  }

  setState(state: CameraView): void {
    this.sets += 1;
    if (sameCamera(state, this.state)) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  /** Calls to setState, counted. */
  sets = 0;

  on(event: "updated", listener: (state: CameraView) => void): void {
    if (event === "updated") this.listeners.push(listener);
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

  it("leaves a camera already where a sibling's is, and posts its own moves again afterwards", () => {
    const { camera, posted, linker } = linked();
    linker.setEnabled(true);
    linker.receive({ type: "graphistry:camera", graph: "key1", camera: { ...camera.state } });
    expect(camera.sets).toBe(0);
    camera.setState({ x: 7, y: 7, ratio: 1, angle: 0 });
    expect(posted).toEqual([{ type: "graphistry:camera", graph: "key1", camera: { x: 7, y: 7, ratio: 1, angle: 0 } }]);
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
