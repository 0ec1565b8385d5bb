"""The view registry: every view is a :class:`View` that declares what it draws.

A view has a name, a one-line summary, the subjects it accepts (a journey,
the results of analysis functions), its options (each an :class:`Option`
with a type, a default and a line of documentation) and a layout function
that turns a subject into a :class:`~journeykit.layout.scene.Scene`. Calling
a view checks the subject and the options against these declarations before
the layout runs, so every view refuses what it cannot draw in the same words.

The built-in views live in the modules of this package, one each (its
``VIEW``); other packages add theirs under the entry-point group
``journeykit.views``, whose entry points name :class:`View` objects.

>>> from journeykit.layout.views import get_view
>>> view = get_view("funnel")
>>> view.subjects
('journey', 'funnel')
>>> [option.name for option in view.options]
['orientation', 'page']
"""

from __future__ import annotations

import functools
import importlib
import types
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import entry_points
from typing import Any

import attrs

from journeykit._checks import show, suggest
from journeykit.analysis import (
    Coverage,
    EmotionCurve,
    Finding,
    Funnel,
    Hotspot,
    JourneyDiff,
    JourneyPath,
    Loop,
    Origin,
    Record,
    Results,
)
from journeykit.layout import LayoutError
from journeykit.layout.pages import Pages
from journeykit.layout.scene import Scene
from journeykit.model import Journey

__all__ = [
    "BUILT_IN",
    "ENTRY_POINT_GROUP",
    "SUBJECTS",
    "Option",
    "View",
    "get_view",
    "journey_of",
    "lay_out",
    "subject_kind",
    "views",
]

ENTRY_POINT_GROUP = "journeykit.views"

SUBJECTS: dict[str, tuple[str, str]] = {
    "journey": ("a Journey", "map"),
    "check": ("findings of jk.check", "map"),
    "hotspots": ("hotspots of jk.hotspots", "hotspots"),
    "emotion_curve": ("an EmotionCurve of jk.emotion_curve", "emotion"),
    "coverage": ("a Coverage of jk.coverage", "coverage"),
    "funnel": ("a Funnel of jk.funnel", "funnel"),
    "loops": ("loops of jk.loops", "flow"),
    "paths": ("paths of jk.paths", "flow"),
    "diff": ("a JourneyDiff of jk.diff", "diff"),
}
"""What views can draw: kind → (how to say it, the view it is drawn as by default).

A subject's kind is ``"journey"`` for a :class:`~journeykit.Journey` and
the name of the analysis function that made a result (its
``origin.analysis``).
"""

BUILT_IN = ("map", "emotion", "hotspots", "coverage", "flow", "funnel", "diff")
"""The built-in views, in the order they are listed: each is its module's ``VIEW``."""


# -- options -------------------------------------------------------------------------


def _classes(kind: Any) -> tuple[type, ...]:
    if isinstance(kind, types.UnionType):
        return tuple(c for arg in kind.__args__ for c in _classes(arg))
    if isinstance(kind, tuple):
        return tuple(c for arg in kind for c in _classes(arg))
    if kind is None:
        return (type(None),)
    if isinstance(kind, type):
        return (kind,)
    raise LayoutError(f"an option's type must be a class or a union of classes, not {kind!r}")


def _class_name(cls: type) -> str:
    return "None" if cls is type(None) else cls.__name__


@attrs.frozen
class Option:
    """One option of a view.

    Parameters
    ----------
    name : str
        The keyword it is passed as.
    type : type, union of types or tuple of types
        What a value must be (checked with ``isinstance``). A boolean is not
        taken for a number, nor a string for a sequence, unless the type
        names ``bool`` or ``str``; an ``int`` is taken for a ``float``.
    default : object
        The value the view uses when the option is not given.
    doc : str
        One line: what the option does.
    """

    name: str
    type: Any
    default: Any
    doc: str

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise LayoutError(f"an option's name must be an identifier, not {show(self.name)}")
        _classes(self.type)
        if not isinstance(self.doc, str) or "\n" in self.doc.strip() or not self.doc.strip():
            raise LayoutError(f"option {self.name!r}: doc must be one line of text")

    @property
    def classes(self) -> tuple[type, ...]:
        """The classes a value may be an instance of (``type(None)`` for ``None``)."""
        return _classes(self.type)

    @property
    def type_name(self) -> str:
        """The type as people read it: ``"int or None"``."""
        names = [_class_name(c) for c in self.classes]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is of this option's type.

        Parameters
        ----------
        value : object
            A value given for the option.

        Returns
        -------
        bool
            True when ``value`` is an instance of one of :attr:`classes`,
            with the exceptions the class describes (booleans, strings,
            ints for floats).

        Examples
        --------
        >>> size = Option("size", float | None, None, "The size.")
        >>> size.accepts(3), size.accepts(None), size.accepts(True), size.accepts("3")
        (True, True, False, False)
        """
        classes = self.classes
        if isinstance(value, bool) and bool not in classes:
            return False
        if isinstance(value, str) and str not in classes:
            return False
        if float in classes and isinstance(value, int):
            return True
        return isinstance(value, classes)


# -- views ---------------------------------------------------------------------------


def _subjects(value: Any) -> tuple[str, ...]:
    kinds = (value,) if isinstance(value, str) else tuple(value)
    for kind in kinds:
        if kind not in SUBJECTS:
            raise LayoutError(
                f"a view's subjects are among {', '.join(SUBJECTS)}, not {show(kind)}"
                f"{suggest(str(kind), SUBJECTS)}"
            )
    if not kinds:
        raise LayoutError("a view needs at least one subject")
    return kinds


def _options(value: Iterable[Option]) -> tuple[Option, ...]:
    return tuple(value)


@attrs.frozen
class View:
    """A view: what it is called, what it draws, its options and its layout.

    Calling it lays out a subject: ``view(subject, theme=None, **options)``
    checks that the view accepts the subject and that every option is one
    of its own and of the right type, then returns the layout's Scene.

    Parameters
    ----------
    name : str
        What ``view=`` names it by.
    summary : str
        One line: what it shows.
    subjects : tuple of str
        The kinds of subject it draws, keys of :data:`SUBJECTS`.
    options : tuple of Option
        Its options.
    layout : callable
        ``layout(subject, theme=None, **options) -> Scene``; it is given only
        the options the caller passed.
    """

    name: str
    summary: str
    subjects: tuple[str, ...] = attrs.field(converter=_subjects)
    options: tuple[Option, ...] = attrs.field(converter=_options)
    layout: Callable[..., Scene | Pages] = attrs.field(repr=False)

    def __attrs_post_init__(self) -> None:
        if (
            not isinstance(self.name, str)
            or not self.name.strip()
            or self.name != self.name.strip()
        ):
            raise LayoutError(f"a view's name must be a word, not {show(self.name)}")
        if not isinstance(self.summary, str) or not self.summary.strip() or "\n" in self.summary:
            raise LayoutError(f"the {self.name} view's summary must be one line of text")
        names = [o.name for o in self.options if isinstance(o, Option)]
        if len(names) != len(self.options):
            raise LayoutError(f"the {self.name} view's options must be Option objects")
        if len(set(names)) != len(names):
            raise LayoutError(f"the {self.name} view names an option twice: {', '.join(names)}")
        if {"theme", "subject"} & set(names):
            raise LayoutError(f"the {self.name} view's options cannot be called theme or subject")
        if not callable(self.layout):
            raise LayoutError(f"the {self.name} view's layout must be callable")

    def option(self, name: str) -> Option:
        """The option called ``name``; a :class:`LayoutError` names the others.

        Parameters
        ----------
        name : str
            The option's keyword.

        Returns
        -------
        Option
            The view's option of that name.

        Raises
        ------
        LayoutError
            The view has no such option; the message suggests the nearest
            and lists them all.

        Examples
        --------
        >>> get_view("funnel").option("orientation").type_name
        'str'
        """
        for option in self.options:
            if option.name == name:
                return option
        known = [o.name for o in self.options]
        offered = ", ".join(known) or "none"
        raise LayoutError(
            f"the {self.name} view has no option {show(name)}{suggest(str(name), known)}; "
            f"its options: {offered}"
        )

    def accepted(self) -> str:
        """The subjects it draws, in words.

        Returns
        -------
        str
            The descriptions of :attr:`subjects` from :data:`SUBJECTS`,
            joined with commas and a final "or".

        Examples
        --------
        >>> get_view("funnel").accepted()
        'a Journey or a Funnel of jk.funnel'
        """
        said = [SUBJECTS[kind][0] for kind in self.subjects]
        return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " or " + said[-1]

    def check(self, subject: Any, options: Mapping[str, Any]) -> None:
        """Raise :class:`LayoutError` unless this view draws ``subject`` with ``options``.

        Calling the view runs this before its layout.

        Parameters
        ----------
        subject : object
            What to draw: a journey or an analysis result (see
            :func:`subject_kind`).
        options : mapping of str to object
            The options to draw it with, by name, without ``theme``.

        Raises
        ------
        LayoutError
            No view draws the subject, or this view does not (the message
            names the view that does); ``journey=`` is given with a journey;
            an option is not one of the view's, or not of its type.

        Examples
        --------
        >>> get_view("funnel").check("map.json", {})
        Traceback (most recent call last):
        ...
        journeykit.layout.LayoutError: subject: the funnel view draws ... not 'map.json'; ...
        """
        kind = subject_kind(subject)
        if kind is None:
            raise LayoutError(
                f"subject: the {self.name} view {_not_drawable(subject, self.accepted())}"
            )
        if kind not in self.subjects:
            natural = SUBJECTS[kind][1]
            raise LayoutError(
                f"subject: the {self.name} view draws {self.accepted()}, not {SUBJECTS[kind][0]}; "
                f"draw it as the {natural} view, or draw its journey "
                f"(result.origin.journey) as the {self.name} view"
            )
        if kind == "journey" and "journey" in options:
            raise LayoutError(
                f"the {self.name} view takes journey= only with a result made by hand, "
                "not with a Journey"
            )
        for name, value in options.items():
            option = self.option(name)
            if not option.accepts(value):
                raise LayoutError(
                    f"{self.name} view, option {name}: expected {option.type_name}, "
                    f"got {show(value)}"
                )

    def __call__(self, subject: Any, theme: Any = None, **options: Any) -> Scene | Pages:
        self.check(subject, options)
        scene = self.layout(subject, theme=theme, **options)
        if not isinstance(scene, Scene | Pages):
            raise LayoutError(
                f"the {self.name} view's layout returned a {type(scene).__name__}, "
                "not a Scene (or Pages)"
            )
        return scene


# -- subjects ------------------------------------------------------------------------


_BY_TYPE: tuple[tuple[type, str], ...] = (
    (EmotionCurve, "emotion_curve"),
    (Coverage, "coverage"),
    (Funnel, "funnel"),
    (JourneyDiff, "diff"),
)
_BY_ITEMS: tuple[tuple[type, str], ...] = (
    (Hotspot, "hotspots"),
    (Finding, "check"),
    (Loop, "loops"),
    (JourneyPath, "paths"),
)


def subject_kind(subject: Any) -> str | None:
    """The kind of ``subject`` (a key of :data:`SUBJECTS`), or ``None`` when no view draws it.

    A result knows its kind from its ``origin``; a result built by hand is
    known by its type, or, for a tuple or list, by the type of its items.

    Parameters
    ----------
    subject : object
        Anything; a journey or an analysis result has a kind.

    Returns
    -------
    str or None
        ``"journey"``, the name of the analysis function that made the
        result, or ``None``.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Hi", stages=[jk.Stage(name="Look")])
    >>> subject_kind(j), subject_kind(jk.hotspots(j)), subject_kind("map.json")
    ('journey', 'hotspots', None)
    """
    if isinstance(subject, Journey):
        return "journey"
    if isinstance(subject, Record | Results):
        origin = getattr(subject, "origin", None)
        if isinstance(origin, Origin) and origin.analysis in SUBJECTS:
            return origin.analysis
    for cls, kind in _BY_TYPE:
        if isinstance(subject, cls):
            return kind
    if isinstance(subject, list | tuple) and subject:
        for cls, kind in _BY_ITEMS:
            if all(isinstance(item, cls) for item in subject):
                return kind
    return None


def journey_of(subject: Any, journey: Journey | None = None, hint: str = "") -> Journey:
    """The journey of ``subject``: itself, ``journey`` when given, or the result's origin.

    ``hint`` says how to draw a result that does not carry its journey.
    """
    if isinstance(subject, Journey):
        return subject
    if journey is not None:
        if not isinstance(journey, Journey):
            raise LayoutError(f"journey: expected a Journey, got {show(journey)}")
        return journey
    origin = getattr(subject, "origin", None)
    if origin is not None:
        found = origin.journey
        if isinstance(found, Journey):
            return found
    kind = subject_kind(subject)
    what = SUBJECTS[kind][0] if kind else type(subject).__name__
    raise LayoutError(
        f"the subject ({what}) carries no journey: it was not made by journeykit's analysis; "
        + (hint or "pass journey=, the journey it came from")
    )


def _every_subject() -> str:
    said = [SUBJECTS[kind][0] for kind in SUBJECTS]
    return ", ".join(said[:-1]) + " or " + said[-1]


def _not_drawable(subject: Any, accepted: str) -> str:
    """The end of a sentence about a subject no view draws."""
    text = f"draws {accepted}, not {show(subject)}"
    if isinstance(subject, str) or hasattr(subject, "__fspath__"):
        text += f"; to draw a file, load it first: jk.render(jk.load({show(str(subject))}))"
    return text


# -- the registry --------------------------------------------------------------------


@functools.cache
def _plugins() -> Mapping[str, Any]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _built_in(name: str) -> View:
    module = importlib.import_module(f"journeykit.layout.views.{name}")
    view: View = module.VIEW
    return view


def _plugin(name: str, entry: Any) -> View:
    try:
        loaded = entry.load()
    except Exception as exc:  # a broken plugin must not look like our bug
        raise LayoutError(f"the view {name!r} failed to load: {exc}") from exc
    if not isinstance(loaded, View):
        raise LayoutError(
            f"the entry point {entry.value!r} is not a journeykit View "
            "(make one with journeykit.layout.views.View)"
        )
    if loaded.name != name:
        raise LayoutError(
            f"the entry point {name!r} names a view called {loaded.name!r}; the names must match"
        )
    return loaded


def _names() -> list[str]:
    return [*BUILT_IN, *sorted(set(_plugins()) - set(BUILT_IN))]


def get_view(name: str) -> View:
    """The view called ``name``: built in, or installed through an entry point.

    Parameters
    ----------
    name : str
        A built-in view (:data:`BUILT_IN`) or the name of an entry point of
        the group ``journeykit.views``.

    Returns
    -------
    View

    Raises
    ------
    LayoutError
        No view has that name (the message suggests the nearest and lists
        them), or a plugin's view fails to load or is not a :class:`View` of
        that name.

    Examples
    --------
    >>> get_view("map").summary
    'The journey map: stages and touchpoints in columns, one row per aspect.'
    """
    if isinstance(name, str) and name in BUILT_IN:
        return _built_in(name)
    entry = _plugins().get(name) if isinstance(name, str) else None
    if entry is None:
        shown = str(name)[:40]
        names = _names()
        raise LayoutError(
            f"view: no view {show(name)}{suggest(shown, names)}; views: {', '.join(names)}"
        )
    return _plugin(name, entry)


def views() -> dict[str, View]:
    """Every view, by name: the built-in ones first, then those installed by plugins.

    A plugin's view that fails to load is left out here; asking for it by
    name says why.

    Returns
    -------
    dict of str to View

    Examples
    --------
    >>> import journeykit as jk
    >>> list(jk.views())[:3]
    ['map', 'emotion', 'hotspots']
    >>> print(jk.views()["funnel"].summary)
    The stage funnel: customers entering each stage, conversion and drop-off.
    """
    found: dict[str, View] = {}
    for name in _names():
        try:
            found[name] = get_view(name)
        except LayoutError:
            continue
    return found


def lay_out(
    subject: Any, view: str | None = None, theme: Any = None, **options: Any
) -> Scene | Pages:
    """Lay out ``view`` of ``subject``; by default the view the subject is drawn as.

    A journey is drawn as its map, an analysis result as its own view (the
    findings of ``jk.check`` on the map, ``jk.loops`` and ``jk.paths`` on
    the flow view…).

    Parameters
    ----------
    subject : object
        A journey or an analysis result (see :func:`subject_kind`).
    view : str, optional
        The view's name (see :func:`get_view`); by default the view
        :data:`SUBJECTS` gives for the subject's kind.
    theme : str or Theme, optional
        The theme, as :func:`~journeykit.layout.theme.get_theme` takes it;
        ``light`` by default.
    **options
        The view's options (``page="a4"``…), checked by :meth:`View.check`.

    Returns
    -------
    Scene or Pages
        The scene; :class:`~journeykit.layout.pages.Pages` when a ``page``
        option lays the view out on pages.

    Raises
    ------
    LayoutError
        No view draws the subject, the view is unknown, or an option is
        not one of the view's or not of its type.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Hi", stages=[jk.Stage(name="Look")])
    >>> lay_out(j).view, lay_out(jk.funnel(j)).view
    ('map', 'funnel')
    """
    kind = subject_kind(subject)
    if view is None:
        if kind is None:
            raise LayoutError(f"subject: journeykit {_not_drawable(subject, _every_subject())}")
        view = SUBJECTS[kind][1]
    return get_view(view)(subject, theme, **options)
