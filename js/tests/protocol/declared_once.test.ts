// @vitest-environment node
// Each protocol is declared in one module of src/protocol/: no other source file spells a frame
// message's type, so a change to the conversation between a plot view and its viewer is made in
// frames.ts and nowhere else.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("the frame messages", () => {
  it("are named in protocol/frames.ts only", () => {
    const spelling = sources(src)
      .filter((file) => /["'`]graphistry:[a-z-]+/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(src, file));
    expect(spelling).toEqual([path.join("protocol", "frames.ts")]);
  });
});
