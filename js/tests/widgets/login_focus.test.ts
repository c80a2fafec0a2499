// Where focus goes when the form or the card it was in goes away: after a login from the form,
// to the card; after a logout, to the form's first input.
import { describe, expect, it } from "vitest";
import { LOGIN_DEFAULTS } from "../../src/widgets/defaults";
import { render } from "../../src/widgets/login";
import type { LoginModel } from "../../src/widgets/types";
import { FakeModel, button, byLabel, typeInto } from "./fake_model";
import { useMountPoint } from "./mount";

const mount = useMountPoint();

function show(overrides: Partial<LoginModel> = {}): FakeModel<LoginModel> {
  const model = new FakeModel<LoginModel>({ ...LOGIN_DEFAULTS, server: "127.0.0.1:8000", label: "prod", ...overrides });
  mount.track(render({ model, el: mount.el }));
  return model;
}

const card = (): HTMLElement => mount.el.querySelector(".gj-account") as HTMLElement;

describe("focus", () => {
  it("moves to the account card after a login from the form", () => {
    const model = show();
    typeInto(byLabel(mount.el, "Username"), "alice");
    typeInto(byLabel(mount.el, "Password"), "pw");
    const submit = button(mount.el, "Log in");
    submit.focus();
    submit.click();

    model.update({ status: "logging_in" });
    model.update({ username: "alice", expires_at: Date.now() / 1000 + 3600, status: "logged_in" });
    expect(document.activeElement).toBe(card());
  });

  it("moves to the username field after a logout", () => {
    const model = show({ status: "logged_in", username: "alice" });
    const logout = button(mount.el, "Log out");
    logout.focus();
    logout.click();

    model.update({ status: "logged_out" });
    expect(document.activeElement).toBe(byLabel(mount.el, "Username"));
  });

  it("is not taken from elsewhere on the page, nor by a login this view did not start", () => {
    const elsewhere = document.body.appendChild(document.createElement("input"));
    const model = show();
    typeInto(byLabel(mount.el, "Username"), "alice");
    button(mount.el, "Log in").click();
    elsewhere.focus();
    model.update({ status: "logged_in", username: "alice" });
    expect(document.activeElement).toBe(elsewhere);

    model.update({ status: "logged_out" });
    (mount.el.querySelector("input") as HTMLInputElement).focus();
    model.update({ status: "logged_in", username: "alice" }); // a login from Python
    expect(document.activeElement).not.toBe(card());
    elsewhere.remove();
  });
});
