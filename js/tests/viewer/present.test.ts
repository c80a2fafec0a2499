import { describe, expect, it, vi } from "vitest";

import { framePresented } from "../../src/viewer/present";

function fakeView() {
  const frames: FrameRequestCallback[] = [];
  const timers: (() => void)[] = [];
  return {
    frames,
    timers,
    view: {
      requestAnimationFrame: (callback: FrameRequestCallback) => frames.push(callback),
      setTimeout: (callback: () => void, ms: number) => {
        expect(ms).toBe(1000);
        return timers.push(callback);
      },
    } as unknown as Pick<Window, "requestAnimationFrame" | "setTimeout">,
  };
}

describe("framePresented", () => {
  it("resolves at the second animation frame, not the first", async () => {
    const { frames, view } = fakeView();
    const done = vi.fn();
    void framePresented(view).then(done);
    frames.shift()?.(0);
    await Promise.resolve();
    expect(done).not.toHaveBeenCalled();
    frames.shift()?.(16);
    await Promise.resolve();
    expect(done).toHaveBeenCalledOnce();
  });

  it("resolves after its deadline where no frame comes (a hidden frame)", async () => {
    const { timers, view } = fakeView();
    const done = vi.fn();
    void framePresented(view).then(done);
    await Promise.resolve();
    expect(done).not.toHaveBeenCalled();
    timers.shift()?.();
    await Promise.resolve();
    expect(done).toHaveBeenCalledOnce();
  });
});
