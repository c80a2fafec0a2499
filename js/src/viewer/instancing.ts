// Software WebGL without instanced draws. sigma draws every node and every edge as an instance of
// one quad (gl.drawArraysInstanced). SwiftShader, Chromium's software WebGL, runs an instanced
// draw as one draw per instance, each with a fixed set-up cost: ~20 µs a node and ~40 µs an edge,
// whatever their size (0.5 s per pass at 25k nodes, 0.9 s for 20k edges, against 0.09 s for
// sigma's one non-instanced pass over the same 20k edges). There, sigma's instanced programs
// draw the same vertices as one plain draw instead: each instance's quad (a triangle strip)
// becomes two triangles of its own, carrying the instance's attributes at every vertex.
import { Program } from "sigma/rendering";

/** A vertex attribute of a sigma program: every one fills one 32-bit slot per vertex. */
interface AttributeSpec {
  readonly name: string;
  readonly size: number;
  readonly type: number;
  readonly normalized?: boolean;
}

/** The parts of sigma's Program (4.0.4) an emulated instanced draw reads. */
interface InstancedProgram {
  isInstanced: boolean;
  METHOD: number;
  VERTICES: number;
  ATTRIBUTES: AttributeSpec[];
  CONSTANT_ATTRIBUTES: AttributeSpec[];
  ATTRIBUTES_ITEMS_COUNT: number;
  floats: Float32Array;
  constantArray: Float32Array;
  capacity: number;
  renderOffset: number;
  renderCount: number;
  bufferGeneration: number;
}

interface ProgramInfoLike {
  gl: WebGL2RenderingContext;
  attributeLocations: Record<string, number>;
}

type DrawWebGL = (this: unknown, method: number, info: ProgramInfoLike) => void;

const TRIANGLE_STRIP = 0x0005;
const TRIANGLES = 0x0004;
const FLOAT = 0x1406;

/**
 * The vertices, in order, of the separate triangles a triangle strip of `vertices` vertices
 * draws, each wound as the strip winds it: 4 vertices give (0 1 2) (2 1 3).
 */
export function stripTriangles(vertices: number): number[] {
  const corners: number[] = [];
  for (let i = 0; i + 2 < vertices; i++) {
    if (i % 2 === 0) corners.push(i, i + 1, i + 2);
    else corners.push(i + 1, i, i + 2);
  }
  return corners;
}

/**
 * One vertex per instance and corner: the instance's `slots` 32-bit slots, then its corner's
 * `constantSlots` (raw bits: packed colours and ids are copied as they are, never as floats).
 */
export function expandInstances(
  instances: Uint32Array,
  slots: number,
  constants: Uint32Array,
  constantSlots: number,
  corners: readonly number[],
  count: number,
): Uint32Array {
  const stride = slots + constantSlots;
  const out = new Uint32Array(count * corners.length * stride);
  let o = 0;
  for (let instance = 0; instance < count; instance++) {
    const base = instance * slots;
    for (const corner of corners) {
      for (let s = 0; s < slots; s++) out[o++] = instances[base + s] ?? 0;
      const c = corner * constantSlots;
      for (let s = 0; s < constantSlots; s++) out[o++] = constants[c + s] ?? 0;
    }
  }
  return out;
}

/** Per program: its expanded vertices in a buffer of their own, and what they were made from. */
interface Expanded {
  buffer: WebGLBuffer;
  floats: Float32Array;
  generation: number;
  corners: number[];
}

const expanded = new WeakMap<object, Expanded>();

/** Draws an instanced program's instances as plain triangles; false when it cannot. */
function drawExpanded(program: InstancedProgram, info: ProgramInfoLike): boolean {
  if (!program.isInstanced || program.METHOD !== TRIANGLE_STRIP) return false;
  const { gl } = info;
  const slots = program.ATTRIBUTES_ITEMS_COUNT;
  const constantSlots = program.CONSTANT_ATTRIBUTES.reduce((n, a) => n + (a.normalized === true ? 1 : a.size), 0);
  let entry = expanded.get(program);
  if (entry === undefined || entry.floats !== program.floats || entry.generation !== program.bufferGeneration) {
    const buffer = entry?.buffer ?? gl.createBuffer();
    if (buffer === null) return false;
    const corners = stripTriangles(program.VERTICES);
    const data = expandInstances(
      new Uint32Array(program.floats.buffer, program.floats.byteOffset, program.floats.length),
      slots,
      new Uint32Array(program.constantArray.buffer, program.constantArray.byteOffset, program.constantArray.length),
      constantSlots,
      corners,
      program.capacity,
    );
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
    entry = { buffer, floats: program.floats, generation: program.bufferGeneration, corners };
    expanded.set(program, entry);
  }
  const stride = (slots + constantSlots) * 4;
  gl.bindBuffer(gl.ARRAY_BUFFER, entry.buffer);
  let offset = 0;
  for (const attr of [...program.ATTRIBUTES, ...program.CONSTANT_ATTRIBUTES]) {
    const location = info.attributeLocations[attr.name] ?? -1;
    if (location !== -1) {
      gl.enableVertexAttribArray(location);
      gl.vertexAttribPointer(location, attr.size, attr.type, attr.normalized === true, stride, offset);
      gl.vertexAttribDivisor(location, 0);
    }
    offset += attr.type === FLOAT && attr.normalized !== true ? attr.size * 4 : 4;
  }
  gl.bindBuffer(gl.ARRAY_BUFFER, null);
  const count = program.renderCount >= 0 ? program.renderCount : program.capacity;
  const perInstance = entry.corners.length;
  gl.drawArrays(TRIANGLES, program.renderOffset * perInstance, count * perInstance);
  return true;
}

let installed = false;

/** From now on, sigma's instanced programs draw as plain triangles (for software WebGL only). */
export function emulateInstancing(): void {
  if (installed) return;
  installed = true;
  const proto = Program.prototype as unknown as { drawWebGL: DrawWebGL };
  const original = proto.drawWebGL;
  proto.drawWebGL = function (this: unknown, method: number, info: ProgramInfoLike): void {
    if (!drawExpanded(this as InstancedProgram, info)) original.call(this, method, info);
  };
}
