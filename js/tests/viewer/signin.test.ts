import { afterEach, describe, expect, it } from "vitest";

import { preparePage } from "../../src/viewer/dom";
import { SIGNIN_ID, clearWaiting, showSignIn, showWaiting, takeSignIn } from "../../src/viewer/signin";

// What the hub renders in needs-grant mode (pages.needs_grant_page), in short.
const HUB_SIGNIN =
  '<section class="gj-page" id="gj-signin" hidden><h1>Log in to view this graph</h1>' +
  '<p role="alert">This graph is private. Log in to this hub to view it.</p>' +
  '<p><a href="/login?next=%2Fgraph">Log in to view this graph</a></p></section>';

afterEach(() => {
  document.body.replaceChildren();
  delete document.body.dataset["state"];
});

describe("the sign-in message", () => {
  it("is taken out of the page until needed, so its alert is not the viewer's", () => {
    document.body.innerHTML = HUB_SIGNIN;

    const section = takeSignIn(document);
    const page = preparePage(document);

    expect(section?.id).toBe(SIGNIN_ID);
    expect(document.getElementById(SIGNIN_ID)).toBeNull();
    expect(page.alert.textContent).toBe("");
  });

  it("replaces the viewer and shows the hub's wording with a link that stays in the frame", () => {
    document.body.innerHTML = HUB_SIGNIN;
    const section = takeSignIn(document);
    preparePage(document);

    showSignIn(document, section, "/login?next=x", null);

    expect(document.body.dataset["state"]).toBe("signin");
    expect(document.getElementById("gj-viewer")).toBeNull();
    expect(document.querySelector(".gj-header")).toBeNull();
    const shown = document.getElementById(SIGNIN_ID);
    expect(shown?.hidden).toBe(false);
    expect(shown?.textContent).toContain("This graph is private");
    const link = shown?.querySelector("a");
    expect(link?.getAttribute("href")).toBe("/login?next=%2Fgraph");
    expect(link?.target).toBe("_self");
  });

  it("shows the parent's reason as text, never as markup", () => {
    document.body.innerHTML = HUB_SIGNIN;
    const section = takeSignIn(document);

    showSignIn(document, section, null, "<b>Log in to prod</b> first");

    const note = document.querySelector(".gj-signin-reason");
    expect(note?.textContent).toBe("<b>Log in to prod</b> first");
    expect(note?.querySelector("b")).toBeNull();
    expect(note?.previousElementSibling?.getAttribute("role")).toBe("alert");
  });

  it("is built with the hub's wording when the page has none", () => {
    showSignIn(document, null, "/login?next=y", null);

    expect(document.querySelector("h1")?.textContent).toBe("Log in to view this graph");
    expect(document.querySelector("a")?.getAttribute("href")).toBe("/login?next=y");
  });
});

describe("waiting for a grant", () => {
  it("shows one neutral loading line, and nothing about signing in", () => {
    showWaiting(document);
    showWaiting(document);

    expect(document.querySelectorAll('[role="status"]')).toHaveLength(1);
    expect(document.body.textContent).toBe("Loading graph…");
    expect(document.body.dataset["state"]).toBe("loading");
    clearWaiting(document);
    expect(document.body.textContent).toBe("");
  });
});
