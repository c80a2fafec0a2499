import { describe, expect, it } from "vitest";

import { PAN_STEP, ZOOM_FACTOR, applyCommand, commandForKey } from "../../src/viewer/keyboard";

const camera = { x: 0.5, y: 0.5, ratio: 2, angle: 0 };

describe("commandForKey", () => {
  it("zooms with + (also = unshifted) and -", () => {
    expect(commandForKey("+")).toEqual({ kind: "zoom", factor: ZOOM_FACTOR });
    expect(commandForKey("=")).toEqual({ kind: "zoom", factor: ZOOM_FACTOR });
    expect(commandForKey("-")).toEqual({ kind: "zoom", factor: 1 / ZOOM_FACTOR });
  });

  it("pans with the arrow keys and resets with 0", () => {
    expect(commandForKey("ArrowLeft")).toEqual({ kind: "pan", dx: -PAN_STEP, dy: 0 });
    expect(commandForKey("ArrowUp")).toEqual({ kind: "pan", dx: 0, dy: PAN_STEP });
    expect(commandForKey("0")).toEqual({ kind: "reset" });
  });

  it("ignores other keys, so Tab and typing keep working", () => {
    expect(commandForKey("Tab")).toBeNull();
    expect(commandForKey("a")).toBeNull();
  });
});

describe("applyCommand", () => {
  it("zooming in divides the camera ratio and keeps the center", () => {
    expect(applyCommand(camera, { kind: "zoom", factor: 2 })).toEqual({ x: 0.5, y: 0.5, ratio: 1 });
  });

  it("pans by a fraction of the visible area, so a press moves as far on screen at any zoom", () => {
    const moved = applyCommand(camera, { kind: "pan", dx: PAN_STEP, dy: 0 });
    expect(moved.x).toBeCloseTo(0.5 + PAN_STEP * 2);
    expect(moved.y).toBeCloseTo(0.5);
    expect(moved.ratio).toBe(2);
  });

  it("pans in screen directions when the camera is rotated", () => {
    const moved = applyCommand({ ...camera, ratio: 1, angle: Math.PI / 2 }, { kind: "pan", dx: PAN_STEP, dy: 0 });
    expect(moved.x).toBeCloseTo(0.5);
    expect(moved.y).toBeCloseTo(0.5 + PAN_STEP);
  });
});
