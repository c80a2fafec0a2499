// A narrow view of an Arrow table: named columns read by row. Keeps the graph builder independent
// of the Arrow library's types, and lets it read any column type (ids may be strings, integers or
// floats).
//
// Values are those the viewer always read: 64-bit integers come back as numbers when they are safe
// integers (the same text, key and color as the bigint they stand for) and as exact bigints beyond
// that; timestamps and dates are Instants, decimals exact Decimals, bytes (and UUIDs) Bytes
// (values.ts); strings (also dictionary-encoded), floats, booleans and nulls as themselves. Columns of plain numbers are read straight from their typed
// arrays, with no search for a record batch and no allocation per value.
import { Type, type Column, type DataType, type Field, type Table } from "@uwdata/flechette";

import { Bytes, Decimal, Instant } from "./values";

export interface ColumnReader {
  get(row: number): unknown;
}

export interface Columns {
  readonly numRows: number;
  readonly names: ReadonlySet<string>;
  /** The column, or null when the table has none of that name. */
  column(name: string): ColumnReader | null;
}

const TWO_POW_32 = 4294967296;

/** A bigint as a number when that is exact, else the bigint itself; other values unchanged. */
function exactInteger(value: unknown): unknown {
  if (typeof value !== "bigint") return value;
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
}

/** The null flag of one record batch's row (Arrow's validity bitmap: a 0 bit is null). */
function isNull(validity: Uint8Array | undefined, row: number): boolean {
  return validity !== undefined && (validity[row >> 3]! & (1 << (row & 7))) === 0;
}

/**
 * A 64-bit integer column (decoded as bigints): read as two 32-bit words, so a safe integer costs
 * no bigint; only a value beyond ±(2^53 - 1) is read as the bigint it is. As for the other typed
 * arrays (columnReader): without nulls, the one array of all batches (a single batch's own, or a
 * copy of several); with nulls, one batch's arrays; else flechette's per-value read.
 */
function int64Reader(column: Column<unknown>, signed: boolean): ColumnReader {
  if (column.nullCount === 0) return int64Words(column.toArray() as BigInt64Array | BigUint64Array, undefined, signed);
  if (column.data.length === 1) {
    const { values, validity } = column.data[0]! as { values: BigInt64Array | BigUint64Array; validity: Uint8Array };
    return int64Words(values, validity, signed);
  }
  return { get: (row) => exactInteger(column.at(row)) };
}

function int64Words(values: BigInt64Array | BigUint64Array, validity: Uint8Array | undefined, signed: boolean): ColumnReader {
  const low = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const high = signed ? new Int32Array(values.buffer, values.byteOffset, values.length * 2) : low;
  return {
    get(row: number): unknown {
      if (isNull(validity, row)) return null;
      // Exact whenever the value is a safe integer; rounding keeps an unsafe one outside the range.
      const n = high[2 * row + 1]! * TWO_POW_32 + low[2 * row]!;
      return n <= Number.MAX_SAFE_INTEGER && n >= Number.MIN_SAFE_INTEGER ? n : values[row];
    },
  };
}

type Convert = (value: unknown) => unknown;

/** A list value: a plain array whose text is the bracketed list apache-arrow's vectors gave. */
class ListValue extends Array<unknown> {
  override toString(): string {
    return `[${this.join(",")}]`;
  }
}

/**
 * One value in a struct's text, as apache-arrow wrote it. JSON writes the rest as apache-arrow did:
 * null, booleans, lists and structs (a flechette field is never undefined).
 */
function fieldText(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") return `${value}`;
  if (typeof value === "string") return `"${value}"`;
  if (ArrayBuffer.isView(value)) return `[${String(value)}]`;
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? `${item}` : item));
}

/** A struct value: its fields, and the `{"name": value, ...}` text apache-arrow's rows gave. */
class StructValue {
  constructor(fields: Record<string, unknown>) {
    Object.assign(this, fields);
  }

  toString(): string {
    return `{${Object.entries(this).map(([name, value]) => `${fieldText(name)}: ${fieldText(value)}`).join(", ")}}`;
  }
}

/**
 * How to turn a nested value into the shape the viewer always had, or null when it already is that:
 * a list becomes an array (not a typed array, whose JSON is an object of indices), a struct a
 * StructValue, also inside lists and structs. A null row stays null (flechette reads no undefined:
 * a table without record batches is answered before, columnReader).
 */
function nestedConversion(type: DataType): Convert | null {
  switch (type.typeId) {
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList:
    case Type.ListView:
    case Type.LargeListView: {
      const item = nestedConversion(type.children[0]!.type);
      const each = item === null ? (value: unknown) => value : item;
      return (value) => (value === null ? value : ListValue.from(value as ArrayLike<unknown>, each));
    }
    case Type.Struct: {
      const fields = type.children.map((field) => [field.name, nestedConversion(field.type)] as const);
      const converted = fields.filter((entry): entry is readonly [string, Convert] => entry[1] !== null);
      return (value) => {
        if (value === null) return value;
        const out = new StructValue(value as Record<string, unknown>) as unknown as Record<string, unknown>;
        for (const [name, convert] of converted) out[name] = convert(out[name]);
        return out;
      };
    }
    default:
      return null;
  }
}

/**
 * How a value of `field` becomes the value people read (values.ts), or null when it already is:
 * timestamps and dates (epoch milliseconds) become Instants with the column's zone, decimals
 * (scaled integers, decodeArrow) exact Decimals, bytes Bytes (a UUID's canonical text).
 */
function readableConversion(field: Field | undefined, type: DataType): Convert | null {
  switch (type.typeId) {
    case Type.Timestamp: {
      const zone = type.timezone === null || type.timezone === "" ? null : type.timezone;
      return (value) => (typeof value === "number" ? new Instant(value, zone) : value);
    }
    case Type.Date:
      return (value) => (typeof value === "number" ? new Instant(value, "UTC", true) : value);
    case Type.Decimal: {
      const scale = type.scale;
      return (value) => (typeof value === "bigint" || typeof value === "number" ? new Decimal(BigInt(value), scale) : value);
    }
    case Type.Binary:
    case Type.LargeBinary:
    case Type.BinaryView:
    case Type.FixedSizeBinary: {
      const uuid = field?.metadata?.get("ARROW:extension:name") === "arrow.uuid";
      return (value) => (value instanceof Uint8Array ? new Bytes(value, uuid) : value);
    }
    default:
      return null;
  }
}

function columnReader(column: Column<unknown>, field?: Field): ColumnReader {
  const type = column.type;
  if (column.data.length === 0) return { get: () => undefined };
  const readable = readableConversion(field, type);
  if (readable !== null) return { get: (row) => readable(column.at(row)) };
  if (type.typeId === Type.Int && type.bitWidth === 64) return int64Reader(column, type.signed);
  // Other integers and 32/64-bit floats: their values are the batches' typed arrays.
  if (type.typeId === Type.Int || (type.typeId === Type.Float && type.precision !== 0)) {
    if (column.nullCount === 0) {
      const values = column.toArray() as ArrayLike<number>;
      return { get: (row) => values[row] };
    }
    if (column.data.length === 1) {
      const { values, validity } = column.data[0]! as { values: ArrayLike<number>; validity: Uint8Array | undefined };
      return { get: (row) => (isNull(validity, row) ? null : values[row]) };
    }
  }
  const convert = nestedConversion(type);
  if (convert !== null) return { get: (row) => convert(column.at(row)) };
  // flechette's own read (with one record batch, straight from it)
  return { get: (row) => column.at(row) };
}

/** Wraps a flechette Table (decoded by `decodeArrow`, with 64-bit integers as bigints). */
export function arrowColumns(table: Table): Columns {
  const names = new Set(table.schema.fields.map((field) => field.name));
  const readers = new Map<string, ColumnReader>();
  return {
    numRows: table.numRows,
    names,
    column(name: string): ColumnReader | null {
      if (!names.has(name)) return null;
      let reader = readers.get(name);
      if (reader === undefined) {
        const field = table.schema.fields.find((candidate) => candidate.name === name);
        reader = columnReader(table.getChild(name) as Column<unknown>, field); // a name of the schema's fields
        readers.set(name, reader);
      }
      return reader;
    },
  };
}
