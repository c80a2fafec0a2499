import { describe, expect, it } from "vitest";

import { differingKeys, summaryParts, uploadTime } from "../../src/widgets/compare_summary";

const now = new Date(2026, 2, 2, 15, 0, 0);
const at = (h: number, m: number, s: number, day = 2): number => new Date(2026, 2, day, h, m, s).getTime() / 1000;

describe("summaryParts", () => {
  it("says server, user, rows and upload time of a ready plot", () => {
    const parts = summaryParts({ user: "alice", server: "hub:8000", status: "ready", edgeRows: 1200, nodeRows: 3, uploadedAt: at(14, 2, 11) }, now);
    expect(parts.map((p) => p.text)).toEqual(["hub:8000", "alice", "3 nodes · 1,200 edges", "uploaded 14:02:11"]);
  });

  it("leaves out what is not known yet", () => {
    const parts = summaryParts({ user: "bob", server: "staging", status: "uploading", edgeRows: 0, nodeRows: 0, uploadedAt: 0 }, now);
    expect(parts.map((p) => p.key)).toEqual(["server", "user"]);
    expect(summaryParts({ user: "", server: "", status: "ready", edgeRows: 1, nodeRows: 0, uploadedAt: 0 }, now).map((p) => p.text)).toEqual([
      "1 edge",
    ]);
  });

  it("dates an upload of another day", () => {
    expect(uploadTime(at(9, 30, 0, 1), now)).toBe("1 Mar 09:30");
  });
});

describe("differingKeys", () => {
  const pane = (title: string, edges: number, uploaded: number) => {
    const [user = "", server = ""] = title.split("@");
    return summaryParts({ user, server, status: "ready", edgeRows: edges, nodeRows: 0, uploadedAt: uploaded }, now);
  };

  it("marks what differs between panes: servers, users, rows", () => {
    expect(differingKeys([pane("alice@prod", 3, at(14, 0, 0)), pane("bob@staging", 4, at(14, 0, 5))])).toEqual(
      new Set(["server", "user", "rows"]),
    );
  });

  it("counts uploads a minute or more apart as different, seconds apart as the same", () => {
    expect(differingKeys([pane("a@x", 3, at(14, 0, 59)), pane("a@x", 3, at(14, 1, 3))])).toEqual(new Set());
    expect(differingKeys([pane("a@x", 3, at(14, 0, 0)), pane("a@x", 3, at(14, 5, 0))])).toEqual(new Set(["uploaded"]));
  });

  it("marks nothing for a single pane", () => {
    expect(differingKeys([pane("a@x", 3, 1)])).toEqual(new Set());
  });
});
