// Bundles every front end into ../graphistry_jupyter/static, where Python finds them:
// the anywidget views (ES modules that anywidget imports) and the hub's viewer page script.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, "..", "graphistry_jupyter", "static");
const production = process.env.NODE_ENV !== "development";

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : "inline",
  target: ["es2020"],
  outdir,
  logLevel: "info",
};

const widgets = path.join(here, "src", "widgets");

await Promise.all([
  // Each widget's bundle exports only its default (`{ render }`, or `{ initialize, render }`):
  // anywidget warns (and plans to stop supporting) a module that also exports `render` by name,
  // which the sources do for tests. Every view keeps its output in classic Notebook
  // (classic_notebook.ts).
  ...["login", "plot", "switcher", "compare"].map((name) =>
    build({
      ...common,
      format: "esm",
      stdin: {
        contents:
          `import widget from "./${name}";\n` +
          `import { keptInClassicNotebook } from "./classic_notebook";\n` +
          `export default keptInClassicNotebook(widget);\n`,
        resolveDir: widgets,
        sourcefile: `${name}.entry.ts`,
        loader: "ts",
      },
      outdir: undefined,
      outfile: path.join(outdir, `${name}.js`),
    }),
  ),
  build({
    ...common,
    format: "esm",
    entryPoints: [{ in: path.join(here, "src", "viewer", "main.ts"), out: "viewer" }],
  }),
  // One stylesheet for every widget view: the widgets' _css.
  build({
    ...common,
    entryPoints: [{ in: path.join(here, "src", "widgets", "styles.css"), out: "widgets" }],
  }),
]);
