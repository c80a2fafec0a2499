// @vitest-environment node
// The custom messages between the views and the kernel, as this side declares them: the tables
// (which tests/widgets/test_contracts.py compares with Python's), the one parser of what the
// kernel sends, and the login message each method makes.
import { describe, expect, it } from "vitest";

import { LOGIN_METHODS, type LoginMethodRow } from "../../src/protocol/login_methods";
import {
  FORM_FIELDS,
  LOGIN_KERNEL_SENDS,
  MESSAGE_BUFFERS,
  PLOT_KERNEL_SENDS,
  SWITCHER_VIEW_SENDS,
  WIDGET_MESSAGES,
  loginRequest,
  parseMessage,
} from "../../src/protocol/widget_messages";

const grant = { type: "grant", dataset: "d1", to: "frame", grant: "g.r.t" };
const none = { type: "no_grant", dataset: "d1", to: "tab", reason: "why", unsupported: true };

describe("the declared conversations", () => {
  it("name what each widget's view sends and the kernel answers", () => {
    const types = Object.fromEntries(
      Object.entries(WIDGET_MESSAGES).map(([widget, { view, kernel }]) => [widget, [Object.keys(view), Object.keys(kernel)]]),
    );
    expect(types).toEqual({
      login: [["login", "continue", "forget", "logout", "cancel", "ping"], ["pong", "form_error"]],
      plot: [["ping", "replot", "grant_request", "snapshot"], ["pong", "grant", "no_grant"]],
      switcher: [["ping", "replot", "grant_request", "snapshot", "select"], ["pong", "grant", "no_grant"]],
      compare: [["ping"], ["pong"]],
    });
  });

  it("let a form error point at every input of the form, each method's too", () => {
    expect(FORM_FIELDS).toEqual([
      "server",
      "method",
      "username",
      "password",
      "personal_key_id",
      "personal_key_secret",
      "token",
      "org",
      "privacy",
      "client_protocol_hostname",
    ]);
  });

  it("carry binary buffers only in the snapshot a plot view sends: its PNG", () => {
    expect(MESSAGE_BUFFERS).toEqual({ snapshot: ["png"] });
    expect(Object.keys(WIDGET_MESSAGES.plot.view)).toContain("snapshot");
  });

  it("give the switcher's view every message of the plot view", () => {
    expect(SWITCHER_VIEW_SENDS).toMatchObject(WIDGET_MESSAGES.plot.view);
  });
});

describe("parseMessage", () => {
  it("reads each message the kernel sends, rebuilt from its declared fields", () => {
    expect(parseMessage(PLOT_KERNEL_SENDS, { ...grant, extra: "x" })).toEqual(grant);
    expect(parseMessage(PLOT_KERNEL_SENDS, none)).toEqual(none);
    expect(parseMessage(PLOT_KERNEL_SENDS, { ...none, reason: "" })).toEqual({ ...none, reason: "" });
    const error = { type: "form_error", message: "Enter a password.", field: "password" };
    expect(parseMessage(LOGIN_KERNEL_SENDS, error)).toEqual(error);
    expect(parseMessage(LOGIN_KERNEL_SENDS, { ...error, field: "privacy" })).toEqual({ ...error, field: "privacy" });
  });

  it("refuses another type, a missing or mistyped field, and what is not a plain object", () => {
    for (const bad of [
      null,
      "grant",
      [grant],
      Object.assign([], grant),
      { ...grant, type: "toString" },
      { ...grant, type: 5 },
      { ...grant, type: ["grant"] },
      { ...grant, grant: "" },
      { ...grant, grant: 5 },
      { ...grant, to: "elsewhere" },
      { ...grant, to: undefined },
      { ...grant, dataset: 1 },
      { ...none, reason: 5 },
      { ...none, unsupported: "yes" },
      { type: "no_grant", dataset: "d1", to: "tab", reason: "why" },
      { ...none, type: "other" },
      { type: "other", dataset: "d1", to: "frame", reason: "r" },
    ]) {
      expect(parseMessage(PLOT_KERNEL_SENDS, bad)).toBeNull();
    }
    const error = { type: "form_error", message: "x", field: "password" };
    expect(parseMessage(LOGIN_KERNEL_SENDS, { ...error, field: "nowhere" })).toBeNull();
    expect(parseMessage(LOGIN_KERNEL_SENDS, { ...error, message: null })).toBeNull();
    expect(parseMessage(LOGIN_KERNEL_SENDS, grant)).toBeNull();
  });
});

describe("loginRequest", () => {
  const common = { server: "hub:8000", org: "acme", privacy: "", client_protocol_hostname: "", remember: true };
  const rows: readonly LoginMethodRow[] = LOGIN_METHODS;

  it("carries every login's fields, the method and exactly the method's own fields", () => {
    for (const method of rows) {
      const message = loginRequest(method, common, (field) => `<${field}>`);
      expect(message).toEqual({
        type: "login",
        method: method.name,
        ...common,
        ...Object.fromEntries(method.fields.map((field) => [field, `<${field}>`])),
      });
    }
  });
});
