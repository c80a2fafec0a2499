// The ways to log in that a login message can carry, one row each. The login form builds its
// Method select, each method's inputs and the login message from these rows, so a method is added
// here and in its Python twin (graphistry_jupyter/session/methods.py, whose rows have the same
// name, fields, secret fields and offered), which tests/widgets/test_contracts.py compares.

export interface LoginMethodRow {
  /** The login message's `method`. */
  readonly name: string;
  /** What the form calls it: the option's text in the Method select. */
  readonly label: string;
  /** In the Method select; false for a method with a button of its own (environment). */
  readonly offered: boolean;
  /** The fields the login message carries for this method (besides every login's), in form order. */
  readonly fields: readonly string[];
  /** Those of `fields` that are secrets: password inputs, cleared once sent, never widget state. */
  readonly secretFields: readonly string[];
  /** Those of `fields` sent exactly as typed (a password may begin or end with a space); the rest are trimmed. */
  readonly verbatimFields: readonly string[];
  /** Each field's input label: its accessible name, which people and browser tests find it by. */
  readonly labels: Readonly<Record<string, string>>;
  /** The browser's autocomplete hint of a field's input; "off" for a field not listed. */
  readonly autocomplete: Readonly<Record<string, string>>;
  /** Shown where the inputs would be, for a method without any; "" for none. */
  readonly note: string;
  /** The text of the button that sends this login. */
  readonly submit: string;
}

export const LOGIN_METHODS = [
  {
    name: "password",
    label: "Password",
    offered: true,
    fields: ["username", "password"],
    secretFields: ["password"],
    verbatimFields: ["password"],
    labels: { username: "Username", password: "Password" },
    autocomplete: { username: "username", password: "current-password" },
    note: "",
    submit: "Log in",
  },
  {
    name: "personal_key",
    label: "Personal key",
    offered: true,
    fields: ["personal_key_id", "personal_key_secret"],
    secretFields: ["personal_key_secret"],
    verbatimFields: ["personal_key_secret"],
    labels: { personal_key_id: "Personal key ID", personal_key_secret: "Personal key secret" },
    autocomplete: {},
    note: "",
    submit: "Log in",
  },
  {
    name: "token",
    label: "Token",
    offered: true,
    fields: ["token"],
    secretFields: ["token"],
    // A pasted token often brings a line break with it; no token has spaces at its ends.
    verbatimFields: [],
    labels: { token: "Token" },
    autocomplete: {},
    note: "",
    submit: "Log in",
  },
  {
    name: "sso",
    label: "SSO",
    offered: true,
    fields: [],
    secretFields: [],
    verbatimFields: [],
    labels: {},
    autocomplete: {},
    note: "You sign in on the server's page, in a new tab.",
    submit: "Continue with SSO",
  },
  {
    // The personal key in the kernel's environment (GRAPHISTRY_PERSONAL_KEY_ID and _SECRET): the
    // kernel reads it, so the message carries no field, and the form shows this button only when
    // the kernel says such a key is set (the `environment_key_id` trait).
    name: "environment",
    label: "The environment's personal key",
    offered: false,
    fields: [],
    secretFields: [],
    verbatimFields: [],
    labels: {},
    autocomplete: {},
    note: "",
    submit: "Log in with the environment's personal key",
  },
] as const satisfies readonly LoginMethodRow[];

type Row = (typeof LOGIN_METHODS)[number];

/** Every method a login message can carry. */
export type LoginMethodName = Row["name"];
/** The methods of the form's Method select (the LoginWidget's `method` trait). */
export type OfferedMethod = Extract<Row, { offered: true }>["name"];

/** The method-specific part of a login message, one variant per row. */
export type MethodFields = Row extends infer R
  ? R extends Row
    ? { method: R["name"] } & { [F in R["fields"][number]]: string }
    : never
  : never;

/** The row of `name`; undefined for a name no row has. */
export function loginMethod(name: string): LoginMethodRow | undefined {
  return (LOGIN_METHODS as readonly LoginMethodRow[]).find((row) => row.name === name);
}

/** The names of the methods in the form's Method select, in order. */
export const OFFERED_METHODS: readonly OfferedMethod[] = LOGIN_METHODS.filter(
  (row): row is Extract<Row, { offered: true }> => row.offered,
).map((row) => row.name);

export function isOfferedMethod(value: string): value is OfferedMethod {
  return (OFFERED_METHODS as readonly string[]).includes(value);
}

/** Every field some method carries, in table order: the inputs of the form's method part. */
export const METHOD_FIELDS: readonly string[] = [...new Set(LOGIN_METHODS.flatMap((row) => row.fields))];
