// @vitest-environment node
import { describe, expect, it } from "vitest";

import { MAX_SNAPSHOT_BYTES, MAX_SNAPSHOT_WIDTH } from "../../src/protocol/frames";
import { SNAPSHOT_WIDTHS, firstThatFits } from "../../src/viewer/snapshot";

/** An encoder whose PNG has `bytesAt(width)` bytes; records the widths it was asked for. */
function encoder(bytesAt: (width: number) => number): { asked: number[]; encode: (width: number) => Promise<Blob> } {
  const asked: number[] = [];
  return {
    asked,
    encode: (width) => {
      asked.push(width);
      return Promise.resolve(new Blob([new Uint8Array(bytesAt(width))], { type: "image/png" }));
    },
  };
}

describe("the snapshot's size", () => {
  it("starts at the widest width allowed", () => {
    expect(SNAPSHOT_WIDTHS[0]).toBe(MAX_SNAPSHOT_WIDTH);
  });

  it("steps the width down until the PNG fits the byte limit", async () => {
    const { asked, encode } = encoder((width) => width * 300); // 800 px: 240 kB, 640 px: 192 kB
    const fitted = await firstThatFits(1000, encode);
    expect(asked).toEqual([800, 640]);
    expect(fitted?.width).toBe(640);
    expect(fitted?.png.byteLength).toBe(640 * 300);
    expect(fitted!.png.byteLength).toBeLessThanOrEqual(MAX_SNAPSHOT_BYTES);
  });

  it("is never wider than the canvas, and tries each width once", async () => {
    const { asked, encode } = encoder(() => 10);
    expect((await firstThatFits(500, encode))?.width).toBe(500);
    expect(asked).toEqual([500]);
  });

  it("is none when even the narrowest does not fit", async () => {
    const { asked, encode } = encoder(() => MAX_SNAPSHOT_BYTES + 1);
    expect(await firstThatFits(1000, encode)).toBeNull();
    expect(asked).toEqual([...SNAPSHOT_WIDTHS]);
  });

  it("is none when the canvas cannot encode", async () => {
    expect(await firstThatFits(1000, () => Promise.resolve(null), [800])).toBeNull();
  });
});
