// Test helpers: real Arrow tables (through an IPC stream, as the hub sends them) and metadata.
// apache-arrow only writes the test bytes; the viewer reads them as it reads the hub's.
import { Table, tableFromArrays, tableToIPC, vectorFromArray, type DataType } from "apache-arrow";

import { parseMeta } from "../../src/viewer/config";
import { decodeArrow } from "../../src/viewer/data";
import { arrowColumns, type Columns } from "../../src/viewer/table";
import type { DatasetMeta } from "../../src/viewer/types";

type ArrowInput = Parameters<typeof tableFromArrays>[0];

/** An Arrow IPC stream of the given columns, decoded back as the viewer decodes the hub's. */
export function columns(input: ArrowInput): Columns {
  const bytes = tableToIPC(tableFromArrays(input), "stream");
  return arrowColumns(decodeArrow(bytes, "test table"));
}

/** A column's type and its values, one array per record batch. */
export interface BatchedColumn {
  readonly type: DataType;
  readonly batches: ReadonlyArray<readonly unknown[]>;
}

/**
 * Arrow IPC bytes (`stream`, or `file` as pygraphistry uploads) of a table written as several
 * record batches: every column must have the same number of batches, of the same lengths.
 */
export function batchedIPC(input: Record<string, BatchedColumn>, format: "stream" | "file"): Uint8Array {
  const names = Object.keys(input);
  // One vector per column, sliced into the batches: a dictionary column keeps one dictionary (the
  // file format allows no replacement).
  const whole = Object.fromEntries(names.map((name) => [name, vectorFromArray(input[name]!.batches.flat(), input[name]!.type)]));
  const lengths = input[names[0]!]!.batches.map((batch) => batch.length);
  let start = 0;
  const tables = lengths.map((length) => {
    const table = new Table(Object.fromEntries(names.map((name) => [name, whole[name]!.slice(start, start + length)])));
    start += length;
    return table;
  });
  return tableToIPC(new Table(tables.flatMap((table) => table.batches)), format);
}

export function meta(
  edgeBindings: Record<string, string>,
  nodeBindings: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): DatasetMeta {
  return parseMeta(
    {
      id: "ds1",
      name: "Flights",
      owner: "alice",
      node_encodings: { bindings: nodeBindings },
      edge_encodings: { bindings: edgeBindings },
      ...extra,
    },
    "ds1",
  );
}
