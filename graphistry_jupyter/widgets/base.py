"""What every widget of this package shares: strict arguments, messages dispatched by type, and a
``close()`` that releases everything the widget holds on its model."""

from __future__ import annotations

import copy
import html
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar

import anywidget
from traitlets import HasTraits, Int, TraitType

from . import messages
from .static_output import StaticOutputs, display_bundle, static_block

TraitT = TypeVar("TraitT", bound=TraitType[Any, Any])

# ipywidgets' own layout argument is the one extra keyword every widget accepts.
_ALWAYS_ACCEPTED = frozenset({"layout"})

# What a front end that cannot show the views shows instead of a bare repr: nbconvert's HTML, a
# code host's preview, classic Notebook 6 / nbclassic without the widgets extension (with it,
# they pick the view: README, "Classic Notebook 6 and nbclassic").
WHERE_IT_SHOWS = (
    "The live widget shows in JupyterLab, Notebook 7, Voila, VS Code and marimo; "
    "classic Notebook 6 and nbclassic need the widgets extension "
    "(widgetsnbextension, installed with ipywidgets) in the notebook server's environment."
)


class ViewWidget(anywidget.AnyWidget):
    """A thin view over a model object.

    Subclasses pass the user's extra keyword arguments as ``extra`` (checked here), subscribe to
    their model with :meth:`_watch` and :meth:`_mirror` (undone by :meth:`close`), and handle the
    view's custom message ``{"type": "x", ...}`` in a method ``_on_x_message(fields)``: the
    messages of its :attr:`_conversation`, declared in :mod:`.messages`, each read by
    :func:`.messages.parse` before its handler sees it (a message's binary buffers are among its
    fields, by the names its declaration gives them).

    Displayed in a notebook (``_ipython_display_``), a widget makes two outputs: its view, and a
    static output that follows its state (static_output.py) and shows what :meth:`_static_inner`
    says wherever the view cannot show: reopened without a kernel, in nbconvert's HTML, in a code
    host's preview. ``_repr_mimebundle_`` (marimo, hosts that ask for a bundle) carries the same
    content as its ``text/html``.
    """

    _conversation: ClassVar[str] = "compare"
    """Which of :data:`.messages.CONVERSATIONS` this widget's views hold with the kernel."""

    settle_count = Int(0).tag(sync=True)
    """How many times the front end saw this widget's status settle (a login finished or failed,
    a plot became ready or failed). Only the front end writes it, so that hosts which re-run code
    when a view writes widget state, as marimo does for ``mo.ui.anywidget``, re-run the cells
    that read this widget then: a change made on a worker thread reaches them this way."""

    @property
    def settled(self) -> int:
        """Deprecated: the name of :attr:`settle_count` until 0.1 (it is a count, not a flag)."""
        warnings.warn(
            "settled is now settle_count (a count of settled statuses)",
            DeprecationWarning,
            stacklevel=2,
        )
        return int(self.settle_count)

    def __init__(self, extra: Mapping[str, Any] | None = None, **traits: Any) -> None:
        unknown = sorted(set(extra or {}) - _ALWAYS_ACCEPTED)
        if unknown:
            raise TypeError(
                f"{type(self).__name__}() got unexpected keyword argument"
                f"{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}"
            )
        self._releases: list[Callable[[], None]] = []
        self._static = StaticOutputs(self._static_html)
        super().__init__(**traits, **(extra or {}))
        self.on_msg(self._dispatch)
        # The static outputs follow every synced trait; those that do not change what they show
        # cost one comparison. Observers run on the thread that changed the trait.
        synced = [name for name in self.trait_names(sync=True) if not name.startswith("_")]
        self._watch(self, self._state_changed, synced)
        self._on_close(self._static.stop)

    def _watch(self, model: HasTraits, handler: Callable[[Any], None], names: list[str]) -> None:
        """``model.observe(handler, names)`` until this widget closes."""
        model.observe(handler, names=names)
        self._releases.append(lambda: model.unobserve(handler, names=names))

    def _mirror(self, model: HasTraits, names: Iterable[str]) -> None:
        """Copies the traits ``names`` of ``model`` into this widget's traits of the same names,
        one way: all of them whenever one changes, so that an observer of this widget, and its
        views, see every field of a change already set (a model notifies its traits one by one,
        after setting them all). Observers run on the thread that changed the model."""
        mirror = _Mirror(model, self, list(names))
        mirror()
        self._watch(model, mirror, mirror.names)

    def _on_close(self, release: Callable[[], None]) -> None:
        """Runs ``release`` when this widget closes (cancelling work it started)."""
        self._releases.append(release)

    def _dispatch(self, _widget: Any, content: Any, buffers: Any) -> None:
        # Only a message this widget's view sends, with its declared fields and buffers
        # (messages.py), reaches a handler; anything else is dropped unread.
        received = messages.parse(self._conversation, content, buffers)
        try:
            if received is not None:
                getattr(self, f"_on_{received.type}_message")(received.fields)
        finally:
            # Drop our references to any secret as soon as it is handed on.
            if received is not None:
                received.forget()
            if isinstance(content, dict):
                content.clear()

    def _on_ping_message(self, _fields: dict[str, object]) -> None:
        # A view whose host does not say whether a kernel is behind it asks (messages.py).
        self._send_to_view("pong")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        data, metadata = self._view_bundle(**kwargs)
        data["text/html"] = self._static_html()
        return data, metadata

    def _ipython_display_(self) -> None:
        # IPython asks for this before _repr_mimebundle_, for a cell's value and display(): only
        # display() can give an output the display id that update_display needs.
        data, metadata = self._view_bundle()
        data["text/plain"] = ""  # a renderer without widgets shows the static output alone
        display_bundle(data, metadata)
        self._publish_static()

    def _publish_static(self) -> None:
        """Displays this widget's static output (compare() displays each pane's after its own)."""
        self._static.publish()

    def _view_bundle(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        return dict(data or {}), dict(metadata or {})

    def _state_changed(self, _change: Any = None) -> None:
        self._static.refresh()

    def _static_html(self) -> str:
        """The ``text/html`` of the static output: what the widget showed, and where it shows
        live (for a renderer that shows no widgets at all)."""
        where = f'<p class="gj-static-where">{html.escape(WHERE_IT_SHOWS)}</p>'
        return static_block(self._static_inner() + where, type(self).__name__.lower())

    def _static_inner(self) -> str:
        """What the static output says, as HTML: each widget says what it showed."""
        return f"<p>A graphistry-jupyter {html.escape(type(self).__name__)}.</p>"

    def _send_to_view(self, type_: str, **fields: object) -> None:
        """A custom message to the views, as messages.py declares it, unless this widget has
        closed meanwhile (worker threads answer late)."""
        content = messages.compose(self._conversation, type_, **fields)
        if self.comm is not None:
            self.send(content)

    def close(self) -> None:
        # getattr: ipywidgets also closes a widget whose __init__ failed, from __del__.
        releases, self._releases = getattr(self, "_releases", []), []
        for release in reversed(releases):
            release()
        super().close()


class _Mirror:
    """The observer of :meth:`ViewWidget._mirror`: copies ``names`` of ``model`` into ``target``."""

    def __init__(self, model: HasTraits, target: ViewWidget, names: list[str]) -> None:
        self.model = model
        self.target = target
        self.names = names

    def __call__(self, _change: object = None) -> None:
        # One state message to the views, and notifications only once every field is set.
        with self.target.hold_sync(), self.target.hold_trait_notifications():
            for name in self.names:
                setattr(self.target, name, getattr(self.model, name))


def mirrored(trait: TraitT) -> TraitT:
    """A synced copy of a model's trait, for a view that mirrors it one way.

    The copy keeps the trait's type, default and allowed values, so the model's declaration is
    the only one; ``mirrored_names`` finds every trait made this way.
    """
    view = copy.copy(trait)
    view.metadata = {**trait.metadata, "sync": True, "mirrored": True}
    return view


def mirrored_names(view: type[HasTraits]) -> list[str]:
    """The traits of ``view`` declared with :func:`mirrored`, in declaration order."""
    return [name for name, t in view.class_traits().items() if t.metadata.get("mirrored")]
