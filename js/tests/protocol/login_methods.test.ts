// @vitest-environment node
// The table of login methods the form is built from. Its Python twin
// (graphistry_jupyter/session/methods.py) is compared with it by tests/widgets/test_contracts.py.
import { describe, expect, it } from "vitest";

import {
  LOGIN_METHODS,
  METHOD_FIELDS,
  OFFERED_METHODS,
  isOfferedMethod,
  loginMethod,
  type LoginMethodRow,
} from "../../src/protocol/login_methods";

const rows: readonly LoginMethodRow[] = LOGIN_METHODS;

describe("LOGIN_METHODS", () => {
  it("has one row per method a login message can carry, with its fields and secrets", () => {
    expect(rows.map((row) => [row.name, row.offered, row.fields, row.secretFields])).toEqual([
      ["password", true, ["username", "password"], ["password"]],
      ["personal_key", true, ["personal_key_id", "personal_key_secret"], ["personal_key_secret"]],
      ["token", true, ["token"], ["token"]],
      ["sso", true, [], []],
      ["environment", false, [], []],
    ]);
  });

  it("labels every field, and lists secrets and verbatim fields among the row's fields only", () => {
    for (const row of rows) {
      expect(Object.keys(row.labels).sort()).toEqual([...row.fields].sort());
      for (const field of [...row.secretFields, ...row.verbatimFields, ...Object.keys(row.autocomplete)]) {
        expect(row.fields).toContain(field);
      }
    }
  });

  it("has the accessible names and button texts the form is known by", () => {
    expect(rows.map((row) => [row.label, Object.values(row.labels), row.submit])).toEqual([
      ["Password", ["Username", "Password"], "Log in"],
      ["Personal key", ["Personal key ID", "Personal key secret"], "Log in"],
      ["Token", ["Token"], "Log in"],
      ["SSO", [], "Continue with SSO"],
      ["The environment's personal key", [], "Log in with the environment's personal key"],
    ]);
  });

  it("gives a method without inputs a note, if it is offered", () => {
    for (const row of rows) if (row.offered && row.fields.length === 0) expect(row.note).not.toBe("");
  });
});

describe("lookups", () => {
  it("find a row by name, the offered methods, and every method field once", () => {
    expect(loginMethod("token")?.fields).toEqual(["token"]);
    expect(loginMethod("toString")).toBeUndefined();
    expect(OFFERED_METHODS).toEqual(["password", "personal_key", "token", "sso"]);
    expect(isOfferedMethod("sso")).toBe(true);
    expect(isOfferedMethod("environment")).toBe(false);
    expect(METHOD_FIELDS).toEqual(["username", "password", "personal_key_id", "personal_key_secret", "token"]);
  });
});
