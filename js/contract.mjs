// Prints, as JSON, what the front end declares of its contract with Python, read from the
// TypeScript modules themselves (bundled in memory, then run): the widget models' defaults, the
// custom messages, the login methods and the frame message types. tests/widgets/test_contracts.py
// compares it with the Python declarations, and tests/widgets/contract_docs.py writes
// docs/contracts.md's login-methods table from it.
//   node js/contract.mjs
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

const entry = `
export * as defaults from "./widgets/defaults";
export * as frames from "./protocol/frames";
export { LOGIN_METHODS, OFFERED_METHODS } from "./protocol/login_methods";
export { MESSAGE_BUFFERS, WIDGET_MESSAGES } from "./protocol/widget_messages";
`;

const bundle = await build({
  stdin: { contents: entry, resolveDir: path.join(here, "src"), sourcefile: "contract.entry.ts", loader: "ts" },
  bundle: true,
  format: "esm",
  platform: "neutral",
  write: false,
  logLevel: "error",
});
const source = bundle.outputFiles[0].text;
const contract = await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);

const frameTypes = Object.fromEntries(
  Object.entries(contract.frames).filter(([, value]) => typeof value === "string" && value.startsWith("graphistry:")),
);

process.stdout.write(
  JSON.stringify({
    defaults: contract.defaults,
    // The unions of the models' types that are derived from a table rather than spelled out.
    unions: { OfferedMethod: contract.OFFERED_METHODS },
    widget_messages: contract.WIDGET_MESSAGES,
    message_buffers: contract.MESSAGE_BUFFERS,
    login_methods: contract.LOGIN_METHODS,
    frame_types: frameTypes,
  }),
);
