// The layer of icons and badges over sigma's stage: what it draws where, and that a notebook's
// snapshot of the graph carries it. jsdom has no 2D canvas: a recording context stands in for
// the browser's, and a renderer of the few calls the layer makes stands in for sigma.
import Graph from "graphology";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { ViewerRenderer } from "../../src/viewer/appearance";
import type { EdgeAttributes, NodeAttributes } from "../../src/viewer/graph";
import { MARK_LAYER_ID, attachMarkLayer, badgeRadius, iconInk, markCanvas } from "../../src/viewer/mark_layer";
import { takeSnapshot } from "../../src/viewer/snapshot";

interface Call {
  readonly canvas: HTMLCanvasElement;
  readonly name: string;
  readonly args: readonly unknown[];
  readonly fillStyle: unknown;
}

const calls: Call[] = [];

/** A 2D context that records every method call on its canvas, with the fill style at the time. */
function recordingContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const state: Record<string | symbol, unknown> = { fillStyle: "#000000" };
  return new Proxy(state, {
    get(target, key) {
      if (key in target) return target[key];
      return (...args: unknown[]) => {
        calls.push({ canvas, name: String(key), args, fillStyle: target["fillStyle"] });
        return undefined;
      };
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

function fakeRenderer(graph: Graph<NodeAttributes, EdgeAttributes>, container: HTMLElement, dimmed: ReadonlySet<string> = new Set()) {
  const listeners: Array<() => void> = [];
  const stage = document.createElement("canvas");
  stage.width = 200;
  stage.height = 100;
  const renderer = {
    getGraph: () => graph,
    getContainer: () => container,
    getStageCanvas: () => stage,
    getDimensions: () => ({ width: 200, height: 100 }),
    createCanvas: (id: string) => {
      const canvas = document.createElement("canvas");
      canvas.id = id;
      container.append(canvas);
      return canvas;
    },
    graphToViewport: ({ x, y }: { x: number; y: number }) => ({ x, y }),
    scaleSize: (size = 1) => size,
    getNodeState: (node: string) => ({ dimmed: dimmed.has(node) }),
    on: (_event: string, listener: () => void) => listeners.push(listener),
    once: (_event: string, listener: () => void) => listeners.push(listener),
    scheduleRender: () => {
      for (const listener of listeners.splice(0)) listener();
    },
  };
  return { renderer: renderer as unknown as ViewerRenderer, stage };
}

function graphOf(nodes: Record<string, Partial<NodeAttributes>>): Graph<NodeAttributes, EdgeAttributes> {
  const graph = new Graph<NodeAttributes, EdgeAttributes>();
  for (const [key, attributes] of Object.entries(nodes)) {
    graph.addNode(key, { x: 50, y: 50, size: 10, color: "#1f78b4", label: key, ...attributes });
  }
  return graph;
}

afterEach(() => {
  calls.length = 0;
  vi.restoreAllMocks();
});

function withRecordingCanvases(): void {
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(function (this: HTMLCanvasElement) {
    return recordingContext(this) as never;
  });
  vi.spyOn(HTMLCanvasElement.prototype, "toBlob").mockImplementation((callback: BlobCallback) => callback(null));
}

describe("the layer of icons and badges", () => {
  it("draws each icon's code at its node's centre and each badge at its corner, in their colours", () => {
    withRecordingCanvases();
    const graph = graphOf({
      a: { x: 40, y: 60, icon: "L" },
      b: { x: 150, y: 30, badges: [{ text: "F", position: "TopRight", fill: "#ff0000", ink: "#000000" }] },
      c: { x: 100, y: 50 },
    });
    const { renderer } = fakeRenderer(graph, document.createElement("div"));

    expect(attachMarkLayer(renderer)).toBe(true);

    const text = calls.filter((call) => call.name === "fillText");
    expect(text.map((call) => [call.args[0], call.args[1], call.fillStyle])).toEqual([
      ["L", 40, "#ffffff"], // white on the default blue
      ["F", 150 + 10 * Math.SQRT1_2, "#000000"],
    ]);
    const disc = calls.find((call) => call.name === "arc")!;
    expect(disc.args.slice(0, 3)).toEqual([150 + 10 * Math.SQRT1_2, 30 - 10 * Math.SQRT1_2, badgeRadius(10)]);
    expect(markCanvas(renderer)?.id).toBe(MARK_LAYER_ID);
  });

  it("leaves out the codes of nodes too small to read, and draws nothing for a graph without marks", () => {
    withRecordingCanvases();
    const { renderer } = fakeRenderer(graphOf({ a: { size: 3, icon: "L" } }), document.createElement("div"));
    attachMarkLayer(renderer);
    expect(calls.filter((call) => call.name === "fillText")).toEqual([]);
    const plain = fakeRenderer(graphOf({ a: {} }), document.createElement("div")).renderer;
    expect(attachMarkLayer(plain)).toBe(false);
    expect(markCanvas(plain)).toBeNull();
  });

  it("writes codes dark on light nodes and light on dark ones", () => {
    expect(iconInk("#ffff99")).toBe("#1d2733");
    expect(iconInk("#1f78b4")).toBe("#ffffff");
  });

  it("is in the snapshot a notebook keeps, over the stage's frame", async () => {
    withRecordingCanvases();
    const { renderer, stage } = fakeRenderer(graphOf({ a: { icon: "L" } }), document.createElement("div"));
    attachMarkLayer(renderer);
    const marks = markCanvas(renderer)!;
    marks.width = 200;
    marks.height = 100;
    calls.length = 0;

    await takeSnapshot(renderer, document);

    const drawn = calls.filter((call) => call.name === "drawImage").map((call) => call.args[0]);
    expect(drawn.indexOf(stage)).toBeGreaterThanOrEqual(0);
    expect(drawn.indexOf(marks)).toBeGreaterThan(drawn.indexOf(stage));
  });
});
