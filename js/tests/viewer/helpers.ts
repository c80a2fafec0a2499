// Test helpers: real Arrow tables (through an IPC stream, as the hub sends them) and metadata.
import { tableFromArrays, tableToIPC } from "apache-arrow";

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
