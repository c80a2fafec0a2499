import { afterEach, describe, expect, it, vi } from "vitest";
import { LOGIN_METHODS, type LoginMethodRow } from "../../src/protocol/login_methods";
import { render } from "../../src/widgets/login";
import { useMountPoint } from "./mount";
import type { LoginModel } from "../../src/widgets/types";
import { LOGIN_DEFAULTS } from "../../src/widgets/defaults";
import {
  FakeModel,
  alertText,
  button,
  byLabel,
  choose,
  isShown,
  pressEnter,
  queryButton,
  typeInto,
} from "./fake_model";

// Sentinels: values that must only ever leave the view inside a "login" message.
const PASSWORD = "sentinel-password-7f3a";
const KEY_SECRET = "sentinel-key-secret-91bc";
const TOKEN = "sentinel-token-c0de";
const SECRETS = [PASSWORD, KEY_SECRET, TOKEN];

function loginModel(overrides: Partial<LoginModel> = {}): FakeModel<LoginModel> {
  return new FakeModel<LoginModel>({
    ...LOGIN_DEFAULTS,
    server: "127.0.0.1:8000",
    protocol: "http",
    label: "prod",
    color: "#e4572e",
    ...overrides,
  });
}

// What every login message carries besides its method's fields, for a form left as it opened.
const NO_EXTRAS = { client_protocol_hostname: "", remember: false };

const mount = useMountPoint();

/** Whether a control labelled ``text`` is in the form now (only the chosen method's are). */
function inForm(root: HTMLElement, text: string): boolean {
  return [...root.querySelectorAll("label")].some((label) => label.textContent === text);
}

it("keeps one password-like input set in the form at a time (no 'multiple forms' warning)", () => {
  const root = show(loginModel({ method: "personal_key" }));
  const types = [...root.querySelectorAll("form input")].map((input) => (input as HTMLInputElement).type);
  expect(types.filter((type) => type === "password")).toHaveLength(1);
});

afterEach(() => {
  vi.useRealTimers();
});

function show(model: FakeModel<LoginModel>, into: HTMLElement = mount.el): HTMLElement {
  mount.track(render({ model, el: into }));
  return into;
}

/** Nothing the view set or saved, and nothing left in the DOM, carries a secret. */
function expectNoSecretOutsideMessages(model: FakeModel<LoginModel>, root: HTMLElement): void {
  const stored = JSON.stringify([model.sets, model.saves]);
  for (const secret of SECRETS) {
    expect(stored).not.toContain(secret);
    expect(root.outerHTML).not.toContain(secret);
    for (const input of root.querySelectorAll("input")) expect(input.value).not.toBe(secret);
  }
}

describe("login form", () => {
  it("names every control by its label, as the contract says", () => {
    const root = show(loginModel());
    expect(byLabel(root, "Server").value).toBe("127.0.0.1:8000");
    expect(byLabel<HTMLSelectElement>(root, "Method").value).toBe("password");
    expect(byLabel(root, "Username").type).toBe("text");
    expect(byLabel(root, "Password").type).toBe("password");
    expect(byLabel(root, "Organization").value).toBe("");
    const privacy = byLabel<HTMLSelectElement>(root, "Privacy");
    expect([...privacy.options].map((o) => [o.value, o.text])).toEqual([
      ["", "Server default"],
      ["private", "Private"],
      ["organization", "Organization"],
      ["public", "Public"],
    ]);
    expect(button(root, "Log in").type).toBe("submit");
    expect(byLabel(root, "Password").autocomplete).toBe("current-password");
  });

  it("gives each of several forms on one page its own element ids", () => {
    const second = document.createElement("div");
    document.body.append(second);
    show(loginModel());
    show(loginModel(), second);
    const ids = [...document.querySelectorAll("[id]")].map((node) => node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(byLabel(second, "Password")).not.toBe(byLabel(mount.el, "Password"));
    second.remove();
  });

  it("shows the fields of the chosen method only, and syncs the method", () => {
    const model = loginModel();
    const root = show(model);
    const method = byLabel<HTMLSelectElement>(root, "Method");

    choose(method, "personal_key");
    expect(isShown(byLabel(root, "Personal key ID"))).toBe(true);
    expect(byLabel(root, "Personal key secret").type).toBe("password");
    expect(isShown(byLabel(root, "Personal key secret"))).toBe(true);
    expect(inForm(root, "Password")).toBe(false);
    expect(inForm(root, "Token")).toBe(false);

    choose(method, "token");
    expect(isShown(byLabel(root, "Token"))).toBe(true);
    expect(byLabel(root, "Token").autocomplete).toBe("off");
    expect(inForm(root, "Personal key ID")).toBe(false);

    choose(method, "sso");
    expect(inForm(root, "Token")).toBe(false);
    expect(inForm(root, "Username")).toBe(false);
    expect(button(root, "Continue with SSO")).toBeDefined();
    expect(queryButton(root, "Log in")).toBeUndefined();

    expect(model.get("method")).toBe("sso");
    expect(model.saves.at(-1)?.method).toBe("sso");
  });

  it("follows a method set by the kernel", () => {
    const model = loginModel();
    const root = show(model);
    model.update({ method: "token" });
    expect(byLabel<HTMLSelectElement>(root, "Method").value).toBe("token");
    expect(isShown(byLabel(root, "Token"))).toBe(true);
  });
});

describe("sending a login", () => {
  it("sends the password in a message on Enter and clears it from the input", () => {
    const model = loginModel({ org: "acme", privacy: "organization" });
    const root = show(model);
    typeInto(byLabel(root, "Username"), "alice");
    typeInto(byLabel(root, "Password"), PASSWORD);

    const enter = pressEnter(byLabel(root, "Password"));

    expect(enter.defaultPrevented).toBe(true);
    expect(model.sent).toEqual([
      {
        type: "login",
        method: "password",
        server: "127.0.0.1:8000",
        org: "acme",
        privacy: "organization",
        username: "alice",
        password: PASSWORD,
        ...NO_EXTRAS,
      },
    ]);
    expect(byLabel(root, "Password").value).toBe("");
    expect(byLabel(root, "Username").value).toBe("alice");
    expectNoSecretOutsideMessages(model, root);
  });

  it("submits on Enter in any field, here the server", () => {
    const model = loginModel();
    const root = show(model);
    typeInto(byLabel(root, "Username"), "alice");
    typeInto(byLabel(root, "Password"), PASSWORD);
    pressEnter(byLabel(root, "Server"));
    expect(model.sent).toHaveLength(1);
  });

  it("submits with the Log in button, never letting the browser submit the form", () => {
    const model = loginModel();
    const root = show(model);
    typeInto(byLabel(root, "Username"), "alice");
    typeInto(byLabel(root, "Password"), PASSWORD);
    const form = root.querySelector("form");
    const submit = new Event("submit", { cancelable: true });
    form?.dispatchEvent(submit);
    expect(submit.defaultPrevented).toBe(true);
    expect(model.sent).toHaveLength(1);
  });

  it("sends a personal key and clears its secret, keeping the key id", () => {
    const model = loginModel();
    const root = show(model);
    choose(byLabel<HTMLSelectElement>(root, "Method"), "personal_key");
    typeInto(byLabel(root, "Personal key ID"), "pk-123");
    typeInto(byLabel(root, "Personal key secret"), KEY_SECRET);
    pressEnter(byLabel(root, "Personal key secret"));

    expect(model.sent).toEqual([
      {
        type: "login",
        method: "personal_key",
        server: "127.0.0.1:8000",
        org: "",
        privacy: "",
        personal_key_id: "pk-123",
        personal_key_secret: KEY_SECRET,
        ...NO_EXTRAS,
      },
    ]);
    expect(byLabel(root, "Personal key secret").value).toBe("");
    expect(byLabel(root, "Personal key ID").value).toBe("pk-123");
    expectNoSecretOutsideMessages(model, root);
  });

  it("sends a token and clears it", () => {
    const model = loginModel({ method: "token" });
    const root = show(model);
    typeInto(byLabel(root, "Token"), TOKEN);
    button(root, "Log in").click();
    expect(model.sent).toEqual([
      { type: "login", method: "token", server: "127.0.0.1:8000", org: "", privacy: "", token: TOKEN, ...NO_EXTRAS },
    ]);
    expect(byLabel(root, "Token").value).toBe("");
    expectNoSecretOutsideMessages(model, root);
  });

  it("starts SSO with the server, organization and privacy only", () => {
    const model = loginModel({ method: "sso", org: "acme" });
    const root = show(model);
    button(root, "Continue with SSO").click();
    expect(model.sent).toEqual([
      { type: "login", method: "sso", server: "127.0.0.1:8000", org: "acme", privacy: "", ...NO_EXTRAS },
    ]);
  });

  it("clears a secret typed for another method when the method changes", () => {
    const model = loginModel();
    const root = show(model);
    typeInto(byLabel(root, "Password"), PASSWORD);
    choose(byLabel<HTMLSelectElement>(root, "Method"), "token");
    typeInto(byLabel(root, "Token"), TOKEN);
    pressEnter(byLabel(root, "Token"));
    expect(JSON.stringify(model.sent)).not.toContain(PASSWORD);
    choose(byLabel<HTMLSelectElement>(root, "Method"), "password");
    expect(byLabel(root, "Password").value).toBe("");
    expectNoSecretOutsideMessages(model, root);
  });

  it("shows Python's answer to a form it could not accept, focuses that field, and takes input again", () => {
    const model = loginModel();
    const root = show(model);
    typeInto(byLabel(root, "Username"), "alice");
    pressEnter(byLabel(root, "Username"));
    expect(button(root, "Log in").disabled).toBe(true);
    model.receive({ type: "form_error", message: "Enter a password.", field: "password" });
    expect(alertText(root)).toBe("Enter a password.");
    expect(document.activeElement).toBe(byLabel(root, "Password"));
    expect(button(root, "Log in").disabled).toBe(false);
  });

  it("shows the same answer again when the same mistake is repeated", () => {
    const model = loginModel();
    const root = show(model);
    for (let i = 0; i < 2; i++) {
      pressEnter(byLabel(root, "Username"));
      expect(alertText(root)).toBe("");
      model.receive({ type: "form_error", message: "Enter a username.", field: "username" });
      expect(alertText(root)).toBe("Enter a username.");
    }
    expect(model.sent).toHaveLength(2);
  });

  it("ignores messages that are not a form error it knows", () => {
    const model = loginModel();
    const root = show(model);
    model.receive({ type: "form_error", message: "x", field: "nowhere" });
    model.receive({ type: "other" });
    expect(alertText(root)).toBe("");
  });

  it("sends once however often Enter is pressed before the kernel answers", () => {
    const model = loginModel();
    const root = show(model);
    typeInto(byLabel(root, "Username"), "alice");
    typeInto(byLabel(root, "Password"), PASSWORD);
    pressEnter(byLabel(root, "Password"));
    typeInto(byLabel(root, "Password"), PASSWORD);
    pressEnter(byLabel(root, "Password"));
    expect(model.sent).toHaveLength(1);
    expect(button(root, "Log in").disabled).toBe(true);
  });
});

describe("login states", () => {
  it("while logging in: busy button, progress text and Cancel", () => {
    const model = loginModel({ status: "logging_in", deadline_s: 20 });
    const root = show(model);
    const logIn = button(root, "Log in");
    expect(logIn.disabled).toBe(true);
    expect(logIn.getAttribute("aria-busy")).toBe("true");
    expect(root.textContent).toContain("Logging in to 127.0.0.1:8000… (gives up after 20 s)");
    button(root, "Cancel").click();
    expect(model.sent).toEqual([{ type: "cancel" }]);
  });

  it("while SSO is pending: the sign-in link in a new tab, waiting text and Cancel", () => {
    const model = loginModel({ method: "sso", status: "logging_in" });
    const root = show(model);
    model.update({ status: "sso_pending", sso_url: "http://127.0.0.1:8000/sso/start?state=abc" });
    const link = root.querySelector<HTMLAnchorElement>("a.gj-link");
    expect(link && isShown(link)).toBe(true);
    expect(link?.href).toBe("http://127.0.0.1:8000/sso/start?state=abc");
    expect(link?.target).toBe("_blank");
    expect(link?.rel).toBe("noopener");
    expect(root.textContent).toContain("Waiting for you to sign in…");
    expect(isShown(byLabel(root, "Server"))).toBe(false);
    expect(button(root, "Cancel")).toBeDefined();
  });

  it("never links to a non-http SSO URL", () => {
    const model = loginModel({ status: "sso_pending", sso_url: "javascript:alert(1)" });
    const root = show(model);
    const link = root.querySelector<HTMLAnchorElement>("a.gj-link");
    expect(link?.hasAttribute("href")).toBe(false);
  });

  it("shows the error in the form's alert", () => {
    const model = loginModel({ status: "logging_in" });
    const root = show(model);
    model.update({ status: "error", error: "Wrong username or password for 127.0.0.1:8000." });
    expect(alertText(root)).toBe("Wrong username or password for 127.0.0.1:8000.");
    expect(isShown(byLabel(root, "Password"))).toBe(true);
    expect(button(root, "Log in").disabled).toBe(false);
    expect(queryButton(root, "Cancel")).toBeUndefined();
  });

  it("when the session expired: says so and shows the form with the username kept", () => {
    const model = loginModel({ status: "logged_in", username: "alice" });
    const root = show(model);
    model.update({ status: "expired" });
    expect(alertText(root)).toBe("Session expired, log in again.");
    expect(isShown(byLabel(root, "Password"))).toBe(true);
    expect(byLabel(root, "Username").value).toBe("alice");
  });

  it("logged in: user, server, organization, badge, expiry and Log out", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const now = Date.now() / 1000;
    const model = loginModel({
      status: "logged_in",
      username: "alice",
      org: "acme",
      expires_at: now + 23 * 3600 + 1800,
    });
    const root = show(model);
    expect(isShown(byLabel(root, "Server"))).toBe(false);
    const text = root.textContent ?? "";
    for (const part of ["alice", "127.0.0.1:8000", "acme", "prod", "expires in 23 h"]) {
      expect(text).toContain(part);
    }
    const badge = root.querySelector<HTMLElement>(".gj-badge");
    expect(badge?.style.getPropertyValue("--gj-badge-color")).toBe("#e4572e");
    button(root, "Log out").click();
    expect(model.sent).toEqual([{ type: "logout" }]);
  });

  it("updates the remaining time every minute", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const model = loginModel({ status: "logged_in", username: "alice", expires_at: Date.now() / 1000 + 150 });
    const root = show(model);
    expect(root.textContent).toContain("expires in 2 min");
    vi.advanceTimersByTime(60_000);
    expect(root.textContent).toContain("expires in 1 min");
    vi.advanceTimersByTime(60_000);
    expect(root.textContent).toContain("expires in less than a minute");
  });

  it("takes input again when the kernel does not answer within the deadline", () => {
    vi.useFakeTimers();
    const model = loginModel({ deadline_s: 10 });
    const root = show(model);
    typeInto(byLabel(root, "Username"), "alice");
    typeInto(byLabel(root, "Password"), PASSWORD);
    pressEnter(byLabel(root, "Password"));
    expect(button(root, "Log in").disabled).toBe(true);
    vi.advanceTimersByTime(9_000);
    expect(button(root, "Log in").disabled).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(button(root, "Log in").disabled).toBe(false);
  });

  it("accepts another attempt once the kernel answered", () => {
    const model = loginModel();
    const root = show(model);
    typeInto(byLabel(root, "Username"), "alice");
    typeInto(byLabel(root, "Password"), PASSWORD);
    pressEnter(byLabel(root, "Password"));
    model.update({ status: "logging_in" });
    model.update({ status: "error", error: "Wrong username or password." });
    typeInto(byLabel(root, "Password"), `${PASSWORD}-2`);
    pressEnter(byLabel(root, "Password"));
    expect(model.sent).toHaveLength(2);
    expectNoSecretOutsideMessages(model, root);
  });
});

describe("the form is built from the login-methods table", () => {
  const offered = (LOGIN_METHODS as readonly LoginMethodRow[]).filter((method) => method.offered);

  it("offers each offered method under its label, in table order", () => {
    const root = show(loginModel());
    const options = [...byLabel<HTMLSelectElement>(root, "Method").options].map((o) => [o.value, o.text]);
    expect(options).toEqual(offered.map((method) => [method.name, method.label]));
  });

  it("gives each method its labelled inputs, secrets as password inputs, and sends exactly its fields", () => {
    for (const method of offered) {
      const model = loginModel({ method: method.name as LoginModel["method"] });
      const el = document.body.appendChild(document.createElement("div"));
      el.classList.add("lm-Widget"); // an ipywidgets view node: no ping (kernel.ts)
      const root = show(model, el);
      for (const name of method.fields) {
        const input = byLabel(root, method.labels[name] ?? name);
        expect(input.type).toBe(method.secretFields.includes(name) ? "password" : "text");
        typeInto(input, ` ${name} `);
      }
      button(root, method.submit).click();
      const typed = Object.fromEntries(
        method.fields.map((name) => [name, method.verbatimFields.includes(name) ? ` ${name} ` : name]),
      );
      expect(model.sent).toEqual([
        { type: "login", method: method.name, server: "127.0.0.1:8000", org: "", privacy: "", ...NO_EXTRAS, ...typed },
      ]);
      for (const name of method.secretFields) expect(byLabel(root, method.labels[name] ?? name).value).toBe("");
      root.remove();
    }
  });
});

describe("cleanup", () => {
  it("removes its listeners, timer and DOM", () => {
    vi.useFakeTimers();
    const model = loginModel();
    const cleanup = render({ model, el: mount.el });
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(mount.el.children).toHaveLength(0);
  });
});

describe("deployments, the environment and remembered logins", () => {
  it("sends the browser address from the Advanced disclosure and the remember check box", () => {
    const model = loginModel();
    const root = show(model);
    const details = root.querySelector("details");
    expect(details?.open).toBe(false);
    typeInto(byLabel(root, "Browser address"), " https://graphs.example.com ");
    byLabel(root, "Remember me on this computer").click();
    typeInto(byLabel(root, "Username"), "alice");
    typeInto(byLabel(root, "Password"), PASSWORD);
    pressEnter(byLabel(root, "Password"));
    expect(model.sent).toEqual([
      expect.objectContaining({ client_protocol_hostname: "https://graphs.example.com", remember: true }),
    ]);
    expectNoSecretOutsideMessages(model, root);
  });

  it("opens Advanced when a browser address is set", () => {
    const root = show(loginModel({ client_protocol_hostname: "https://graphs.example.com" }));
    expect(root.querySelector("details")?.open).toBe(true);
    expect(byLabel(root, "Browser address").value).toBe("https://graphs.example.com");
  });

  it("offers the environment's personal key only when there is one, and sends no secret", () => {
    const none = show(loginModel(), document.body.appendChild(document.createElement("div")));
    expect(queryButton(none, "Log in with the environment's personal key")).toBeUndefined();
    const model = loginModel({ environment_key_id: "pk-env" });
    const root = show(model);
    button(root, "Log in with the environment's personal key").click();
    expect(model.sent).toEqual([
      { type: "login", method: "environment", server: "127.0.0.1:8000", org: "", privacy: "", ...NO_EXTRAS },
    ]);
  });

  it("offers to continue as the remembered user, or to forget them", () => {
    const model = loginModel({ remembered_user: "alice", remember: true });
    const root = show(model);
    button(root, "Continue as alice").click();
    button(root, "Forget").click();
    expect(model.sent).toEqual([{ type: "continue" }, { type: "forget" }]);
    model.update({ remembered_user: "" });
    expect(queryButton(root, "Continue as alice")).toBeUndefined();
  });

  it("marks an account whose certificate is not checked", () => {
    const model = loginModel({ status: "logged_in", username: "alice", certificate_validation: false });
    const root = show(model);
    expect(root.querySelector(".gj-unverified")?.textContent).toBe("unverified TLS");
    expect(isShown(root.querySelector(".gj-unverified") as HTMLElement)).toBe(true);
    model.update({ certificate_validation: true });
    expect(isShown(root.querySelector(".gj-unverified") as HTMLElement)).toBe(false);
  });
});

describe("certificate_validation=False is said before the password is typed", () => {
  const warning = (root: HTMLElement): HTMLElement | null => root.querySelector(".gj-warning");

  it("warns on the form, and the password input and the Log in button point screen readers at it", () => {
    const root = show(loginModel({ certificate_validation: false }));
    const line = warning(root);
    expect(line && isShown(line)).toBe(true);
    expect(line?.textContent).toContain("does not check the server's certificate");
    expect(line?.textContent).toContain("certificate_validation=False");
    expect(byLabel(root, "Password").getAttribute("aria-describedby")).toBe(line?.id);
    expect(button(root, "Log in").getAttribute("aria-describedby")).toBe(line?.id);
  });

  it("says nothing of it when the certificate is checked", () => {
    const root = show(loginModel({ certificate_validation: true }));
    const line = warning(root);
    expect(line === null || !isShown(line)).toBe(true);
    expect(byLabel(root, "Password").hasAttribute("aria-describedby")).toBe(false);
  });
});
