import { afterEach, describe, expect, it, vi } from "vitest";

import { render } from "../../src/widgets/plot";
import { notebookTheme, watchNotebookTheme } from "../../src/widgets/theme_relay";
import type { PlotModel } from "../../src/widgets/types";
import { FakeModel } from "./fake_model";
import { useMountPoint } from "./mount";
import { VIEW_URL, plotTraits } from "./plot_helpers";

const ORIGIN = "http://127.0.0.1:8000";
const mount = useMountPoint();

afterEach(() => {
  delete document.body.dataset["jpThemeLight"];
  document.body.className = "";
});

describe("notebookTheme", () => {
  it("reads JupyterLab's mark on <body>, then VS Code's, else light", () => {
    expect(notebookTheme(document)).toBe("light");
    document.body.dataset["jpThemeLight"] = "false";
    expect(notebookTheme(document)).toBe("dark");
    document.body.dataset["jpThemeLight"] = "true";
    expect(notebookTheme(document)).toBe("light");
    delete document.body.dataset["jpThemeLight"];
    document.body.classList.add("vscode-dark");
    expect(notebookTheme(document)).toBe("dark");
  });

  it("follows changes of the mark", async () => {
    const seen: string[] = [];
    const stop = watchNotebookTheme(document, (theme) => seen.push(theme));
    document.body.dataset["jpThemeLight"] = "false";
    await vi.waitFor(() => expect(seen).toEqual(["dark"]));
    document.body.dataset["jpThemeLight"] = "true";
    await vi.waitFor(() => expect(seen).toEqual(["dark", "light"]));
    stop();
  });
});

describe("the plot view tells its frame the notebook's theme", () => {
  function shown(): { frame: HTMLIFrameElement; posted: unknown[][] } {
    // Snapshots off: the frame is told the theme alone (snapshot_relay.test.ts asks for snapshots).
    const model = new FakeModel<PlotModel>(plotTraits({ status: "ready", url: VIEW_URL, snapshot: false }));
    mount.track(render({ model, el: mount.el }));
    const frame = mount.el.querySelector("iframe");
    if (!frame?.contentWindow) throw new Error("no frame");
    const posted: unknown[][] = [];
    frame.contentWindow.postMessage = ((...args: unknown[]) => posted.push(args)) as Window["postMessage"];
    return { frame, posted };
  }

  it("when the viewer says it listens, to the frame's exact origin", () => {
    document.body.dataset["jpThemeLight"] = "false";
    const { frame, posted } = shown();
    window.dispatchEvent(
      new MessageEvent("message", { data: { type: "graphistry:viewer-loaded", dataset: "abc123" }, origin: ORIGIN, source: frame.contentWindow }),
    );
    expect(posted).toEqual([[{ type: "graphistry:theme", theme: "dark" }, ORIGIN]]);
  });

  it("not for another window or origin, and again when the notebook's theme changes", async () => {
    const { frame, posted } = shown();
    const hello = { type: "graphistry:viewer-loaded", dataset: "abc123" };
    window.dispatchEvent(new MessageEvent("message", { data: hello, origin: "http://evil.example", source: frame.contentWindow }));
    window.dispatchEvent(new MessageEvent("message", { data: hello, origin: ORIGIN }));
    expect(posted).toEqual([]);
    document.body.dataset["jpThemeLight"] = "false";
    await vi.waitFor(() => expect(posted).toEqual([[{ type: "graphistry:theme", theme: "dark" }, ORIGIN]]));
  });
});
