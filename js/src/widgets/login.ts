// LoginWidget view: the login form, the pending states (login, SSO) and the logged-in account.
//
// Secrets (password, personal key secret, token) leave this view only inside a custom message
// (model.send) and are cleared from their inputs right after: model.set/save_changes would save
// them into the notebook with the widget state. The login methods, their inputs and what each
// login message carries come from one table (protocol/login_methods.ts).
import type { AnyWidget, InitializeProps, RenderProps } from "@anywidget/types";
import { LOGIN_METHODS, isOfferedMethod, loginMethod, type LoginMethodRow, type OfferedMethod } from "../protocol/login_methods";
import {
  LOGIN_KERNEL_SENDS,
  loginRequest,
  parseMessage,
  type LoginViewMessage,
} from "../protocol/widget_messages";
import {
  createBadge,
  h,
  onTraits,
  safeHttpUrl,
  setShown,
  setText,
  uniqueId,
  updateBadge,
} from "./dom";
import { LOGIN_DEFAULTS } from "./defaults";
import { accountTitle, formatExpiry } from "./format";
import { holdControls, noKernelNotice, watchKernel } from "./kernel";
import { LOGIN_SETTLED, reportSettled } from "./settle";
import type { LoginModel, Privacy } from "./types";

const OFFERED = (LOGIN_METHODS as readonly LoginMethodRow[]).filter((method) => method.offered);

function methodNamed(name: string): LoginMethodRow {
  const method = loginMethod(name);
  if (method === undefined) throw new Error(`protocol/login_methods.ts has no login method ${name}`);
  return method;
}

/** The one method with a button of its own, shown when the kernel's environment has a personal key. */
const ENVIRONMENT = methodNamed("environment");

const PRIVACY: ReadonlyArray<[Privacy, string]> = [
  ["", "Server default"],
  ["private", "Private"],
  ["organization", "Organization"],
  ["public", "Public"],
];

const EXPIRED_NOTICE = "Session expired, log in again.";
const EXPIRY_REFRESH_MS = 60_000;

function isPrivacy(value: string): value is Privacy {
  return PRIVACY.some(([privacy]) => privacy === value);
}

/** A labelled control: `<label for>` gives the control its accessible name. */
function field(label: string, control: HTMLInputElement | HTMLSelectElement): HTMLDivElement {
  return h("div", { class: "gj-field" }, [h("label", { for: control.id }, [label]), control]);
}

function textInput(attrs: Record<string, string>): HTMLInputElement {
  return h("input", {
    type: "text",
    class: "gj-input",
    spellcheck: "false",
    autocapitalize: "off",
    ...attrs,
  });
}

/** The input of one field of a login method: a password input for a secret. */
function methodInput(method: LoginMethodRow, field: string, id: string): HTMLInputElement {
  const autocomplete = method.autocomplete[field] ?? "off";
  return method.secretFields.includes(field)
    ? h("input", { id, type: "password", class: "gj-input", autocomplete })
    : textInput({ id, autocomplete });
}

function select(id: string, options: ReadonlyArray<readonly [string, string]>): HTMLSelectElement {
  return h(
    "select",
    { id, class: "gj-select" },
    options.map(([value, text]) => h("option", { value }, [text])),
  );
}

export function render({ model, el }: Pick<RenderProps<LoginModel>, "model" | "el">): () => void {
  const events = new AbortController();
  const on = <K extends keyof HTMLElementEventMap>(
    target: HTMLElement,
    type: K,
    listener: (event: HTMLElementEventMap[K]) => void,
  ): void => target.addEventListener(type, listener, { signal: events.signal });

  const id = (name: string): string => `${uniqueId("login")}-${name}`;

  // --- the form -------------------------------------------------------------------------------
  const server = textInput({ id: id("server"), autocomplete: "off", placeholder: "hub.graphistry.com" });
  const methodSelect = select(id("method"), OFFERED.map((method) => [method.name, method.label]));
  const org = textInput({ id: id("org"), autocomplete: "off", placeholder: "optional, e.g. acme" });
  const privacySelect = select(id("privacy"), PRIVACY);

  // Each offered method's part of the form: its inputs, labelled as its row says, or its note.
  // Only the chosen method's part is in the form: Chromium reads password, text, password
  // inputs in one form as several login forms and warns in the console.
  const methodSlot = h("div", { class: "gj-method-slot" });
  const methodParts = new Map(
    OFFERED.map((method) => {
      const inputs = new Map(method.fields.map((name) => [name, methodInput(method, name, id(name))]));
      const part =
        inputs.size === 0
          ? h("div", { class: "gj-method-fields gj-note" }, [method.note])
          : h(
              "div",
              { class: "gj-method-fields" },
              [...inputs].map(([name, input]) => field(method.labels[name] ?? name, input)),
            );
      return [method.name, { method, inputs, part }] as const;
    }),
  );
  /** The inputs of `name` in every method's part (only the chosen part is in the form). */
  const inputsNamed = (name: string): HTMLInputElement[] =>
    [...methodParts.values()].flatMap(({ inputs }) => inputs.get(name) ?? []);

  const browserAddress = textInput({
    id: id("browser-address"),
    autocomplete: "off",
    placeholder: "e.g. https://graphs.example.com",
  });
  const rememberBox = h("input", { id: id("remember"), type: "checkbox", class: "gj-checkbox" });
  const submitButton = h("button", { type: "submit", class: "gj-button gj-primary" }, ["Log in"]);
  const environmentButton = h("button", { type: "button", class: "gj-button" }, [ENVIRONMENT.submit]);
  // Deployment settings most people never need: closed unless one is set.
  const advanced = h("details", { class: "gj-advanced" }, [
    h("summary", {}, ["Advanced"]),
    field("Browser address", browserAddress),
    h("p", { class: "gj-note" }, [
      "Where browsers open plots, when it differs from the server the kernel calls (Docker, a proxy).",
    ]),
  ]);
  // Said before anything secret is typed: with certificate_validation=False, whoever answers for
  // the server's address gets the password. The controls that send it point here (aria-describedby).
  const unverifiedWarning = h("p", { id: id("unverified-warning"), class: "gj-warning" }, [
    h("strong", {}, ["Unverified TLS: "]),
    "this login does not check the server's certificate (certificate_validation=False), so " +
      "anyone who can answer for the server's address could read what you type here. " +
      "Use it only on a network you trust.",
  ]);
  const form = h("form", { class: "gj-form", novalidate: true }, [
    unverifiedWarning,
    field("Server", server),
    field("Method", methodSelect),
    methodSlot,
    field("Organization", org),
    field("Privacy", privacySelect),
    advanced,
    h("div", { class: "gj-check" }, [rememberBox, h("label", { for: rememberBox.id }, ["Remember me on this computer"])]),
    h("div", { class: "gj-actions" }, [submitButton, environmentButton]),
  ]);

  // --- a remembered login (after a kernel restart) -------------------------------------------
  const continueButton = h("button", { type: "button", class: "gj-button gj-primary" });
  const forgetButton = h("button", { type: "button", class: "gj-button" }, ["Forget"]);
  const remembered = h("div", { class: "gj-remembered gj-actions" }, [continueButton, forgetButton]);

  // --- progress (logging in, SSO), shared by both pending states ------------------------------
  const progressText = h("span", { class: "gj-progress-text" });
  const ssoLink = h("a", { class: "gj-link", target: "_blank", rel: "noopener" }, ["Open the sign-in page"]);
  const cancelButton = h("button", { type: "button", class: "gj-button" }, ["Cancel"]);
  const progress = h("div", { class: "gj-progress", role: "status" }, [
    h("span", { class: "gj-spinner", "aria-hidden": "true" }),
    progressText,
    ssoLink,
    cancelButton,
  ]);

  // --- logged in --------------------------------------------------------------------------------
  const badge = createBadge();
  const unverified = h("span", { class: "gj-unverified", title: "The server's certificate is not checked" }, [
    "unverified TLS",
  ]);
  // Which credentials the environment supplied, when the widget logged in by itself with them.
  const loggedInWith = h("span", { class: "gj-logged-in-with" });
  const factUser = h("dd");
  const factServer = h("dd");
  const factOrg = h("dd");
  const factPrivacy = h("dd");
  const factExpiry = h("dd");
  const logoutButton = h("button", { type: "button", class: "gj-button" }, ["Log out"]);
  // Focus moves here after a login from this form (the form it was in is gone).
  const account = h("div", { class: "gj-account", tabindex: "-1" }, [
    h("div", { class: "gj-account-head" }, [badge, unverified, loggedInWith]),
    h("dl", { class: "gj-facts" }, [
      h("dt", {}, ["User"]),
      factUser,
      h("dt", {}, ["Server"]),
      factServer,
      h("dt", {}, ["Organization"]),
      factOrg,
      h("dt", {}, ["Privacy"]),
      factPrivacy,
      h("dt", {}, ["Session"]),
      factExpiry,
    ]),
    h("div", { class: "gj-actions" }, [logoutButton]),
  ]);

  const alert = h("div", { class: "gj-alert", role: "alert" });
  const notice = noKernelNotice();
  const root = h("div", { class: "gj-root gj-login" }, [notice, alert, remembered, form, progress, account]);
  el.append(root);
  const kernel = watchKernel(el, model);
  // Where focus goes once the kernel answers an action of this view: the card after a login,
  // the form after a logout (the control that had it is hidden by then).
  let focusNext: "card" | "form" | null = null;

  // A message is on its way and the status has not moved yet: a second Enter must not send again.
  let sent = false;
  // If the kernel never answers (busy, dead, or it repeated the same error), take input again.
  let sentTimer: ReturnType<typeof setTimeout> | undefined;
  const setSent = (value: boolean): void => {
    sent = value;
    clearTimeout(sentTimer);
    sentTimer = undefined;
    if (!value) return;
    const waitS = Math.max(5, model.get("deadline_s") || 0);
    sentTimer = setTimeout(() => {
      sent = false;
      update();
    }, waitS * 1000);
  };
  // A problem with what was typed (an empty field), as Python answered it; shown until the next
  // attempt. Not a trait: it is this form's conversation, not the account's state.
  let localError = "";
  const formInputs: Readonly<Record<string, HTMLInputElement | HTMLSelectElement>> = {
    server,
    method: methodSelect,
    org,
    privacy: privacySelect,
    client_protocol_hostname: browserAddress,
  };
  /** The input a form error points at: one of the form's own, or of the chosen method's. */
  const inputFor = (name: string): HTMLInputElement | HTMLSelectElement | undefined =>
    formInputs[name] ?? methodParts.get(currentMethod())?.inputs.get(name);
  const onKernelMessage = (content: unknown): void => {
    const message = parseMessage(LOGIN_KERNEL_SENDS, content);
    if (message === null || message.type === "pong") return;
    localError = message.message;
    setSent(false);
    update();
    inputFor(message.field)?.focus();
  };
  model.on("msg:custom", onKernelMessage);

  const currentMethod = (): OfferedMethod => {
    const value = methodSelect.value;
    return isOfferedMethod(value) ? value : LOGIN_DEFAULTS.method;
  };
  const currentPart = () => methodParts.get(currentMethod());

  /** Empties every secret input, but those of the method `except` names. */
  const clearSecrets = (except?: string): void => {
    for (const { method, inputs } of methodParts.values()) {
      if (method.name === except) continue;
      for (const name of method.secretFields) {
        const input = inputs.get(name);
        if (input) input.value = "";
      }
    }
  };

  const fillFromTraits = (): void => {
    server.value = model.get("server");
    org.value = model.get("org");
    const privacy = model.get("privacy");
    privacySelect.value = isPrivacy(privacy) ? privacy : "";
    const method = model.get("method");
    methodSelect.value = isOfferedMethod(method) ? method : LOGIN_DEFAULTS.method;
    browserAddress.value = model.get("client_protocol_hostname");
    advanced.open = browserAddress.value !== "";
    rememberBox.checked = model.get("remember");
    // Kept across "expired" and "error" so the user only retypes the secret.
    const user = model.get("username");
    if (user) for (const input of inputsNamed("username")) input.value = user;
  };

  const buildMessage = (method: LoginMethodRow): LoginViewMessage => {
    const privacy = privacySelect.value;
    const common = {
      server: server.value.trim(),
      org: org.value.trim(),
      privacy: isPrivacy(privacy) ? privacy : "",
      client_protocol_hostname: browserAddress.value.trim(),
      remember: rememberBox.checked,
    };
    const inputs = methodParts.get(method.name)?.inputs;
    return loginRequest(method, common, (name) => {
      const value = inputs?.get(name)?.value ?? "";
      return method.verbatimFields.includes(name) ? value : value.trim();
    });
  };

  const submit = (method: LoginMethodRow = methodNamed(currentMethod())): void => {
    const status = model.get("status");
    if (sent || status === "logging_in" || status === "sso_pending" || status === "logged_in") return;
    // What was typed is checked in Python, in one place: a problem comes back as "form_error".
    localError = "";
    setSent(true);
    focusNext = "card";
    model.send(buildMessage(method));
    clearSecrets();
    update();
  };

  const updateExpiry = (): void => {
    // Without a kernel the card shows the login as saved, not a session that may still be running.
    const expiry = kernel.live ? formatExpiry(model.get("expires_at"), Date.now()) || "unknown" : "none: no kernel";
    setText(factExpiry, expiry);
  };

  const update = (): void => {
    const saved = model.get("status");
    // A login or sign-in that was under way when the notebook was saved is not any more.
    const status = !kernel.live && (saved === "logging_in" || saved === "sso_pending") ? "logged_out" : saved;
    const loggingIn = status === "logging_in" || sent;

    const part = currentPart();
    if (part !== undefined) {
      if (methodSlot.firstChild !== part.part) methodSlot.replaceChildren(part.part);
      setText(submitButton, part.method.submit);
    }
    submitButton.disabled = loggingIn;
    if (loggingIn) submitButton.setAttribute("aria-busy", "true");
    else submitButton.removeAttribute("aria-busy");

    setShown(form, status !== "logged_in" && status !== "sso_pending");
    const rememberedUser = model.get("remembered_user");
    setText(continueButton, `Continue as ${rememberedUser}`);
    continueButton.disabled = loggingIn;
    setShown(remembered, rememberedUser !== "" && status !== "logged_in" && status !== "sso_pending");
    const keyId = model.get("environment_key_id");
    environmentButton.disabled = loggingIn;
    environmentButton.title = keyId ? `Personal key ${keyId}, from GRAPHISTRY_PERSONAL_KEY_ID` : "";
    setShown(environmentButton, keyId !== "");
    const unverifiedTls = !model.get("certificate_validation");
    setShown(unverified, unverifiedTls);
    setShown(unverifiedWarning, unverifiedTls);
    for (const control of [submitButton, ...[...methodParts.values()].flatMap(({ inputs }) => [...inputs.values()])]) {
      if (unverifiedTls) control.setAttribute("aria-describedby", unverifiedWarning.id);
      else control.removeAttribute("aria-describedby");
    }
    const via = model.get("logged_in_with");
    setText(loggedInWith, via ? `with ${via}` : "");
    setShown(loggedInWith, via !== "");
    setShown(account, status === "logged_in");
    setShown(progress, status === "logging_in" || status === "sso_pending");

    const serverName = model.get("server") || server.value.trim();
    if (status === "sso_pending") {
      setText(progressText, "Waiting for you to sign in…");
      const href = safeHttpUrl(model.get("sso_url"));
      if (href) ssoLink.href = href;
      else ssoLink.removeAttribute("href");
      setShown(ssoLink, href !== "");
    } else {
      const deadline = model.get("deadline_s");
      const limit = deadline > 0 ? ` (gives up after ${Math.round(deadline)} s)` : "";
      setText(progressText, `Logging in to ${serverName}…${limit}`);
      setShown(ssoLink, false);
    }

    const problems: string[] = [];
    if (status === "expired") problems.push(EXPIRED_NOTICE);
    const error = localError || (status === "logged_in" ? "" : model.get("error"));
    if (error) problems.push(error);
    setText(alert, problems.join(" "));
    setShown(alert, problems.length > 0);

    const label = model.get("label");
    const user = model.get("username");
    updateBadge(badge, label, model.get("color"), accountTitle(user, serverName));
    setText(factUser, user || "unknown");
    setText(factServer, serverName);
    setText(factOrg, model.get("org") || "personal");
    const privacy = model.get("privacy");
    setText(factPrivacy, PRIVACY.find(([value]) => value === privacy)?.[1] ?? privacy);
    updateExpiry();
    if (!kernel.live) holdControls(root, notice, false);
  };

  /** After the kernel answered: focus where `focusNext` says, if focus was in this view. */
  const moveFocus = (hadFocus: boolean): void => {
    const status = model.get("status");
    const target =
      focusNext === "card" && status === "logged_in"
        ? account
        : focusNext === "form" && status === "logged_out"
          ? (currentPart()?.part.querySelector<HTMLElement>("input") ?? server)
          : null;
    if (status !== "logging_in" && status !== "sso_pending") focusNext = null;
    if (target && hadFocus) target.focus();
  };

  // --- events -----------------------------------------------------------------------------------
  on(form, "submit", (event) => {
    // Never let the browser submit the form: it would navigate the notebook away.
    event.preventDefault();
    submit();
  });
  on(form, "keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    if (!(event.target instanceof HTMLInputElement)) return;
    // Handled here rather than by implicit submission, which needs an enabled submit button.
    event.preventDefault();
    submit();
  });
  on(methodSelect, "change", () => {
    const method = currentMethod();
    // A secret typed for another method must not linger in a hidden input.
    clearSecrets(method);
    localError = "";
    // The method is view state, not a secret: syncing it keeps every view of this widget alike.
    model.set("method", method);
    model.save_changes();
    update();
  });
  on(cancelButton, "click", () => model.send({ type: "cancel" } satisfies LoginViewMessage));
  on(environmentButton, "click", () => submit(ENVIRONMENT));
  on(continueButton, "click", () => {
    if (sent) return;
    localError = "";
    setSent(true);
    focusNext = "card";
    model.send({ type: "continue" } satisfies LoginViewMessage);
    update();
  });
  on(forgetButton, "click", () => model.send({ type: "forget" } satisfies LoginViewMessage));
  on(logoutButton, "click", () => {
    focusNext = "form";
    model.send({ type: "logout" } satisfies LoginViewMessage);
  });

  const fillUsername = (): void => {
    const user = model.get("username");
    if (!user) return;
    for (const input of inputsNamed("username")) if (!input.value) input.value = user;
  };
  const stopAnswer = onTraits(model, ["status", "error"], () => {
    // The kernel has answered the message (or something else happened): accept input again.
    const active = document.activeElement;
    const hadFocus = active === null || active === document.body || root.contains(active);
    setSent(false);
    localError = "";
    fillUsername();
    update();
    moveFocus(hadFocus);
  });
  const stopFill = onTraits(model, ["server", "org", "privacy", "method", "client_protocol_hostname", "remember"], () => {
    fillFromTraits();
    clearSecrets(currentMethod());
    update();
  });
  const stopOthers = onTraits(
    model,
    [
      "username",
      "label",
      "color",
      "expires_at",
      "sso_url",
      "deadline_s",
      "protocol",
      "remembered_user",
      "environment_key_id",
      "logged_in_with",
      "certificate_validation",
    ],
    () => {
      fillUsername();
      update();
    },
  );
  const timer = setInterval(updateExpiry, EXPIRY_REFRESH_MS);
  const stopKernel = kernel.onChange(() => {
    holdControls(root, notice, kernel.live);
    update();
  });

  fillFromTraits();
  update();

  return () => {
    stopKernel();
    kernel.dispose();
    clearInterval(timer);
    setSent(false);
    stopAnswer();
    stopFill();
    stopOthers();
    model.off("msg:custom", onKernelMessage);
    events.abort();
    clearSecrets();
    root.remove();
  };
}

/** Once per model: a login that finishes on a worker thread reaches hosts like marimo (settle.ts). */
export function initialize({ model }: Pick<InitializeProps<LoginModel>, "model">): () => void {
  return reportSettled(model, LOGIN_SETTLED, LOGIN_DEFAULTS.status);
}

export default { initialize, render } satisfies AnyWidget<LoginModel>;
