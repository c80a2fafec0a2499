// Mutation testing of the pure TypeScript modules (scripts/mutation.sh; docs/testing.md).
// Only modules without DOM or network effects, or whose effects are passed in (a window, a
// model): their tests are fast and a surviving mutant there is a missing assertion, not a missing
// browser. viewer/main.ts only wires these modules to sigma, WebGL and the page (the browser tests
// drive it); its decisions live in grantflow.ts, parent_channel.ts and linking.ts.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "stryker.config.vitest.ts", related: true },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "src/protocol/frames.ts",
    "src/protocol/login_methods.ts",
    "src/protocol/values.ts",
    "src/protocol/widget_messages.ts",
    "src/widgets/format.ts",
    "src/widgets/grant_relay.ts",
    "src/widgets/link_relay.ts",
    "src/viewer/grant.ts",
    "src/viewer/grantflow.ts",
    "src/viewer/parent_channel.ts",
    "src/viewer/linking.ts",
    "src/viewer/colors.ts",
    "src/viewer/bindings.ts",
    "src/viewer/config.ts",
    "src/viewer/counts.ts",
    "src/viewer/table.ts",
  ],
  coverageAnalysis: "perTest",
  concurrency: 2,
  // Scratch files and reports stay in the repository's ignored .work/ folder.
  tempDirName: "../.work/stryker-tmp",
  cleanTempDir: "always",
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: "../.work/mutation/stryker.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true },
  thresholds: { high: 90, low: 80, break: null },
};
