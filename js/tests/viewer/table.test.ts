// The viewer's column reads (flechette) against what apache-arrow's gave for the same bytes: the
// same values, text, node keys and colors; exact 64-bit integers; direct typed-array reads.
import * as arrow from "apache-arrow";
import { decimal, tableFromArrays as flechetteTable, tableToIPC as flechetteIPC, type Column } from "@uwdata/flechette";
import { describe, expect, it } from "vitest";

import { resolveColor } from "../../src/viewer/colors";
import { toNumber } from "../../src/viewer/bindings";
import { decodeArrow } from "../../src/viewer/data";
import { buildGraph, nodeKey } from "../../src/viewer/graph";
import { arrowColumns } from "../../src/viewer/table";
import { formatValue } from "../../src/viewer/tooltip";
import { batchedIPC, meta, type BatchedColumn } from "./helpers";

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function read(bytes: Uint8Array, name: string): unknown[] {
  const table = arrowColumns(decodeArrow(bytes, "test table"));
  const reader = table.column(name);
  if (reader === null) throw new Error(`no column ${name}`);
  return Array.from({ length: table.numRows }, (_, row) => reader.get(row));
}

function int64Bytes(values: ReadonlyArray<bigint | null>, type: arrow.DataType = new arrow.Int64(), format: "stream" | "file" = "stream"): Uint8Array {
  return batchedIPC({ v: { type, batches: [values] } }, format);
}

describe("int64 columns", () => {
  const safe = [0n, 1n, -2n, 25_000n, SAFE, -SAFE];

  it("read safe integers as plain numbers", () => {
    const values = read(int64Bytes(safe), "v");
    expect(values).toEqual(safe.map(Number));
    for (const value of values) expect(typeof value).toBe("number");
  });

  it("give a safe integer the same tooltip text, node key and color as its bigint did", () => {
    const values = read(int64Bytes(safe), "v");
    safe.forEach((big, row) => {
      expect(formatValue(values[row])).toBe(formatValue(big));
      expect(nodeKey(values[row])).toBe(nodeKey(big));
      expect(resolveColor(values[row])).toBe(resolveColor(big));
      expect(toNumber(values[row])).toBe(toNumber(big));
    });
    expect(formatValue(values[4])).toBe("9007199254740991"); // an id, not a quantity: no separators
  });

  it("read integers beyond ±(2^53 - 1) as exact bigints", () => {
    const unsafe = [SAFE + 1n, -SAFE - 1n, SAFE + 2n, 2n ** 63n - 1n, -(2n ** 63n)];
    const values = read(int64Bytes(unsafe), "v");
    expect(values).toEqual(unsafe);
    expect(values.map(nodeKey)).toEqual(["9007199254740992", "-9007199254740992", "9007199254740993", "9223372036854775807", "-9223372036854775808"]);
  });

  it("read uint64 the same way, up to 2^64 - 1", () => {
    const values = read(int64Bytes([0n, SAFE, SAFE + 1n, 2n ** 64n - 1n], new arrow.Uint64()), "v");
    expect(values).toEqual([0, Number.MAX_SAFE_INTEGER, SAFE + 1n, 2n ** 64n - 1n]);
  });

  it("keep nulls, in one record batch and across several", () => {
    const single = int64Bytes([1n, null, SAFE + 2n, null]);
    expect(read(single, "v")).toEqual([1, null, SAFE + 2n, null]);
    const several = batchedIPC({ v: { type: new arrow.Int64(), batches: [[1n, null], [null, SAFE + 2n, 3n]] } }, "file");
    expect(read(several, "v")).toEqual([1, null, null, SAFE + 2n, 3]);
  });

  it("with nulls across several record batches, keep the same bounds: ±(2^53 - 1) as numbers, beyond as bigints", () => {
    const bounds = [SAFE, -SAFE, SAFE + 1n, -SAFE - 1n];
    const several = batchedIPC({ v: { type: new arrow.Int64(), batches: [[null, ...bounds], [null]] } }, "file");
    expect(read(several, "v")).toEqual([null, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, SAFE + 1n, -SAFE - 1n, null]);
  });

  it("read several record batches without nulls as one column", () => {
    const bytes = batchedIPC({ v: { type: new arrow.Int64(), batches: [[1n, 2n], [SAFE + 2n], [-4n]] } }, "file");
    expect(read(bytes, "v")).toEqual([1, 2, SAFE + 2n, -4]);
  });

  it("keep node ids beyond 2^53 apart in the graph", () => {
    const ids = [SAFE + 2n, SAFE + 3n]; // the same float64
    const edges = arrowColumns(decodeArrow(batchedIPC({ s: { type: new arrow.Int64(), batches: [[ids[0], ids[1]]] }, d: { type: new arrow.Int64(), batches: [[ids[1], 5n]] } }, "file"), "edges"));
    const nodes = arrowColumns(decodeArrow(batchedIPC({ id: { type: new arrow.Int64(), batches: [[...ids, 5n]] }, kind: { type: new arrow.Int32(), batches: [[1, 2, 3]] } }, "file"), "nodes"));
    const { graph } = buildGraph(edges, nodes, meta({ source: "s", destination: "d" }, { node: "id", point_color: "kind" }));
    expect(graph.nodes()).toEqual(["9007199254740993", "9007199254740994", "5"]);
    expect(graph.hasDirectedEdge("9007199254740993", "9007199254740994")).toBe(true);
  });
});

// Each column, written as one record batch (a stream) and as several (a file), read by apache-arrow
// 21 (what the viewer used) and by the viewer now.
const KINDS: Record<string, BatchedColumn> = {
  i64: { type: new arrow.Int64(), batches: [[1n, null, SAFE + 2n], [-(2n ** 63n), 7n]] },
  u64: { type: new arrow.Uint64(), batches: [[0n, 2n ** 64n - 1n, null], [SAFE, 3n]] },
  i32: { type: new arrow.Int32(), batches: [[1, null, -3], [2147483647, 0]] },
  u8: { type: new arrow.Uint8(), batches: [[1, 255, 0], [null, 12]] },
  f64: { type: new arrow.Float64(), batches: [[1.5, null, Number.NaN], [Infinity, 0.1 + 0.2]] },
  f32: { type: new arrow.Float32(), batches: [[1.5, -0, 3], [1e-7, null]] },
  f16: { type: new arrow.Float16(), batches: [[1.5, null, 65504], [0.1, -2]] },
  s: { type: new arrow.Utf8(), batches: [["a", null, ""], ["ü€", "x".repeat(200)]] },
  ls: { type: new arrow.LargeUtf8(), batches: [["a", "b", null], ["", "c"]] },
  dict: { type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()), batches: [["red", "blue", null], ["red", "green"]] },
  b: { type: new arrow.Bool(), batches: [[true, false, null], [true, false]] },
  ts_s: { type: new arrow.TimestampSecond(), batches: [[0, 1_700_000_000_000, null], [-5_000, 86_400_000]] },
  ts_ms: { type: new arrow.TimestampMillisecond(), batches: [[0, 1_700_000_000_123, null], [-5, 1]] },
  ts_us: { type: new arrow.TimestampMicrosecond("UTC"), batches: [[0, 1_700_000_000_123.456, null], [-5.5, 1]] },
  ts_ns: { type: new arrow.TimestampNanosecond(), batches: [[0, 1_700_000_000_123.456, null], [-5.25, 1]] },
  date_day: { type: new arrow.DateDay(), batches: [[0, 1_577_836_800_000, null], [-86_400_000, 86_400_000]] },
  date_ms: { type: new arrow.DateMillisecond(), batches: [[0, 1_577_836_800_000, null], [-86_400_000, 86_400_000]] },
  nul: { type: new arrow.Null(), batches: [[null, null, null], [null, null]] },
  list: { type: new arrow.List(new arrow.Field("item", new arrow.Int64(), true)), batches: [[[1n, 2n], null, []], [[SAFE + 2n], [3n]]] },
  list_s: { type: new arrow.List(new arrow.Field("item", new arrow.Utf8(), true)), batches: [[["a", "b"], null, []], [["c"], ["d", null]]] },
  struct: {
    type: new arrow.Struct([new arrow.Field("x", new arrow.Int64(), true), new arrow.Field("y", new arrow.Utf8(), true)]),
    batches: [[{ x: 1n, y: "a" }, null, { x: 2n, y: null }], [{ x: 3n, y: "c" }, { x: null, y: "d" }]],
  },
  // A struct's text (its node key and label) shows numbers bare (NaN too), strings quoted as they
  // are (not escaped), binary as its bytes, and null, booleans, lists and structs as JSON with
  // bigints as strings: what apache-arrow's rows wrote.
  struct_text: {
    type: new arrow.Struct([
      new arrow.Field("f", new arrow.Float64(), true),
      new arrow.Field("t", new arrow.Utf8(), true),
      new arrow.Field("b", new arrow.Bool(), true),
      new arrow.Field("bin", new arrow.Binary(), true),
      new arrow.Field("l", new arrow.List(new arrow.Field("item", new arrow.Utf8(), true)), true),
      new arrow.Field("li", new arrow.List(new arrow.Field("item", new arrow.Int32(), true)), true),
      new arrow.Field("s", new arrow.Struct([new arrow.Field("z", new arrow.Int64(), true)]), true),
    ]),
    batches: [
      [{ f: Number.NaN, t: 'say "hi"', b: true, bin: Uint8Array.of(1, 2), l: ["a", "b"], li: [1, 2], s: { z: SAFE + 2n } }, null, { f: Infinity, t: "", b: false, bin: null, l: null, li: null, s: null }],
      [{ f: 1.5, t: null, b: null, bin: Uint8Array.of(), l: [], li: [], s: { z: null } }, { f: null, t: "x\ny", b: true, bin: Uint8Array.of(255), l: [null], li: [null, 3], s: { z: -3n } }],
    ],
  },
  list_list: {
    type: new arrow.List(new arrow.Field("item", new arrow.List(new arrow.Field("item", new arrow.Int32(), true)), true)),
    batches: [[[[1, 2], [3]], null, [[], null]], [[[4]], []]],
  },
  list_struct: {
    type: new arrow.List(new arrow.Field("item", new arrow.Struct([new arrow.Field("z", new arrow.Int32(), true)]), true)),
    batches: [[[{ z: 1 }, null], null, []], [[{ z: null }], [{ z: 2 }, { z: 3 }]]],
  },
};

describe("every column type reads as apache-arrow read it", () => {
  const cases: Array<[string, Uint8Array]> = [
    ["one record batch (stream)", batchedIPC(Object.fromEntries(Object.entries(KINDS).map(([name, kind]) => [name, { type: kind.type, batches: [kind.batches.flat()] }])), "stream")],
    ["several record batches (file)", batchedIPC(KINDS, "file")],
  ];

  for (const [label, bytes] of cases) {
    // Instants are read as people read them (values.ts): "instants" below.
    for (const name of Object.keys(KINDS).filter((kind) => !kind.startsWith("ts_") && !kind.startsWith("date_"))) {
      it(`${name}, ${label}`, () => {
        const before = arrow.tableFromIPC(bytes).getChild(name)!;
        const now = read(bytes, name);
        expect(now.length).toBe(before.length);
        now.forEach((value, row) => {
          const old: unknown = before.get(row);
          if (typeof old === "bigint") {
            expect(value).toBe(old >= -SAFE && old <= SAFE ? Number(old) : old);
          } else if (old === null || typeof old !== "object") {
            expect(value).toBe(old); // the same type too: numbers stay numbers (timestamps, dates)
          }
          expect(formatValue(value)).toBe(formatValue(old));
          expect(nodeKey(value)).toBe(nodeKey(old));
          expect(resolveColor(value)).toBe(resolveColor(old));
          expect(toNumber(value)).toBe(toNumber(old));
        });
      });
    }
  }
});

describe("structs", () => {
  it("show null fields as null, strings quoted, numbers bare, the rest as JSON, as apache-arrow did (node key and tooltip)", () => {
    const bytes = batchedIPC({ st: { type: KINDS["struct_text"]!.type, batches: [KINDS["struct_text"]!.batches.flat()] } }, "stream");
    const [first, , third, fourth] = read(bytes, "st");
    expect(String(first)).toBe('{"f": NaN, "t": "say "hi"", "b": true, "bin": [1,2], "l": ["a","b"], "li": [1,2], "s": {"z":"9007199254740993"}}');
    expect(String(third)).toBe('{"f": Infinity, "t": "", "b": false, "bin": null, "l": null, "li": null, "s": null}');
    expect(String(fourth)).toBe('{"f": 1.5, "t": null, "b": null, "bin": [], "l": [], "li": [], "s": {"z":null}}');
    expect(formatValue(first)).toBe('{"f":null,"t":"say \\"hi\\"","b":true,"bin":{"0":1,"1":2},"l":["a","b"],"li":[1,2],"s":{"z":"9007199254740993"}}');
  });
});

describe("instants", () => {
  it("keep their numbers for scales and read as ISO text with the column's zone (none when naive)", () => {
    for (const [label, bytes] of [
      ["stream", batchedIPC(Object.fromEntries(Object.entries(KINDS).map(([name, kind]) => [name, { type: kind.type, batches: [kind.batches.flat()] }])), "stream")],
      ["file", batchedIPC(KINDS, "file")],
    ] as const) {
      const before = arrow.tableFromIPC(bytes);
      for (const name of ["ts_s", "ts_ms", "ts_us", "ts_ns", "date_day", "date_ms"]) {
        const now = read(bytes, name);
        now.forEach((value, row) => {
          const old: unknown = before.getChild(name)!.get(row);
          expect(toNumber(value), `${label} ${name} ${row}`).toBe(toNumber(old));
          expect(value === null).toBe(old === null);
        });
      }
      expect(read(bytes, "ts_ms").map(formatValue)).toEqual(["1970-01-01T00:00:00", "2023-11-14T22:13:20.123", "—", "1969-12-31T23:59:59.995", "1970-01-01T00:00:00.001"]);
      expect(formatValue(read(bytes, "ts_us")[1])).toBe("2023-11-14T22:13:20.123456Z");
      expect(read(bytes, "date_day").map(formatValue)).toEqual(["1970-01-01", "2020-01-01", "—", "1969-12-31", "1970-01-02"]);
      expect(nodeKey(read(bytes, "ts_s")[1])).toBe("2023-11-14T22:13:20");
    }
  });

  it("in a named zone read as that zone's wall clock, its offset and its name (RFC 9557)", () => {
    const bytes = batchedIPC({ t: { type: new arrow.TimestampMillisecond("America/New_York"), batches: [[1_704_067_200_000, 1_719_792_000_000]] } }, "stream");
    expect(read(bytes, "t").map(formatValue)).toEqual(["2023-12-31T19:00:00-05:00[America/New_York]", "2024-06-30T20:00:00-04:00[America/New_York]"]);
  });
});

describe("decimals", () => {
  it("read exactly, as written with their scale", () => {
    const table = flechetteTable({ d: [1.25, null, -3.5] }, { types: { d: decimal(10, 2, 128) } });
    const values = read(flechetteIPC(table, { format: "stream" })!, "d");
    expect(values.map(formatValue)).toEqual(["1.25", "—", "-3.50"]);
    expect(values.map(toNumber)).toEqual([1.25, null, -3.5]);
  });

  it("of 64 bits read exactly too", () => {
    const table = flechetteTable({ d: [1.25, null, -3.5] }, { types: { d: decimal(10, 2, 64) } });
    expect(read(flechetteIPC(table, { format: "stream" })!, "d").map(formatValue)).toEqual(["1.25", "—", "-3.50"]);
  });

  it("beyond a double's digits keep every digit", () => {
    const table = flechetteTable({ d: [0] }, { types: { d: decimal(38, 10, 128) } });
    const bytes = flechetteIPC(table, { format: "stream" })!;
    const decoded = decodeArrow(bytes, "t");
    // The scaled integer as the hub's Arrow would carry it: 12345678901234567890.1234567891
    const column = decoded.getChild("d") as Column<unknown>;
    const words = (column.data[0] as unknown as { values: BigUint64Array }).values;
    const scaled = 123456789012345678901234567891n;
    words[0] = scaled & (2n ** 64n - 1n);
    words[1] = scaled >> 64n;
    const reader = arrowColumns(decoded).column("d")!;
    expect(formatValue(reader.get(0))).toBe("12345678901234567890.1234567891");
  });
});

describe("bytes", () => {
  it("read as text, a UUID (arrow.uuid) as its canonical form, other bytes as hex", () => {
    const uuidField = new arrow.Field("u", new arrow.FixedSizeBinary(16), true, new Map([["ARROW:extension:name", "arrow.uuid"]]));
    const uuid = Uint8Array.from([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const schema = new arrow.Schema([uuidField]);
    const column = arrow.makeData({ type: new arrow.FixedSizeBinary(16), length: 1, nullCount: 0, data: uuid });
    const batch = new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: 1, nullCount: 0, children: [column] }));
    const bytes = arrow.tableToIPC(new arrow.Table(batch), "stream");
    const key = nodeKey(read(bytes, "u")[0]);
    expect(formatValue(read(bytes, "u")[0])).toBe("12345678-9abc-def0-0000-000000000001");
    expect(key).toBe("12345678-9abc-def0-0000-000000000001");
    const binary = batchedIPC({ b: { type: new arrow.Binary(), batches: [[new TextEncoder().encode("abc"), Uint8Array.from([0, 255]), null]] } }, "stream");
    expect(read(binary, "b").map(formatValue)).toEqual(["abc", "0x00ff", "—"]);
  });
});

describe("direct reads", () => {
  /** A table whose columns fail on any read through flechette's per-value accessors. */
  function withoutAccessors(bytes: Uint8Array, names: readonly string[]): ReturnType<typeof decodeArrow> {
    const table = decodeArrow(bytes, "test table");
    const refuse = (): never => {
      throw new Error("read through an accessor");
    };
    for (const name of names) {
      const column = table.getChild(name) as Column<unknown>;
      Object.assign(column, { at: refuse, get: refuse });
      for (const batch of column.data) Object.assign(batch, { at: refuse, value: refuse });
    }
    return table;
  }

  it("read numbers straight from the typed arrays, with no search for a record batch", () => {
    const one = batchedIPC(
      {
        id: { type: new arrow.Int64(), batches: [[1n, 2n, SAFE + 2n]] },
        kind: { type: new arrow.Int32(), batches: [[1, null, 3]] },
        x: { type: new arrow.Float64(), batches: [[0.5, 1.5, 2.5]] },
        big: { type: new arrow.Int64(), batches: [[null, -2n, SAFE + 2n]] },
      },
      "stream",
    );
    const table = arrowColumns(withoutAccessors(one, ["id", "kind", "x", "big"]));
    expect([0, 1, 2].map((row) => table.column("id")!.get(row))).toEqual([1, 2, SAFE + 2n]);
    expect([0, 1, 2].map((row) => table.column("big")!.get(row))).toEqual([null, -2, SAFE + 2n]);
    expect([0, 1, 2].map((row) => table.column("kind")!.get(row))).toEqual([1, null, 3]);
    expect([0, 1, 2].map((row) => table.column("x")!.get(row))).toEqual([0.5, 1.5, 2.5]);

    const several = batchedIPC({ id: { type: new arrow.Int64(), batches: [[1n], [2n, 3n]] }, x: { type: new arrow.Float32(), batches: [[0.5], [1.5, 2.5]] } }, "file");
    const joined = arrowColumns(withoutAccessors(several, ["id", "x"]));
    expect([0, 1, 2].map((row) => joined.column("id")!.get(row))).toEqual([1, 2, 3]);
    expect([0, 1, 2].map((row) => joined.column("x")!.get(row))).toEqual([0.5, 1.5, 2.5]);
  });

  it("read a safe int64 without reading it as a bigint", () => {
    const table = decodeArrow(int64Bytes([5n, -6n, SAFE + 2n]), "test table");
    const batch = (table.getChild("v") as Column<unknown>).data[0]!;
    const values = batch.values as BigInt64Array;
    const read: number[] = [];
    const watched = new Proxy(values, {
      get(target, key) {
        if (typeof key === "string" && /^\d+$/.test(key)) read.push(Number(key));
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    Object.assign(batch, { values: watched });
    const reader = arrowColumns(table).column("v")!;
    expect([reader.get(0), reader.get(1), reader.get(2)]).toEqual([5, -6, SAFE + 2n]);
    expect(read).toEqual([2]); // only the unsafe one
  });

  it("make each column's reader once", () => {
    const table = arrowColumns(decodeArrow(int64Bytes([1n]), "test table"));
    expect(table.column("v")).toBe(table.column("v"));
    expect(table.column("w")).toBeNull();
  });
});

describe("tables", () => {
  it("with no record batch have rows of nothing", () => {
    const schema = new arrow.Schema([
      new arrow.Field("v", new arrow.Int64(), true),
      new arrow.Field("i", new arrow.Int32(), true),
      new arrow.Field("s", new arrow.Utf8(), true),
      new arrow.Field("l", new arrow.List(new arrow.Field("item", new arrow.Int32(), true)), true),
      new arrow.Field("st", new arrow.Struct([new arrow.Field("z", new arrow.Int32(), true)]), true),
    ]);
    const table = arrowColumns(decodeArrow(arrow.tableToIPC(new arrow.Table(schema), "stream"), "test table"));
    expect(table.numRows).toBe(0);
    expect([...table.names]).toEqual(["v", "i", "s", "l", "st"]);
    for (const name of table.names) expect(table.column(name)!.get(0)).toBeUndefined();
  });
});
