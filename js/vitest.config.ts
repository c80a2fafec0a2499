// Front-end unit tests: the widget views and the viewer, in a simulated DOM (jsdom).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "jsdom",
    // The machine is shared: a test that hangs must fail, not block the run.
    testTimeout: 10_000,
  },
});
