import { afterEach, describe, expect, it } from "vitest";

import { preparePage } from "../../src/viewer/dom";
import { ViewerError } from "../../src/viewer/errors";
import { meta } from "./helpers";

afterEach(() => {
  document.body.replaceChildren();
  delete document.body.dataset["state"];
});

describe("preparePage", () => {
  it("creates the header, alert, focusable graph container and help line on a bare page", () => {
    const page = preparePage(document);
    expect(document.querySelector("header")).toBe(page.header);
    expect(page.alert.getAttribute("role")).toBe("alert");
    expect(page.alert.hidden).toBe(true);
    expect(page.container.id).toBe("gj-viewer");
    expect(page.container.tabIndex).toBe(0);
    const help = document.getElementById(page.container.getAttribute("aria-describedby") ?? "");
    expect(help?.textContent).toMatch(/arrow keys pan, 0 resets/);
  });

  it("reuses the hub page's header, owner line and container", () => {
    document.body.innerHTML =
      '<header class="gj-viewer-header"><h1 class="gj-viewer-title">Server title</h1>' +
      '<p class="gj-viewer-owner">by <span>alice</span> · public</p></header>' +
      '<main id="gj-viewer" class="gj-viewer"></main>';
    const page = preparePage(document);
    page.showMeta(meta({ source: "s", destination: "d" }));
    expect(document.querySelectorAll("header").length).toBe(1);
    expect(document.querySelectorAll("#gj-viewer").length).toBe(1);
    expect(page.header.querySelector("h1")?.textContent).toBe("Server title");
    expect(page.header.textContent?.match(/alice/g)?.length).toBe(1);
  });

  it("shows pygraphistry's description() under the title, as text", () => {
    const page = preparePage(document);
    page.showMeta(meta({ source: "s", destination: "d" }, {}, { description: "Flights <b>of</b> 2024" }));
    const description = page.header.querySelector(".gj-description");
    expect(description?.textContent).toBe("Flights <b>of</b> 2024");
    expect(description?.querySelector("b")).toBeNull();
    document.body.innerHTML = "";
    const bare = preparePage(document);
    bare.showMeta(meta({ source: "s", destination: "d" }));
    expect(bare.header.querySelector(".gj-description")).toBeNull();
  });

  it("counts the edges alone while the nodes of a sampled graph are being counted", () => {
    const page = preparePage(document);
    page.showStats(null, 1_000_000);
    expect(page.status.textContent).toBe("1,000,000 edges");
    page.showStats(18_106, 1_000_000);
    expect(page.status.textContent).toBe("18,106 nodes · 1,000,000 edges");
  });

  it("shows the dataset name and owner, and names the graph for screen readers", () => {
    const page = preparePage(document);
    page.showMeta(meta({ source: "s", destination: "d" }));
    page.showStats(3, 1);
    expect(page.header.textContent).toContain("Flights");
    expect(page.header.textContent).toContain("alice");
    expect(page.container.getAttribute("aria-label")).toBe("Graph Flights: 3 nodes · 1 edge");
  });

  it("reports the state on the body", () => {
    const page = preparePage(document);
    page.setState("loading");
    expect(document.body.dataset["state"]).toBe("loading");
    page.setState("drawn");
    expect(document.body.dataset["state"]).toBe("drawn");
  });

  it("shows an error in the alert with its action link and sets the error state", () => {
    const page = preparePage(document);
    page.showError(new ViewerError("No access.", { label: "Log in", href: "/graph/login" }));
    expect(page.alert.hidden).toBe(false);
    expect(page.alert.textContent).toContain("No access.");
    expect(page.alert.querySelector("a")?.getAttribute("href")).toBe("/graph/login");
    expect(document.body.dataset["state"]).toBe("error");
  });
});

describe("the header's notice", () => {
  it("is a status line in the header, made once and updated", () => {
    const page = preparePage(document);
    page.showNotice("Too big to draw whole here.");
    page.showNotice("Showing a sample.");
    const notices = page.header.querySelectorAll("[data-gj-notice]");
    expect(notices).toHaveLength(1);
    expect(notices[0]?.getAttribute("role")).toBe("status");
    expect(notices[0]?.textContent).toBe("Showing a sample.");
  });
});
