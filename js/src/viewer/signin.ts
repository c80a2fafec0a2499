// The two screens of a viewer that has no grant yet: a neutral "Loading graph…" while it waits
// for the notebook, and the hub's sign-in message (rendered by the hub, hidden, in #gj-signin).

export const SIGNIN_ID = "gj-signin";
const WAITING_CLASS = "gj-waiting";
// Everything the viewer itself puts on the page (dom.ts), removed when the sign-in shows.
const VIEWER_PARTS = `.${WAITING_CLASS}, .gj-header, #gj-viewer, .gj-help, .gj-alert`;

/**
 * Takes the hub's hidden sign-in message out of the document until it is needed: its
 * role="alert" paragraph must not be taken for the viewer's own alert meanwhile.
 */
export function takeSignIn(doc: Document): HTMLElement | null {
  const section = doc.getElementById(SIGNIN_ID);
  section?.remove();
  return section;
}

export function showWaiting(doc: Document): void {
  doc.body.dataset["state"] = "loading";
  if (doc.querySelector(`.${WAITING_CLASS}`) !== null) return;
  const note = doc.createElement("p");
  note.className = WAITING_CLASS;
  note.setAttribute("role", "status");
  note.textContent = "Loading graph…";
  doc.body.prepend(note);
}

export function clearWaiting(doc: Document): void {
  doc.querySelector(`.${WAITING_CLASS}`)?.remove();
}

/** The hub's wording, for a page that lacks its sign-in section. */
function buildSignIn(doc: Document, loginUrl: string | null): HTMLElement {
  const section = doc.createElement("section");
  section.id = SIGNIN_ID;
  section.className = "gj-page";
  const title = doc.createElement("h1");
  title.textContent = "Log in to view this graph";
  const message = doc.createElement("p");
  message.setAttribute("role", "alert");
  message.textContent = "This graph is not public. Log in to this hub to view it.";
  section.append(title, message);
  if (loginUrl !== null) {
    const link = doc.createElement("a");
    link.href = loginUrl;
    link.textContent = "Log in to view this graph";
    const line = doc.createElement("p");
    line.append(link);
    section.append(line);
  }
  return section;
}

/**
 * Replaces whatever the viewer shows with the sign-in message. Its link opens the hub's sign-in
 * page in this frame (`_self`), never in the notebook. `reason` is the parent's, shown as text.
 */
export function showSignIn(doc: Document, section: HTMLElement | null, loginUrl: string | null, reason: string | null): void {
  for (const part of Array.from(doc.querySelectorAll(VIEWER_PARTS))) part.remove();
  const shown = section ?? buildSignIn(doc, loginUrl);
  for (const link of Array.from(shown.querySelectorAll("a"))) link.target = "_self";
  shown.querySelector(".gj-signin-reason")?.remove();
  if (reason !== null) {
    const note = doc.createElement("p");
    note.className = "gj-signin-reason";
    note.textContent = reason;
    const alert = shown.querySelector('[role="alert"]');
    if (alert === null) shown.append(note);
    else alert.after(note);
  }
  shown.hidden = false;
  doc.body.prepend(shown);
  doc.body.dataset["state"] = "signin";
}
