"""The hub's HTML pages: index, login, SSO sign-in, the viewer shell and its error pages.

The pages a notebook's plot frame shows (the viewer, its messages, and the sign-in pages it links
to) may be framed by any parent, since notebooks are served from any port or host: CSP
``frame-ancestors *``. Any other page (the index) is framed by nobody (headers.py). No page sends
a Referer: a viewer URL names a dataset, and a page opened with a ``#grant=`` fragment must not
leak anything by Referer either. Forms use real labels so screen readers and browser tests find
controls by name, and carry a hidden anti-forgery token (csrf.py).

Every URL a page holds (links, form actions, the viewer's script and data endpoints) is relative
to the page, so the hub works both at the root of its own address and under a path prefix, such as
Jupyter's ``/proxy/PORT/`` (jupyter-server-proxy, docs/hub.md). Pages at the hub's root (``/``,
``/login``) reach its other root pages as ``login``; the viewer (under ``/graph/``) as ``../login``.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..refusals import Family, Refused
from . import csrf
from .headers import FRAMEABLE, frame_may_show

PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

_STYLE = """
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
/* The viewer marks the notebook's theme on <html> (data-gj-theme); otherwise the system's. */
:root[data-gj-theme=light] { color-scheme: light; }
:root[data-gj-theme=dark] { color-scheme: dark; }
body { margin: 0; background: Canvas; color: CanvasText; }
.gj-page { max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; }
/* Inside a notebook's plot frame (often 300-600 px high) the page must fit without scrolling. */
@media (max-height: 640px) {
  .gj-page { margin: 1rem auto; }
  h1 { font-size: 1.2rem; }
  form { gap: .4rem; }
}
form { display: grid; gap: .75rem; }
label { display: grid; gap: .25rem; font-weight: 600; }
input { font: inherit; padding: .4rem; }
button { font: inherit; padding: .5rem; cursor: pointer; }
[role=alert] { color: #b00020; font-weight: 600; }
/* On a dark background the light theme's red is 2.7:1; this one is above 4.5:1 (WCAG AA). */
@media (prefers-color-scheme: dark) {
  :root:not([data-gj-theme=light]) [role=alert] { color: #ff8a80; }
}
:root[data-gj-theme=dark] [role=alert] { color: #ff8a80; }
"""


def page(
    title: str,
    body: str,
    status: int = 200,
    *,
    body_attrs: str = "",
    frameable: bool = False,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """A complete HTML page; ``title`` is escaped here, ``body`` must already be safe HTML.
    ``frameable``: a notebook's plot frame may show it (see the module docstring)."""
    html = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body{body_attrs}>\n{body}\n</body>\n</html>\n"
    )
    all_headers = {**PAGE_HEADERS, **(FRAMEABLE if frameable else {}), **(headers or {})}
    return HTMLResponse(html, status_code=status, headers=all_headers)


def _alert(error: str | None) -> str:
    return f'<p role="alert">{escape(error)}</p>' if error else ""


def index_page(
    url: str, signed_in_as: str | None, login_href: str, *, browser_address: str | None = None
) -> HTMLResponse:
    """The hub's front page: where it is, who is signed in, how to connect a client. Behind
    Jupyter's proxy, ``browser_address`` is where people open it (``/user/alice/proxy/8080``)
    and ``url`` where the kernel, on the hub's machine, calls it."""
    scheme, _, where = url.partition("://")
    at = (
        f"Open it in a browser at <code>{escape(browser_address)}/</code> on this notebook "
        f"server; a kernel on its machine calls it at <code>{escape(url)}</code>."
        if browser_address
        else f"A local, Graphistry-compatible server at <code>{escape(url)}</code>."
    )
    who = (
        f"<div><p>Signed in as <strong>{escape(signed_in_as)}</strong>.</p>"
        '<form method="post" action="logout"><button type="submit">Log out</button></form></div>'
        if signed_in_as
        else f'<p><a href="{escape(login_href)}">Sign in</a> to view private and '
        "organization graphs.</p>"
    )
    body = (
        '<main class="gj-page">\n<h1>Graphistry local hub</h1>\n'
        f"<p>{at}</p>\n{who}\n"
        f'<p>Connect with <code>graphistry.client().register(api=3, protocol="{escape(scheme)}", '
        f'server="{escape(where)}", username=..., password=...)</code>.</p>\n'
        "</main>"
    )
    return page("Graphistry local hub", body)


def _credentials_form(action: str, hidden: dict[str, str], button: str) -> str:
    """A form posting ``hidden`` fields (escaped here), a username and a password."""
    fields = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">\n'
        for name, value in hidden.items()
    )
    return (
        f'<form method="post" action="{escape(action)}">\n{fields}'
        '<label for="gj-username">Username'
        '<input id="gj-username" name="username" autocomplete="username" required autofocus>'
        "</label>\n"
        '<label for="gj-password">Password'
        '<input id="gj-password" name="password" type="password" autocomplete="current-password" '
        f'required></label>\n<button type="submit">{escape(button)}</button>\n</form>'
    )


def login_page(
    next_path: str,
    form_token: str,
    error: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The hub's login page; ``form_token`` from ``FormTokens.issue("login")``."""
    form = _credentials_form("login", {"next": next_path, csrf.FIELD: form_token}, "Log in")
    body = (
        f'<main class="gj-page">\n<h1>Log in to the local hub</h1>\n{_alert(error)}\n{form}\n'
        "</main>"
    )
    title = "Log in · Graphistry local hub"
    return page(title, body, status, frameable=True, headers=headers)


def sso_signin_page(
    state: str,
    org: str | None,
    form_token: str,
    error: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The SSO sign-in page of one login; ``form_token`` for the form ``sso:<state>``."""
    where = f" for organization <strong>{escape(org)}</strong>" if org else ""
    form = _credentials_form("signin", {"state": state, csrf.FIELD: form_token}, "Sign in")
    body = (
        f'<main class="gj-page">\n<h1>Single sign-on</h1>\n<p>Sign in{where} to finish logging in '
        f"from your notebook.</p>\n{_alert(error)}\n{form}\n</main>"
    )
    title = "Sign in · Graphistry local hub"
    return page(title, body, status, frameable=True, headers=headers)


def sso_done_page(user: str) -> HTMLResponse:
    body = (
        f'<main class="gj-page">\n<h1>Signed in as {escape(user)}</h1>\n'
        '<p role="status">You can close this tab and return to your notebook.</p>\n</main>'
    )
    return page("Signed in · Graphistry local hub", body, frameable=True)


def message_section(title: str, message: str, action_html: str = "", *, attrs: str = "") -> str:
    """A heading, the message in an alert and an action (already safe HTML), in one element;
    ``attrs`` (safe HTML) marks the viewer's hidden sign-in section."""
    tag = "section" if attrs else "main"
    return (
        f'<{tag} class="gj-page"{attrs}>\n<h1>{escape(title)}</h1>\n'
        f'<p role="alert">{escape(message)}</p>\n{action_html}\n</{tag}>'
    )


def message_page(
    title: str, message: str, status: int, action_html: str = "", *, frameable: bool = False
) -> HTMLResponse:
    """A page with one message; ``frameable`` for the messages a plot frame may show."""
    body = message_section(title, message, action_html)
    return page(title, body, status, frameable=frameable)


def refusal_page(path: str, refused: Refused) -> HTMLResponse:
    """A refusal as a page of its own, under its title (else its status); a plot frame may show
    it where it may show the page at ``path`` (headers.py)."""
    title = refused.title or f"{refused.status}"
    body = message_section(title, refused.message)
    frameable = frame_may_show(path)
    return page(title, body, refused.status, frameable=frameable, headers=refused.headers)


async def _render_refusal_page(request: Request, refused: Refused) -> Response:
    return refusal_page(request.url.path, refused)


#: Pages whose refusals are pages of their own (:func:`refusal_page`): the viewer page, the index.
PAGES = Family(_render_refusal_page)


#: The hub's root as seen from a viewer page (``/graph/graph.html``), as a relative URL.
ROOT_FROM_VIEWER = "../"


def login_url(next_path: str, root: str = "") -> str:
    """The hub's sign-in page, coming back to ``next_path`` (a path on the hub, such as
    ``/graph/graph.html?dataset=x``) afterwards; ``root`` is the hub's root relative to the page
    that links there (``""`` from a root page, :data:`ROOT_FROM_VIEWER` from the viewer)."""
    return f"{root}login?next={quote(next_path, safe='')}"


def login_link(next_path: str, text: str = "Log in to view this graph", root: str = "") -> str:
    return f'<p><a href="{escape(login_url(next_path, root))}">{escape(text)}</a></p>'


def _config_script(config: dict[str, object]) -> str:
    # JSON inside <script>: escape '<' so no value can close the element.
    config_json = json.dumps(config).replace("<", "\\u003c")
    return f'<script id="gj-viewer-config" type="application/json">{config_json}</script>\n'


_VIEWER_SCRIPT = '<script type="module" src="static/viewer.js"></script>'

# Starts the data requests while the viewer script still loads and compiles; the script takes
# each response once (js/src/viewer/data.ts, takePrefetched), with the same request options.
# Only on pages that need no view grant: a grant arrives later, by postMessage.
_PREFETCH_JS = (
    "(function(){var p={};%s.forEach(function(u){var c=new AbortController();"
    'var r=fetch(u,{credentials:"same-origin",referrerPolicy:"no-referrer",cache:"no-store",'
    "signal:c.signal});r.catch(function(){});p[u]={response:r,controller:c};});"
    "window.gjPrefetched=p;})();"
)


def _prefetch_script(urls: list[str]) -> str:
    if not urls:
        return ""
    listed = json.dumps(urls).replace("<", "\\u003c")
    return f"<script>{_PREFETCH_JS % listed}</script>\n"


def needs_grant_page(
    *,
    config: dict[str, object],
    title: str,
    message: str,
    action_html: str,
    built: bool,
    framed: bool = False,
) -> HTMLResponse:
    """The viewer in "needs grant" mode (docs/single-sign-in.md): no dataset metadata, only the
    config, the script, and the sign-in message kept hidden (``#gj-signin``) for the script to
    show when no grant comes. 403, since the page alone shows nothing of the dataset; 200 in a
    frame (``framed``), where it is a normal page waiting for the grant its notebook sends (a
    403 there is an error in the notebook's console on every private plot)."""
    # Without the script nothing could obtain a grant: then the sign-in message shows at once.
    attrs = ' id="gj-signin" hidden' if built else ' id="gj-signin"'
    body = message_section(title, message, action_html, attrs=attrs)
    if built:
        body = f"{body}\n{_config_script(config)}{_VIEWER_SCRIPT}"
    state = "loading" if built else "signin"
    attrs = f' data-state="{state}"'
    status = 200 if framed else 403
    return page("Graph · Graphistry local hub", body, status, body_attrs=attrs, frameable=True)


def viewer_page(
    *,
    name: str,
    owner: str,
    org: str | None,
    privacy: str,
    config: dict[str, object],
    built: bool,
    prefetch: tuple[str, ...] = (),
) -> HTMLResponse:
    """The viewer shell (docs/contracts.md): header, graph container, config, viewer script.
    ``prefetch``: data URLs (as in ``config``) the page starts fetching before its script runs;
    only for a page whose requests need no view grant."""
    org_text = f" · organization {escape(org)}" if org else ""
    if built:
        tail = _prefetch_script(list(prefetch)) + _VIEWER_SCRIPT
        state = "loading"
    else:
        tail = (
            '<p role="alert" class="gj-viewer-error">The viewer front end was not built: '
            "graphistry_jupyter/static/viewer.js is missing. Run <code>npm install &amp;&amp; "
            "npm run build</code> in <code>js/</code>, or reinstall the package.</p>"
        )
        state = "error"
    body = (
        '<header class="gj-viewer-header">\n'
        f'<h1 class="gj-viewer-title">{escape(name)}</h1>\n'
        f'<p class="gj-viewer-owner">by <span>{escape(owner)}</span>{org_text} · '
        f"{escape(privacy)}</p>\n"
        "</header>\n"
        f'<main id="gj-viewer" class="gj-viewer" aria-label="Graph {escape(name)}"></main>\n'
        f"{_config_script(config)}{tail}"
    )
    style = (
        "<style>html, body { height: 100%; } body { display: flex; flex-direction: column; } "
        ".gj-viewer-header { padding: .5rem 1rem; border-bottom: 1px solid #8884; } "
        ".gj-viewer-title { font-size: 1.1rem; margin: 0; } "
        ".gj-viewer-owner { margin: .2rem 0 0; font-size: .9rem; } "
        ".gj-viewer { flex: 1; position: relative; min-height: 0; }</style>\n"
    )
    attrs = f' data-state="{state}"'
    return page(f"{name} · Graphistry local hub", style + body, body_attrs=attrs, frameable=True)
