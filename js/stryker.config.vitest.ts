// The tests Stryker runs against the pure modules it mutates (stryker.config.mjs): their own unit
// tests and the exact ones, not the DOM-heavy view tests, so each mutant costs a fraction of a second.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "tests/protocol/*.test.ts",
      "tests/viewer/{colors,bindings,config,grant,grantflow,parent_channel,linking,counts,table}.test.ts",
      "tests/widgets/link_relay.test.ts",
      "tests/widgets/format.test.ts",
      "tests/**/*_exact.test.ts",
    ],
    environment: "jsdom", // the *_exact tests ask for node, which starts faster
    testTimeout: 10_000,
  },
});
