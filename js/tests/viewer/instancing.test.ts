import { beforeAll, describe, expect, it } from "vitest";

import type * as Instancing from "../../src/viewer/instancing";

let expandInstances: typeof Instancing.expandInstances;
let stripTriangles: typeof Instancing.stripTriangles;
let emulateInstancing: typeof Instancing.emulateInstancing;
let Program: { prototype: { drawWebGL: (method: number, info: unknown) => void } };

beforeAll(async () => {
  // sigma reads WebGL constants when its modules load; jsdom has no WebGL.
  (globalThis as Record<string, unknown>)["WebGL2RenderingContext"] ??= { FLOAT: 5126, UNSIGNED_BYTE: 5121 };
  ({ expandInstances, stripTriangles, emulateInstancing } = await import("../../src/viewer/instancing"));
  ({ Program } = (await import("sigma/rendering")) as unknown as { Program: typeof Program });
});

describe("stripTriangles", () => {
  it("splits a quad's strip into two triangles wound as the strip winds them", () => {
    expect(stripTriangles(4)).toEqual([0, 1, 2, 2, 1, 3]);
  });

  it("splits longer strips (a self-loop's path) triangle by triangle", () => {
    expect(stripTriangles(6)).toEqual([0, 1, 2, 2, 1, 3, 2, 3, 4, 4, 3, 5]);
  });

  it("gives nothing for fewer than three vertices", () => {
    expect(stripTriangles(2)).toEqual([]);
    expect(stripTriangles(3)).toEqual([0, 1, 2]);
  });
});

describe("expandInstances", () => {
  it("repeats each instance's slots at every corner, followed by that corner's constants", () => {
    const instances = new Uint32Array([10, 11, 20, 21]); // two instances of two slots
    const constants = new Uint32Array([100, 101, 102]); // three corners of one slot
    expect(Array.from(expandInstances(instances, 2, constants, 1, [0, 2, 1], 2))).toEqual([
      10, 11, 100, 10, 11, 102, 10, 11, 101,
      20, 21, 100, 20, 21, 102, 20, 21, 101,
    ]);
  });

  it("copies raw bits: a packed colour that reads as a NaN float keeps its bytes", () => {
    const bits = 0xffc00001; // a NaN payload a float copy may canonicalize
    const out = expandInstances(new Uint32Array([bits]), 1, new Uint32Array([0]), 1, [0], 1);
    expect(out[0]).toBe(bits);
  });

  it("expands only the first `count` instances", () => {
    const out = expandInstances(new Uint32Array([1, 2, 3]), 1, new Uint32Array([7, 8]), 1, [0, 1], 2);
    expect(Array.from(out)).toEqual([1, 7, 1, 8, 2, 7, 2, 8]);
  });
});

/** A WebGL context that records the calls an emulated draw makes. */
function recordingGL() {
  const calls: [string, ...unknown[]][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]): unknown => {
      calls.push([name, ...args]);
      return name === "createBuffer" ? { buffer: calls.length } : undefined;
    };
  const gl = new Proxy({ ARRAY_BUFFER: 34962, DYNAMIC_DRAW: 35048 } as Record<string, unknown>, {
    get: (target, name: string) => (name in target ? target[name] : record(name)),
  });
  return { gl, calls };
}

/** Two instances of a node-like program: an index slot and a packed colour, a quad's corners. */
function instancedProgram(overrides: Record<string, unknown> = {}) {
  const floats = new Float32Array(2 * 2);
  const ints = new Uint32Array(floats.buffer);
  floats[0] = 0;
  ints[1] = 0xff0000ff;
  floats[2] = 1;
  ints[3] = 0x00ff00ff;
  return {
    isInstanced: true,
    METHOD: 0x0005,
    VERTICES: 4,
    ATTRIBUTES: [
      { name: "a_index", size: 1, type: 5126 },
      { name: "a_color", size: 4, type: 5121, normalized: true },
    ],
    CONSTANT_ATTRIBUTES: [{ name: "a_corner", size: 2, type: 5126 }],
    ATTRIBUTES_ITEMS_COUNT: 2,
    floats,
    constantArray: new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]),
    capacity: 2,
    renderOffset: 0,
    renderCount: -1,
    bufferGeneration: 1,
    ...overrides,
  };
}

describe("emulateInstancing", () => {
  it("draws an instanced quad program as plain triangles, six vertices an instance", () => {
    emulateInstancing();
    emulateInstancing(); // installing twice wraps once
    const { gl, calls } = recordingGL();
    const program = instancedProgram();
    const info = { gl, attributeLocations: { a_index: 0, a_color: 1, a_corner: 2 } };
    Program.prototype.drawWebGL.call(program, 0x0005, info);

    const upload = calls.find(([name]) => name === "bufferData");
    const data = new Uint32Array((upload?.[2] as Uint32Array).buffer);
    expect(data.length).toBe(2 * 6 * 4); // instances x corners x (2 slots + 2 corner floats)
    expect(data[1]).toBe(0xff0000ff); // first instance's colour, raw
    expect(data[6 * 4 + 1]).toBe(0x00ff00ff); // second instance's
    const pointers = calls.filter(([name]) => name === "vertexAttribPointer");
    expect(pointers).toEqual([
      ["vertexAttribPointer", 0, 1, 5126, false, 16, 0],
      ["vertexAttribPointer", 1, 4, 5121, true, 16, 4],
      ["vertexAttribPointer", 2, 2, 5126, false, 16, 8],
    ]);
    expect(calls.filter(([name]) => name === "vertexAttribDivisor")).toEqual([
      ["vertexAttribDivisor", 0, 0],
      ["vertexAttribDivisor", 1, 0],
      ["vertexAttribDivisor", 2, 0],
    ]);
    expect(calls.filter(([name]) => name.startsWith("draw"))).toEqual([["drawArrays", 0x0004, 0, 12]]);
  });

  it("uploads again only when sigma's buffer changed, and draws the asked-for range", () => {
    const { gl, calls } = recordingGL();
    const program = instancedProgram({ renderOffset: 1, renderCount: 1 });
    const info = { gl, attributeLocations: { a_index: 0, a_color: -1, a_corner: 2 } };
    Program.prototype.drawWebGL.call(program, 0x0005, info);
    Program.prototype.drawWebGL.call(program, 0x0005, info);
    expect(calls.filter(([name]) => name === "bufferData")).toHaveLength(1);
    program.bufferGeneration = 2;
    Program.prototype.drawWebGL.call(program, 0x0005, info);
    expect(calls.filter(([name]) => name === "bufferData")).toHaveLength(2);
    expect(calls.filter(([name]) => name === "vertexAttribPointer").map((call) => call[1])).not.toContain(-1);
    expect(calls.filter(([name]) => name.startsWith("draw"))[0]).toEqual(["drawArrays", 0x0004, 6, 6]);
  });

  it("leaves programs it cannot expand to sigma's own draw", () => {
    const { gl, calls } = recordingGL();
    const plain = instancedProgram({ isInstanced: false, VERTICES: 3, METHOD: 0x0004 });
    Program.prototype.drawWebGL.call(Object.assign(Object.create(Program.prototype as object) as object, plain), 0x0004, { gl });
    expect(calls.filter(([name]) => name.startsWith("draw"))).toEqual([["drawArrays", 0x0004, 0, 6]]);
  });
});
