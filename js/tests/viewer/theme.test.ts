import { afterEach, describe, expect, it } from "vitest";

import { applyTheme, currentTheme, watchTheme } from "../../src/viewer/theme";

describe("applyTheme", () => {
  afterEach(() => {
    delete document.documentElement.dataset["gjTheme"];
    document.documentElement.style.colorScheme = "";
  });

  it("marks the page and its colour scheme, and the theme in effect follows", async () => {
    const seen: string[] = [];
    const stop = watchTheme(document, (theme) => seen.push(theme));
    applyTheme(document, "dark");
    expect(document.documentElement.dataset["gjTheme"]).toBe("dark");
    expect(document.documentElement.style.colorScheme).toBe("dark");
    expect(currentTheme(document)).toBe("dark");
    await new Promise((resolve) => setTimeout(resolve, 0)); // MutationObserver callbacks are microtasks
    applyTheme(document, "light");
    await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    expect(seen).toEqual(["dark", "light"]);
  });

  it("falls back to light where the system says nothing (jsdom has no matchMedia)", () => {
    expect(currentTheme(document)).toBe("light");
  });
});
