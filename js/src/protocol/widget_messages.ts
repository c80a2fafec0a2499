// The custom messages between each widget's views and the kernel (model.send in a view, the
// model's "msg:custom" event for what the kernel sends), declared once on this side, as data: for
// each widget, the message types its view sends and the kernel answers, and each field's kind. The
// TypeScript types are derived from these tables, and so is the one parser of what the kernel
// sends. Python declares the same messages in graphistry_jupyter/widgets/messages.py;
// tests/widgets/test_contracts.py compares the two sides (docs/contracts.md's message tables are
// written from Python's).
//
// Secrets travel only this way: a password, a personal key secret or a token from the form, a
// view grant from the kernel. Widget state is saved into the notebook and shown in each output's
// repr; a custom message is handed to its handler and kept nowhere.
import { METHOD_FIELDS, type LoginMethodRow, type MethodFields } from "./login_methods";
import { hasOwn, isRecord } from "./values";

/** What a field holds: any text, text that is not empty, true or false, or one of these words. */
export type FieldKind = "string" | "non-empty string" | "boolean" | readonly string[];
/** Message types, each with its fields and their kinds (every field is always present). */
export type MessageShapes = { readonly [type: string]: { readonly [field: string]: FieldKind } };

type ValueOf<K> = K extends "boolean" ? boolean : K extends readonly (infer V)[] ? V : string;
/** The messages a table declares: one object type per message type. */
export type MessageOf<S extends MessageShapes> = {
  [T in keyof S & string]: { type: T } & { -readonly [F in keyof S[T]]: ValueOf<S[T][F]> };
}[keyof S & string];

/** Where a grant goes: the plot's frame, or a new tab (in its address's fragment). */
const GRANT_TARGET = ["frame", "tab"] as const;

/** The form's inputs, named as the login message names them: a form error points at one. */
export const FORM_FIELDS: readonly string[] = ["server", "method", ...METHOD_FIELDS, "org", "privacy", "client_protocol_hostname"];

/** Any view to the kernel: is a kernel behind it? (widgets/kernel.ts, where the host does not say) */
export const PING = { ping: {} } as const satisfies MessageShapes;
/** The kernel to any view: the answer to ping. */
export const PONG = { pong: {} } as const satisfies MessageShapes;

/** The login view to the kernel. A login also carries the fields of its method (login_methods.ts). */
export const LOGIN_VIEW_SENDS = {
  login: {
    method: "string",
    server: "string",
    org: "string",
    privacy: "string",
    client_protocol_hostname: "string",
    remember: "boolean",
  },
  continue: {},
  forget: {},
  logout: {},
  cancel: {},
  ...PING,
} as const satisfies MessageShapes;

/** The kernel to the login view: what was typed could not be used; `field` is the input to fix. */
export const LOGIN_KERNEL_SENDS = {
  ...PONG,
  form_error: { message: "string", field: FORM_FIELDS },
} as const satisfies MessageShapes;

/**
 * A plot view to the kernel: upload again; a grant for the dataset the view shows; a snapshot of
 * the dataset as its viewer drew it (the PNG travels as a buffer: MESSAGE_BUFFERS).
 */
export const PLOT_VIEW_SENDS = {
  ...PING,
  replot: {},
  grant_request: { dataset: "string", to: GRANT_TARGET },
  snapshot: { dataset: "string" },
} as const satisfies MessageShapes;

/**
 * The messages that carry binary buffers besides their JSON content (`model.send(content,
 * callbacks, buffers)`): each buffer's name, in the order they travel. The kernel reads such a
 * message only with exactly these buffers.
 */
export const MESSAGE_BUFFERS = {
  snapshot: ["png"],
} as const satisfies { readonly [type: string]: readonly string[] };

/** The kernel to a plot view: the answer to a grant request. */
export const PLOT_KERNEL_SENDS = {
  ...PONG,
  grant: { dataset: "string", to: GRANT_TARGET, grant: "non-empty string" },
  no_grant: { dataset: "string", to: GRANT_TARGET, reason: "string", unsupported: "boolean" },
} as const satisfies MessageShapes;

/** The switcher's view: a plot view's messages, and the account chosen in its select. */
export const SWITCHER_VIEW_SENDS = {
  ...PLOT_VIEW_SENDS,
  select: { id: "string" },
} as const satisfies MessageShapes;

/** Each widget's conversation, keyed as graphistry_jupyter/widgets/messages.py keys it. */
export const WIDGET_MESSAGES = {
  login: { view: LOGIN_VIEW_SENDS, kernel: LOGIN_KERNEL_SENDS },
  plot: { view: PLOT_VIEW_SENDS, kernel: PLOT_KERNEL_SENDS },
  switcher: { view: SWITCHER_VIEW_SENDS, kernel: PLOT_KERNEL_SENDS },
  compare: { view: PING, kernel: PONG },
} as const satisfies Record<string, { view: MessageShapes; kernel: MessageShapes }>;

/** What every login message carries besides its type and its method's fields. */
export type LoginCommon = Omit<MessageOf<Pick<typeof LOGIN_VIEW_SENDS, "login">>, "type" | "method">;
/** A login message: one variant per login method. */
export type LoginRequest = { type: "login" } & LoginCommon & MethodFields;
export type LoginViewMessage = LoginRequest | MessageOf<Omit<typeof LOGIN_VIEW_SENDS, "login">>;
export type FormError = MessageOf<typeof LOGIN_KERNEL_SENDS>;
export type GrantRequest = MessageOf<Pick<typeof PLOT_VIEW_SENDS, "grant_request">>;
export type SnapshotMessage = MessageOf<Pick<typeof PLOT_VIEW_SENDS, "snapshot">>;
export type PlotViewMessage = MessageOf<typeof PLOT_VIEW_SENDS>;
export type GrantAnswer = MessageOf<typeof PLOT_KERNEL_SENDS>;
export type SwitcherViewMessage = MessageOf<typeof SWITCHER_VIEW_SENDS>;

function fits(kind: FieldKind, value: unknown): boolean {
  if (kind === "boolean") return typeof value === "boolean";
  if (typeof value !== "string") return false;
  if (kind === "string") return true;
  if (kind === "non-empty string") return value !== "";
  return kind.includes(value);
}

/**
 * A message `shapes` declares, rebuilt from its declared fields, each of its kind; null for any
 * other content (another type, a missing or mistyped field). What else came with it is dropped.
 */
export function parseMessage<S extends MessageShapes>(shapes: S, content: unknown): MessageOf<S> | null {
  if (!isRecord(content)) return null;
  const type = content["type"];
  if (typeof type !== "string" || !hasOwn(shapes, type)) return null;
  const message: Record<string, unknown> = { type };
  for (const [field, kind] of Object.entries(shapes[type] ?? {})) {
    if (!fits(kind, content[field])) return null;
    message[field] = content[field];
  }
  // Every declared field was checked against its kind: this is the declared message.
  return message as MessageOf<S>;
}

/** The login message for `method`, its fields read with `valueOf`. */
export function loginRequest(method: LoginMethodRow, common: LoginCommon, valueOf: (field: string) => string): LoginRequest {
  const fields = Object.fromEntries(method.fields.map((field) => [field, valueOf(field)]));
  // The row's fields are exactly the variant's (MethodFields is derived from the same rows).
  return { type: "login", method: method.name, ...common, ...fields } as LoginRequest;
}
