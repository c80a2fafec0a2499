"""Page objects over this package's widget views as a person sees them in a notebook output,
and over the hub's sign-in pages they lead to.

Controls are found by their accessible names (docs/contracts.md): the login form's "Server",
"Username", "Password", "Method" ... and its buttons; the switcher's "Account" select; the plot
iframe by its title "Graph plotted on ...". Every wait has a deadline.
"""

from __future__ import annotations

import re

from playwright.sync_api import Frame, FrameLocator, Locator, Page, expect

from tests.support.browser import canvas_has_drawing
from tests.support.hubs import USERS

# A login goes through the kernel's worker thread and the hub; a plot uploads Arrow tables.
LOGIN_TIMEOUT_MS = 30_000
PLOT_TIMEOUT_MS = 60_000
# The viewer bundle (700 kB) plus a software-rendered WebGL first frame on a busy 2-core machine.
DRAWN_TIMEOUT_MS = 45_000

PLOT_FRAME = 'iframe[title^="Graph plotted on"]'


def sign_in_on_hub_page(
    where: Page | FrameLocator, username: str, password: str, *, submit: str = "Log in"
) -> None:
    """Fill in and submit a hub sign-in form (the SSO page's button: ``submit="Sign in"``)."""
    where.get_by_label("Username", exact=True).fill(username)
    where.get_by_label("Password", exact=True).fill(password)
    where.get_by_role("button", name=submit, exact=True).click()


class LoginView:
    """A ``LoginWidget`` rendered inside ``area`` (a cell's output area, or a Voila page)."""

    def __init__(self, area: Locator) -> None:
        self.area = area

    def field(self, label: str) -> Locator:
        """The form control with accessible name ``label`` ("Server", "Password", ...)."""
        return self.area.get_by_label(label, exact=True)

    def button(self, name: str) -> Locator:
        return self.area.get_by_role("button", name=name, exact=True)

    @property
    def alert(self) -> Locator:
        return self.area.get_by_role("alert")

    def choose_method(self, method_label: str) -> None:
        """Pick a login method by its visible name: "Password", "Personal key", "Token", "SSO"."""
        self.field("Method").select_option(label=method_label)

    def fill(self, **fields: str) -> None:
        """Type into the fields named like the keyword arguments' labels (underscores: spaces).

        ``fill(Server="...", Username="...")``; ``Personal_key_ID`` means "Personal key ID".
        """
        for name, value in fields.items():
            control = self.field(name.replace("_", " "))
            expect(control).to_be_editable(timeout=LOGIN_TIMEOUT_MS)
            control.fill(value)

    def log_in_with_password(self, username: str, password: str, server: str | None = None) -> None:
        """Type the server (if given), username and password, then press "Log in"."""
        if server is not None:
            self.fill(Server=server)
        self.fill(Username=username, Password=password)
        self.button("Log in").click()

    def log_in_as(self, username: str, *, server: str | None = None) -> None:
        """Log in through the form as a demo user (password from ``USERS``), typing ``server``
        first if given, and wait for the logged-in view."""
        self.log_in_with_password(username, USERS[username], server=server)
        self.expect_logged_in(username)

    def expect_logged_in(self, username: str, *, timeout_ms: float = LOGIN_TIMEOUT_MS) -> None:
        """The logged-in view shows: a "Log out" button and the user's name, no form."""
        expect(self.button("Log out")).to_be_visible(timeout=timeout_ms)
        expect(self.area.locator(".gj-account")).to_contain_text(username)
        expect(self.button("Log in")).to_be_hidden()


class PlotOnPage:
    """A plot view as the page shows it (``PlotWidget``, the switcher's plot, or one cell of
    ``compare``): its header and the viewer's iframe."""

    def __init__(self, page: Page, area: Locator) -> None:
        self.page = page
        self.area = area

    @property
    def iframe(self) -> Locator:
        return self.area.locator(PLOT_FRAME)

    @property
    def framed(self) -> FrameLocator:
        """The document inside the iframe, whatever it navigates to."""
        return self.area.frame_locator(PLOT_FRAME)

    def wait_src(self, prefix: str, *, timeout_ms: float = PLOT_TIMEOUT_MS) -> str:
        """Wait until the iframe's ``src`` starts with ``prefix``; return it."""
        expect(self.iframe).to_have_attribute(
            "src", re.compile("^" + re.escape(prefix)), timeout=timeout_ms
        )
        src = self.iframe.get_attribute("src")
        assert src is not None
        return src

    def frame(self) -> Frame:
        """The iframe's frame, for pixel checks."""
        handle = self.iframe.element_handle()
        frame = handle.content_frame()
        assert frame is not None, "the plot iframe has no document"
        return frame

    def expect_drawn(self, *, timeout_ms: float = DRAWN_TIMEOUT_MS) -> None:
        """The viewer has drawn its first frame, and the graph shows as pixels on screen."""
        self.framed.locator("body[data-state=drawn]").wait_for(state="attached", timeout=timeout_ms)
        assert canvas_has_drawing(self.frame(), "#gj-viewer"), "the viewer canvas shows no graph"

    def sign_in_inside(self, username: str, password: str) -> None:
        """Follow the viewer's 403 page to the hub's login page, inside the iframe, and sign in."""
        self.framed.get_by_role("link", name=re.compile("Log in")).click()
        sign_in_on_hub_page(self.framed, username, password)
