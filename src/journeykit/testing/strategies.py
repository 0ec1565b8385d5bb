"""Hypothesis strategies that build valid journeykit objects.

Every strategy here builds objects that pass the model's checks, so a test
can start from "any valid journey" and state what must hold for all of them.
The texts are deliberately unkind: any Unicode except unpaired surrogates,
plus a few strings that trip JSON and YAML (``no``, ``1e5``, ``2024-01-01``,
line separators, a byte order mark…).

Only this module imports :mod:`hypothesis`; ``import journeykit`` does not.

Examples
--------
>>> from hypothesis import given, settings
>>> import journeykit as jk
>>> from journeykit.testing import journeys
>>> @settings(max_examples=20)
... @given(journeys(max_stages=3))
... def test_dict_round_trip(journey):
...     assert jk.from_dict(jk.to_dict(journey)) == journey
>>> test_dict_round_trip()
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from journeykit import _checks, scales
from journeykit.model import (
    BETTER,
    CHANNEL_KINDS,
    LANES,
    STATUSES,
    Channel,
    Duration,
    Evidence,
    Flow,
    Journey,
    Metric,
    Opportunity,
    PainPoint,
    Period,
    Persona,
    Stage,
    Touchpoint,
)

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = [
    "TRICKY_TEXTS",
    "channels",
    "durations",
    "event_logs",
    "evidence",
    "flows",
    "ids",
    "journeys",
    "looping_journeys",
    "metrics",
    "opportunities",
    "pain_points",
    "periods",
    "personas",
    "stages",
    "texts",
    "touchpoints",
]

# -- text ----------------------------------------------------------------------

_Category = Literal["Cs", "Cc", "Zs", "Zl", "Zp"]
_SURROGATES: tuple[_Category, ...] = ("Cs",)
_SPACES: tuple[_Category, ...] = ("Cs", "Cc", "Zs", "Zl", "Zp")
_CHARACTERS = st.characters(exclude_categories=_SURROGATES)
# A character that str.strip() keeps: no whitespace, no control character.
_VISIBLE = st.characters(exclude_categories=_SPACES)

TRICKY_TEXTS: tuple[str, ...] = (
    # YAML 1.1 and 1.2 read these plain scalars as something other than text.
    "no",
    "No",
    "yes",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "0",
    "-1",
    "+1",
    "007",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "1e5",
    "1E-3",
    ".5",
    "5.",
    "+.5",
    ".inf",
    "-.inf",
    ".nan",
    "NaN",
    "Infinity",
    "12:30",
    "1:2:3",
    "2024-01-01",
    "2024-02-30",
    "2024-01-01T10:00:00",
    "=",
    "<<",
    # YAML syntax.
    "-",
    "- x",
    "---",
    "...",
    "a: b",
    ":",
    "? x",
    "#x",
    "x #y",
    "&a",
    "*a",
    "!x",
    "!!str",
    "%YAML",
    "@x",
    "`x",
    "|",
    ">",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "\\",
    "\\n",
    # Mermaid journey syntax: keywords, separators, comments, directives, tags.
    "journey",
    "Journey planning",
    "title x",
    "Title page",
    "section x",
    "accTitle: x",
    "accDescr { x",
    "x: 5: y",
    "a, b",
    "a;b",
    "%%",
    "%% x",
    "%%{init: {}}%%",
    "50%%{",
    "x<br>y",
    "<br/>",
    '<b class="x">',
    "}title x",
    # Whitespace and line breaks.
    "",
    " ",
    " x",
    "x ",
    "x  y",
    "\t",
    "\n",
    "x\n",
    "\nx",
    "x\n\ny",
    "x\r\ny",
    "\r",
    "x\x85y",
    "x\u2028y",
    "x\u2029y",
    "\u00a0",
    "\u3000x",
    # Odd code points.
    "\ufeff",
    "\ufeffx",
    "x\x00y",
    "\x7f",
    "\x1b[0m",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "\U0001f642",
    "e\u0301",
    "Café crème",
    "\u65e5\u672c\u8a9e",
    "\u05e9\u05dc\u05d5\u05dd",
)
"""Strings that have broken JSON, YAML or Mermaid round trips somewhere, sometime."""


def texts(max_size: int = 20, *, allow_blank: bool = True) -> SearchStrategy[str]:
    """Text for names, descriptions and other string fields.

    Any Unicode text except unpaired surrogates (category ``Cs``, which no
    file can hold), mixed with :data:`TRICKY_TEXTS`, strings that YAML or
    JSON tend to get wrong.

    Parameters
    ----------
    max_size : int, default 20
        The longest text drawn, in characters (the format allows up to
        100,000).
    allow_blank : bool, default True
        ``False`` draws only text with a non-whitespace character, as the
        model requires of names, descriptions and ids.

    Returns
    -------
    SearchStrategy[str]

    Examples
    --------
    >>> from hypothesis import find
    >>> from journeykit.testing import texts
    >>> find(texts(allow_blank=False), lambda s: True).strip() != ""
    True
    >>> len(find(texts(max_size=5), lambda s: len(s) >= 5))
    5
    """
    low = 0 if allow_blank else 1
    if not low <= max_size <= _checks.MAX_TEXT_LENGTH:
        raise InvalidArgument(
            f"max_size={max_size!r} must be from {low} to {_checks.MAX_TEXT_LENGTH}"
        )
    tricky = [t for t in TRICKY_TEXTS if len(t) <= max_size and (allow_blank or t.strip())]
    plain = st.text(_CHARACTERS, max_size=max_size) if allow_blank else _non_blank(max_size)
    return _mostly(plain, st.sampled_from(tricky)) if tricky else plain


@st.composite
def _non_blank(draw: DrawFn, max_size: int) -> str:
    body = draw(st.text(_CHARACTERS, max_size=max_size - 1))
    at = draw(st.integers(0, len(body)))
    return body[:at] + draw(_VISIBLE) + body[at:]


@st.composite
def _mostly(draw: DrawFn, usual: SearchStrategy[str], rare: SearchStrategy[str]) -> str:
    """``usual`` three times out of four; shrinks towards ``usual``."""
    return draw(rare if draw(st.integers(0, 3)) == 3 else usual)


T = TypeVar("T")


def _few(strategy: SearchStrategy[T], max_size: int = 2) -> SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


# Built once: making strategies inside every draw costs more than drawing.
_TEXT = texts()
_NAME = texts(allow_blank=False)
_TEXTS = _few(_TEXT)
_DATE = st.none() | st.dates()
# Counts fit 64 bits and numbers a float, as the model requires.
_COUNT = st.none() | st.integers(0, _checks.MAX_INTEGER)
_GRADE = st.none() | st.integers(1, 5)
_SEVERITY = st.integers(1, 5)
# Suppressions: mostly none; else rule codes and prefixes as people write them.
_IGNORE = st.one_of(
    st.just(()),
    _few(st.sampled_from(("JK201", "jk3", " JK104 ", "JK5", "JK999", "JK904")), 2),
)
_EMOTION: SearchStrategy[float] = st.floats(-1, 1) | st.sampled_from([-1, 0, 1])
_OPTIONAL_EMOTION = st.none() | _EMOTION
_NUMBER: SearchStrategy[float | None] = (
    st.none()
    | st.integers(-_checks.MAX_INTEGER - 1, _checks.MAX_INTEGER)
    | st.floats(allow_nan=False, allow_infinity=False)
)
_LANE = st.none() | st.sampled_from(LANES)
_KIND = st.sampled_from(CHANNEL_KINDS)
_STATUS = st.sampled_from(STATUSES)
_BETTER = st.sampled_from(BETTER)
_OPTIONAL_NAME = st.none() | _NAME
_ONE_IN_FOUR = st.integers(0, 3).map(lambda n: n == 3)


# -- ids -----------------------------------------------------------------------


def ids(max_size: int = 24) -> SearchStrategy[str]:
    """Ids: non-empty, non-blank text.

    Mostly slugs like the ids journeykit derives (such as ``"a-2"``, which
    clash with derived ids on purpose), else any text that :func:`texts`
    draws with ``allow_blank=False``.

    Parameters
    ----------
    max_size : int, default 24
        The longest non-slug id drawn.

    Returns
    -------
    SearchStrategy[str]

    Examples
    --------
    >>> from hypothesis import find
    >>> from journeykit.testing import ids
    >>> find(ids(), lambda i: "-" in i).strip() != ""
    True
    """
    word = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=6)
    slugs = st.lists(word, min_size=1, max_size=3).map("-".join)
    return st.one_of(slugs, texts(max_size, allow_blank=False))


_IDS = ids()
_ID_OR_EMPTY = _mostly(_IDS, st.just(""))


def _id_strategy(ids: SearchStrategy[str] | None) -> SearchStrategy[str]:
    return _ID_OR_EMPTY if ids is None else ids


@st.composite
def _id_pool(
    draw: DrawFn, size: int, id_strategy: SearchStrategy[str] | None, derive_ids: bool
) -> _Pool:
    """``size`` distinct ids; with ``derive_ids`` about a quarter left empty."""
    chosen = _IDS if id_strategy is None else id_strategy
    pool = draw(st.lists(chosen, min_size=size, max_size=size, unique=True))
    if derive_ids:
        pool = ["" if draw(_ONE_IN_FOUR) else value for value in pool]
    return _Pool(pool)


class _Pool:
    """Hands out the ids of an :func:`_id_pool` in order."""

    def __init__(self, values: Iterable[str]) -> None:
        self._values = iter(values)

    def take(self, n: int) -> list[str]:
        return [next(self._values) for _ in range(n)]

    def one(self) -> str:
        return next(self._values)


# -- leaves --------------------------------------------------------------------

_SOURCES = (
    "survey",
    "interview",
    "analytics",
    "crm",
    "social-listening",
    "user-testing",
    "support-tickets",
    "observation",
)
_KPIS = ("CSAT", "NPS", "CES", "conversion", "revenue", "reach", "drop-off")
_UNITS = ("", "ratio", "%", "EUR", "score", "s")


def evidence() -> SearchStrategy[Evidence]:
    """Valid :class:`~journeykit.Evidence`.

    Returns
    -------
    SearchStrategy[Evidence]

    Examples
    --------
    >>> from hypothesis import find
    >>> from journeykit.testing import evidence
    >>> find(evidence(), lambda e: e.sample_size is not None).sample_size >= 0
    True
    """
    return st.builds(
        Evidence,
        source=_mostly(st.sampled_from(_SOURCES), _NAME),
        reference=_TEXT,
        sample_size=_COUNT,
        collected=_DATE,
        period=st.none() | periods(),
    )


def periods() -> SearchStrategy[Period]:
    """Valid :class:`~journeykit.Period`: a start and an end no earlier than it.

    Returns
    -------
    SearchStrategy of Period

    Examples
    --------
    >>> from hypothesis import find
    >>> from journeykit.testing import periods
    >>> p = find(periods(), lambda p: p.end > p.start)
    >>> p.start < p.end
    True
    """
    return st.tuples(st.dates(), st.dates()).map(
        lambda days: Period(start=min(days), end=max(days))
    )


_SECONDS = st.floats(0, 1e9) | st.integers(0, 10**6)


def durations() -> SearchStrategy[Duration]:
    """Valid :class:`~journeykit.Duration`: non-negative seconds, median at most p90.

    Returns
    -------
    SearchStrategy of Duration

    Examples
    --------
    >>> from hypothesis import find
    >>> from journeykit.testing import durations
    >>> d = find(durations(), lambda d: d.mean > 0)
    >>> d.median <= d.p90
    True
    """
    return st.tuples(_SECONDS, _SECONDS, _SECONDS).map(
        lambda s: Duration(mean=s[0], median=min(s[1], s[2]), p90=max(s[1], s[2]))
    )


_EVIDENCE = _few(evidence())


def metrics() -> SearchStrategy[Metric]:
    """Valid :class:`~journeykit.Metric`: any finite value and target, ints or floats.

    Returns
    -------
    SearchStrategy[Metric]

    Examples
    --------
    >>> import math
    >>> from hypothesis import given, settings
    >>> from journeykit.testing import metrics
    >>> @settings(max_examples=10)
    ... @given(metrics())
    ... def test_values_and_targets_are_finite(m):
    ...     assert all(math.isfinite(x) for x in (m.value, m.target) if x is not None)
    >>> test_values_and_targets_are_finite()
    """
    return st.builds(
        Metric,
        name=_mostly(st.sampled_from(_KPIS), _NAME),
        value=_NUMBER,
        target=_NUMBER,
        unit=_mostly(st.sampled_from(_UNITS), _TEXT),
        better=_BETTER,
        evidence=_EVIDENCE,
    )


_METRICS = _few(metrics())


def _make_pain_point(draw: DrawFn, id: str) -> PainPoint:
    return PainPoint(
        id=id,
        description=draw(_NAME),
        severity=draw(_SEVERITY),
        evidence=draw(_EVIDENCE),
        ignore=draw(_IGNORE),
    )


def _make_opportunity(
    draw: DrawFn, id: str, addresses: SearchStrategy[tuple[str, ...]] | None
) -> Opportunity:
    return Opportunity(
        id=id,
        description=draw(_NAME),
        addresses=draw(addresses) if addresses is not None else (),
        owner=draw(_OPTIONAL_NAME),
        impact=draw(_GRADE),
        effort=draw(_GRADE),
        status=draw(_STATUS),
    )


def _make_persona(draw: DrawFn, id: str) -> Persona:
    return Persona(
        id=id,
        name=draw(_NAME),
        description=draw(_TEXT),
        segment=draw(_TEXT),
        goals=draw(_TEXTS),
        motivations=draw(_TEXTS),
        frustrations=draw(_TEXTS),
        quote=draw(_TEXT),
    )


def _make_channel(draw: DrawFn, id: str) -> Channel:
    return Channel(id=id, name=draw(_NAME), kind=draw(_KIND))


def pain_points(ids: SearchStrategy[str] | None = None) -> SearchStrategy[PainPoint]:
    """Valid :class:`~journeykit.PainPoint`.

    Parameters
    ----------
    ids : SearchStrategy[str], optional
        Where the id comes from; by default :func:`ids`, or ``""`` (for a
        journey to derive) one time in four.

    Returns
    -------
    SearchStrategy[PainPoint]

    Examples
    --------
    >>> from hypothesis import find, strategies as st
    >>> from journeykit.testing import pain_points
    >>> find(pain_points(ids=st.just("slow")), lambda p: p.severity == 5).id
    'slow'
    """
    return _pain_points(_id_strategy(ids))


@st.composite
def _pain_points(draw: DrawFn, id_strategy: SearchStrategy[str]) -> PainPoint:
    return _make_pain_point(draw, draw(id_strategy))


def opportunities(
    pain_ids: Sequence[str] = (), ids: SearchStrategy[str] | None = None
) -> SearchStrategy[Opportunity]:
    """Valid :class:`~journeykit.Opportunity`, addressing some of ``pain_ids``.

    Parameters
    ----------
    pain_ids : sequence of str, default ()
        The pain point ids ``addresses`` is drawn from (possibly with
        repeats, which the format allows); empty means no addresses.
    ids : SearchStrategy[str], optional
        Where the id comes from; by default :func:`ids`, or ``""`` one time
        in four.

    Returns
    -------
    SearchStrategy[Opportunity]

    Examples
    --------
    >>> from hypothesis import find
    >>> from journeykit.testing import opportunities
    >>> find(opportunities(pain_ids=["slow"]), lambda o: len(o.addresses) > 0).addresses
    ('slow',)
    """
    return _opportunities(_id_strategy(ids), _addresses(pain_ids))


@st.composite
def _opportunities(
    draw: DrawFn, id_strategy: SearchStrategy[str], addresses: SearchStrategy[tuple[str, ...]]
) -> Opportunity:
    return _make_opportunity(draw, draw(id_strategy), addresses)


def _addresses(pain_ids: Sequence[str]) -> SearchStrategy[tuple[str, ...]]:
    unique_ids = _unique(pain_ids)
    if not unique_ids:
        return st.just(())
    return _few(st.sampled_from(unique_ids), max_size=3)


def personas(ids: SearchStrategy[str] | None = None) -> SearchStrategy[Persona]:
    """Valid :class:`~journeykit.Persona`.

    Parameters
    ----------
    ids : SearchStrategy[str], optional
        Where the id comes from; by default :func:`ids`, or ``""`` one time
        in four.

    Returns
    -------
    SearchStrategy[Persona]

    Examples
    --------
    >>> from hypothesis import find
    >>> from journeykit.testing import personas
    >>> find(personas(), lambda p: len(p.goals) == 2).goals[1] == ""
    True
    """
    return _personas(_id_strategy(ids))


@st.composite
def _personas(draw: DrawFn, id_strategy: SearchStrategy[str]) -> Persona:
    return _make_persona(draw, draw(id_strategy))


def channels(ids: SearchStrategy[str] | None = None) -> SearchStrategy[Channel]:
    """Valid :class:`~journeykit.Channel`.

    Parameters
    ----------
    ids : SearchStrategy[str], optional
        Where the id comes from; by default :func:`ids`, or ``""`` one time
        in four.

    Returns
    -------
    SearchStrategy[Channel]

    Examples
    --------
    >>> from hypothesis import find
    >>> from journeykit.testing import channels
    >>> find(channels(), lambda ch: ch.kind == "offline").kind
    'offline'
    """
    return _channels(_id_strategy(ids))


@st.composite
def _channels(draw: DrawFn, id_strategy: SearchStrategy[str]) -> Channel:
    return _make_channel(draw, draw(id_strategy))


# -- touchpoints and stages ----------------------------------------------------

# How many pain points and opportunities one touchpoint gets.
_Shape = tuple[int, int]


def _shapes(max_pain_points: int, max_opportunities: int) -> SearchStrategy[_Shape]:
    return st.tuples(st.integers(0, max_pain_points), st.integers(0, max_opportunities))


def _make_touchpoint(draw: DrawFn, shape: _Shape, pool: _Pool) -> Touchpoint:
    """A touchpoint with ids from ``pool`` and no references yet."""
    n_pains, n_opportunities = shape
    tp_id = pool.one()
    pains = tuple(_make_pain_point(draw, i) for i in pool.take(n_pains))
    opps = tuple(_make_opportunity(draw, i, None) for i in pool.take(n_opportunities))
    return Touchpoint(
        id=tp_id,
        name=draw(_NAME),
        lane=draw(_LANE),
        actions=draw(_TEXTS),
        motivations=draw(_TEXTS),
        questions=draw(_TEXTS),
        thoughts=draw(_TEXTS),
        emotion=draw(_OPTIONAL_EMOTION),
        pain_points=pains,
        opportunities=opps,
        evidence=draw(_EVIDENCE),
        metrics=draw(_METRICS),
        **draw(_reach_counts()),
        ignore=draw(_IGNORE),
    )


@st.composite
def _reach_counts(draw: DrawFn) -> dict[str, Any]:
    """``reach`` with ``entries`` and ``exits`` that never exceed it."""
    reach = draw(_COUNT)
    limit = st.integers(0, _checks.MAX_INTEGER if reach is None else reach)
    return {
        "reach": reach,
        "entries": draw(st.none() | limit),
        "exits": draw(st.none() | limit),
    }


def _make_stage(draw: DrawFn, layout: list[_Shape], pool: _Pool) -> Stage:
    stage_id = pool.one()
    return Stage(
        id=stage_id,
        name=draw(_NAME),
        goal=draw(_TEXT),
        touchpoints=tuple(_make_touchpoint(draw, shape, pool) for shape in layout),
        metrics=draw(_METRICS),
        ignore=draw(_IGNORE),
    )


class _References:
    """What touchpoints may refer to, as strategies built once."""

    def __init__(
        self, channel_ids: Iterable[str], persona_ids: Iterable[str], pain_ids: Iterable[str]
    ) -> None:
        channels, personas = _unique(channel_ids), _unique(persona_ids)
        self.channel: SearchStrategy[str | None] = (
            st.none() | st.sampled_from(channels) if channels else st.none()
        )
        self.emotions: SearchStrategy[dict[str, float]] = (
            st.dictionaries(st.sampled_from(personas), _EMOTION, max_size=3)
            if personas
            else st.just({})
        )
        self.addresses = _addresses(list(pain_ids))

    def add_to(self, draw: DrawFn, tp: Touchpoint) -> Touchpoint:
        opps = tuple(attrs.evolve(o, addresses=draw(self.addresses)) for o in tp.opportunities)
        return attrs.evolve(
            tp, channel=draw(self.channel), emotions=draw(self.emotions), opportunities=opps
        )


def _unique(values: Iterable[str]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def _check_sizes(**sizes: int) -> None:
    for name, value in sizes.items():
        if value < 0:
            raise InvalidArgument(f"{name}={value!r} must not be negative")


def touchpoints(
    channel_ids: Sequence[str] = (),
    persona_ids: Sequence[str] = (),
    *,
    pain_ids: Sequence[str] = (),
    ids: SearchStrategy[str] | None = None,
    max_pain_points: int = 2,
    max_opportunities: int = 2,
    derive_ids: bool = True,
) -> SearchStrategy[Touchpoint]:
    """Valid :class:`~journeykit.Touchpoint`, ready to put in a journey.

    The touchpoint, its pain points and its opportunities have distinct
    ids (some left empty for a journey to derive when ``derive_ids``), and
    its opportunities address only its own pain points or ``pain_ids``. So
    without ``channel_ids`` and ``persona_ids``,
    ``Journey(title="t", stages=[Stage(name="s", touchpoints=[tp])])`` is valid.

    Parameters
    ----------
    channel_ids : sequence of str, default ()
        The channel, when there is one, is one of these.
    persona_ids : sequence of str, default ()
        The keys of ``emotions`` are some of these.
    pain_ids : sequence of str, default ()
        More pain point ids (from elsewhere in the journey) that the
        opportunities may address.
    ids : SearchStrategy[str], optional
        Where ids come from (by default :func:`ids`); it must be able to
        produce ``1 + max_pain_points + max_opportunities`` distinct values.
    max_pain_points, max_opportunities : int, default 2
        At most this many pain points and opportunities.
    derive_ids : bool, default True
        Leave about a quarter of the ids empty.

    Returns
    -------
    SearchStrategy[Touchpoint]

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from journeykit.testing import touchpoints
    >>> @settings(max_examples=10)
    ... @given(touchpoints(channel_ids=["web"]))
    ... def test_the_channel_is_one_of_those_given(tp):
    ...     assert tp.channel in (None, "web")
    >>> test_the_channel_is_one_of_those_given()
    """
    _check_sizes(max_pain_points=max_pain_points, max_opportunities=max_opportunities)
    return _touchpoints(
        list(channel_ids),
        list(persona_ids),
        list(pain_ids),
        ids,
        _shapes(max_pain_points, max_opportunities),
        derive_ids,
    )


@st.composite
def _touchpoints(
    draw: DrawFn,
    channel_ids: list[str],
    persona_ids: list[str],
    pain_ids: list[str],
    id_strategy: SearchStrategy[str] | None,
    shapes: SearchStrategy[_Shape],
    derive_ids: bool,
) -> Touchpoint:
    shape = draw(shapes)
    pool = draw(_id_pool(1 + sum(shape), id_strategy, derive_ids))
    tp = _make_touchpoint(draw, shape, pool)
    own = [p.id for p in tp.pain_points]
    return _References(channel_ids, persona_ids, [*pain_ids, *own]).add_to(draw, tp)


def stages(
    channel_ids: Sequence[str] = (),
    persona_ids: Sequence[str] = (),
    *,
    max_touchpoints: int = 3,
    ids: SearchStrategy[str] | None = None,
    max_pain_points: int = 2,
    max_opportunities: int = 2,
    derive_ids: bool = True,
) -> SearchStrategy[Stage]:
    """Valid :class:`~journeykit.Stage` with touchpoints, ready to put in a journey.

    All ids inside the stage are distinct; opportunities address the
    stage's own pain points; channels and emotions refer to the ids given.

    Parameters
    ----------
    channel_ids, persona_ids : sequence of str, default ()
        What the touchpoints may refer to, as in :func:`touchpoints`.
    max_touchpoints : int, default 3
        At most this many touchpoints.
    ids : SearchStrategy[str], optional
        Where ids come from (by default :func:`ids`).
    max_pain_points, max_opportunities : int, default 2
        At most this many per touchpoint.
    derive_ids : bool, default True
        Leave about a quarter of the ids empty.

    Returns
    -------
    SearchStrategy[Stage]

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> import journeykit as jk
    >>> from journeykit.testing import stages
    >>> @settings(max_examples=10, database=None)
    ... @given(stages(max_touchpoints=2))
    ... def test_a_stage_makes_a_journey(stage):
    ...     assert len(jk.Journey(title="t", stages=[stage]).touchpoints) <= 2
    >>> test_a_stage_makes_a_journey()
    """
    _check_sizes(
        max_touchpoints=max_touchpoints,
        max_pain_points=max_pain_points,
        max_opportunities=max_opportunities,
    )
    return _stages(
        list(channel_ids),
        list(persona_ids),
        ids,
        st.lists(_shapes(max_pain_points, max_opportunities), max_size=max_touchpoints),
        derive_ids,
    )


@st.composite
def _stages(
    draw: DrawFn,
    channel_ids: list[str],
    persona_ids: list[str],
    id_strategy: SearchStrategy[str] | None,
    layouts: SearchStrategy[list[_Shape]],
    derive_ids: bool,
) -> Stage:
    layout = draw(layouts)
    pool = draw(_id_pool(1 + sum(1 + p + o for p, o in layout), id_strategy, derive_ids))
    stage = _make_stage(draw, layout, pool)
    pain_ids = [p.id for tp in stage.touchpoints for p in tp.pain_points]
    refs = _References(channel_ids, persona_ids, pain_ids)
    return attrs.evolve(stage, touchpoints=tuple(refs.add_to(draw, tp) for tp in stage.touchpoints))


# -- flows and journeys ----------------------------------------------------------


def flows(touchpoint_ids: Sequence[str], *, max_size: int = 6) -> SearchStrategy[list[Flow]]:
    """Lists of valid :class:`~journeykit.Flow` between ``touchpoint_ids``.

    Unlike the other strategies this one draws a whole list, because a
    journey holds each (``from``, ``to``) pair at most once. Loops (a flow
    from a touchpoint to itself) are allowed, as in the format; counts are
    ``None`` or ≥ 0.

    Parameters
    ----------
    touchpoint_ids : sequence of str
        The touchpoints the flows run between; empty gives only ``[]``.
    max_size : int, default 6
        At most this many flows.

    Returns
    -------
    SearchStrategy[list[Flow]]

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from journeykit.testing import flows
    >>> @settings(max_examples=10, database=None)
    ... @given(flows(["a", "b"]))
    ... def test_flows(fs):
    ...     pairs = [(f.source, f.target) for f in fs]
    ...     assert len(set(pairs)) == len(pairs) <= 4
    ...     assert {end for pair in pairs for end in pair} <= {"a", "b"}
    >>> test_flows()
    """
    _check_sizes(max_size=max_size)
    unique_ids = _unique(touchpoint_ids)
    if not unique_ids or not max_size:
        return st.just([])
    ends = st.sampled_from(unique_ids)
    pairs = st.lists(
        st.tuples(ends, ends), unique=True, max_size=min(max_size, len(unique_ids) ** 2)
    )
    return _flows(pairs)


@st.composite
def _flows(draw: DrawFn, pairs: SearchStrategy[list[tuple[str, str]]]) -> list[Flow]:
    return [
        Flow(
            source=a,
            target=b,
            count=draw(_COUNT),
            duration=draw(st.none() | durations()),
            evidence=draw(_few(evidence(), 1)),
            ignore=draw(_IGNORE),
        )
        for a, b in draw(pairs)
    ]


def journeys(
    *,
    min_stages: int = 0,
    max_stages: int = 5,
    max_touchpoints: int = 8,
    max_personas: int = 3,
    max_channels: int = 3,
    max_pain_points: int = 2,
    max_opportunities: int = 2,
    max_flows: int = 6,
    ids: SearchStrategy[str] | None = None,
    derive_ids: bool = True,
) -> SearchStrategy[Journey]:
    """Valid :class:`~journeykit.Journey` of bounded size.

    Every rule of the format holds: ids are unique across the journey;
    touchpoint channels, the keys of ``emotions``, the pain points that
    opportunities address and the ends of flows all exist; each flow pair
    appears once. With ``derive_ids`` about a quarter of the ids are left
    empty when the journey is built, so the journey derives them (and may
    have to add ``-2`` to dodge an explicit id); references are drawn after
    that, so they point at derived ids too.

    Parameters
    ----------
    min_stages, max_stages : int, default 0 and 5
        How many stages.
    max_touchpoints : int, default 8
        At most this many touchpoints in the whole journey.
    max_personas, max_channels : int, default 3
        At most this many personas and channels.
    max_pain_points, max_opportunities : int, default 2
        At most this many per touchpoint.
    max_flows : int, default 6
        At most this many flows; 0 for journeys without flows.
    ids : SearchStrategy[str], optional
        Where ids come from (by default :func:`ids`); it must be able to
        produce as many distinct values as the journey has items.
    derive_ids : bool, default True
        Leave about a quarter of the ids empty for the journey to derive.

    Returns
    -------
    SearchStrategy[Journey]

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from journeykit.testing import journeys
    >>> @settings(max_examples=20)
    ... @given(journeys(min_stages=1, max_flows=0))
    ... def test_stage_of(journey):
    ...     for stage in journey.stages:
    ...         for tp in stage.touchpoints:
    ...             assert journey.stage_of(tp.id) == stage
    >>> test_stage_of()
    """
    _check_sizes(
        min_stages=min_stages,
        max_touchpoints=max_touchpoints,
        max_personas=max_personas,
        max_channels=max_channels,
        max_pain_points=max_pain_points,
        max_opportunities=max_opportunities,
        max_flows=max_flows,
    )
    if max_stages < min_stages:
        raise InvalidArgument(f"max_stages={max_stages!r} is below min_stages={min_stages!r}")
    return _journeys(
        st.integers(min_stages, max_stages),
        max_touchpoints,
        st.integers(0, max_personas),
        st.integers(0, max_channels),
        _shapes(max_pain_points, max_opportunities),
        max_flows,
        ids,
        derive_ids,
    )


@st.composite
def _journeys(
    draw: DrawFn,
    n_stages: SearchStrategy[int],
    max_touchpoints: int,
    n_personas: SearchStrategy[int],
    n_channels: SearchStrategy[int],
    shapes: SearchStrategy[_Shape],
    max_flows: int,
    id_strategy: SearchStrategy[str] | None,
    derive_ids: bool,
) -> Journey:
    personas, channels = draw(n_personas), draw(n_channels)
    layouts: list[list[_Shape]] = []
    budget = max_touchpoints
    for _ in range(draw(n_stages)):
        layout = draw(st.lists(shapes, max_size=budget))
        budget -= len(layout)
        layouts.append(layout)
    size = personas + channels + sum(1 + sum(1 + p + o for p, o in lay) for lay in layouts)
    pool = draw(_id_pool(size, id_strategy, derive_ids))

    # First without references, so that the journey derives the empty ids...
    base = Journey(
        title=draw(_NAME),
        objective=draw(_TEXT),
        scope=draw(_TEXT),
        updated=draw(_DATE),
        personas=tuple(_make_persona(draw, i) for i in pool.take(personas)),
        channels=tuple(_make_channel(draw, i) for i in pool.take(channels)),
        stages=tuple(_make_stage(draw, layout, pool) for layout in layouts),
        ignore=draw(_IGNORE),
    )
    # ...then references drawn among the ids as they now are.
    refs = _References(
        (ch.id for ch in base.channels),
        (p.id for p in base.personas),
        (p.id for p in base.pain_points),
    )
    new_stages = tuple(
        attrs.evolve(stage, touchpoints=tuple(refs.add_to(draw, tp) for tp in stage.touchpoints))
        for stage in base.stages
    )
    new_flows = draw(flows([tp.id for tp in base.touchpoints], max_size=max_flows))
    return base.evolve(stages=new_stages, flows=tuple(new_flows))


def looping_journeys(
    *, max_touchpoints: int = 8, max_flows: int = 10, counted: bool = True
) -> SearchStrategy[Journey]:
    """Valid journeys whose flows go round: at least one loop of flows customers took.

    A journey from :func:`journeys` with at least one touchpoint, and flows
    made of one cycle (of one to five touchpoints; a cycle of one is a flow
    from a touchpoint to itself) plus up to ``max_flows`` other flows
    between any of its touchpoints. The cycle's flows count at least one
    customer, so the loop is one customers took; the other flows may count
    0 (a way nobody took).

    Parameters
    ----------
    max_touchpoints : int, default 8
        At most this many touchpoints (at least one).
    max_flows : int, default 10
        At most this many flows besides the cycle.
    counted : bool, default True
        Every flow has a count; with ``False`` any flow may have none.

    Returns
    -------
    SearchStrategy[Journey]

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> import journeykit as jk
    >>> from journeykit.testing import looping_journeys
    >>> @settings(max_examples=20, deadline=None)
    ... @given(looping_journeys())
    ... def test_a_loop_is_found(journey):
    ...     assert jk.loops(journey)
    >>> test_a_loop_is_found()
    """
    _check_sizes(max_flows=max_flows)
    if max_touchpoints < 1:
        raise InvalidArgument(f"max_touchpoints={max_touchpoints!r} must be at least 1")
    base = journeys(
        min_stages=1,
        max_stages=3,
        max_touchpoints=max_touchpoints,
        max_personas=0,
        max_channels=1,
        max_pain_points=0,
        max_opportunities=0,
        max_flows=0,
    )
    taken: SearchStrategy[int | None] = st.integers(1, 10_000)
    counts: SearchStrategy[int | None] = st.integers(0, 10_000)
    if not counted:
        taken = st.none() | taken
        counts = st.none() | counts
    return _looping(base, max_flows, taken, counts)


@st.composite
def _looping(
    draw: DrawFn,
    base: SearchStrategy[Journey],
    max_flows: int,
    taken: SearchStrategy[int | None],
    counts: SearchStrategy[int | None],
) -> Journey:
    journey = draw(base)
    if not journey.touchpoints:
        # Put a touchpoint in the first stage; "loop-" keeps its id apart from the pool's.
        journey = journey.add_touchpoint(
            journey.stages[0].id, Touchpoint(id="loop-" + journey.stages[0].id, name="Loop")
        )
    touchpoint_ids = [tp.id for tp in journey.touchpoints]
    cycle = draw(
        st.lists(
            st.sampled_from(touchpoint_ids),
            min_size=1,
            max_size=min(5, len(touchpoint_ids)),
            unique=True,
        )
    )
    pairs = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
    new_flows = [Flow(source=a, target=b, count=draw(taken)) for a, b in pairs]
    ends = st.sampled_from(touchpoint_ids)
    for a, b in draw(st.lists(st.tuples(ends, ends), unique=True, max_size=max_flows)):
        if (a, b) not in pairs:
            new_flows.append(Flow(source=a, target=b, count=draw(counts)))
    order = draw(st.permutations(range(len(new_flows))))
    return journey.evolve(flows=tuple(new_flows[i] for i in order))


# -- event logs ----------------------------------------------------------------

_PAGES = (
    "Home",
    "Search",
    "Product page",
    "Cart",
    "Checkout",
    "Pay",
    "Help centre",
    "Store visit",
    "Call centre",
    "home",
)
# Mostly everyday names; sometimes any text, among them names ("Home", "home")
# that differ but give the same journey id.
_TOUCHPOINT_NAMES = _mostly(st.sampled_from(_PAGES), texts(12, allow_blank=False))
_CUSTOMER_IDS = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=3)
_LOG_START = datetime(2026, 3, 1)
_SECOND = 1_000_000
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE
# When a customer's first event happens, in microseconds after the start: a
# whole minute of the week, as most systems record times, or any microsecond.
_STARTS = st.one_of(
    st.integers(0, 7 * 24 * 60).map(lambda m: m * _MINUTE), st.integers(0, 7 * 24 * _HOUR)
)
# The time from one event of a customer to the next: seconds to days, so that
# a step may take less or more than any session gap; 0 is a tie.
_GAPS = st.one_of(
    st.integers(1, 59).map(lambda n: n * _SECOND),
    st.integers(1, 180).map(lambda n: n * _MINUTE),
    st.integers(1, 72).map(lambda n: n * _HOUR),
    st.integers(1, 10**9),
)
_GAPS_OR_TIES = st.one_of(st.just(0), _GAPS)


def _scores(on: scales.Scale) -> SearchStrategy[float | None]:
    whole = st.integers(int(on.low), int(on.high)).map(float)
    anywhere = st.floats(on.low, on.high, allow_nan=False)
    return st.one_of(whole, anywhere, st.none())


def event_logs(
    *,
    min_touchpoints: int = 2,
    max_touchpoints: int = 6,
    max_customers: int = 5,
    max_events: int = 30,
    ties: bool = True,
    duplicates: bool = False,
    sentiment: str | None = None,
) -> SearchStrategy[dict[str, list[Any]]]:
    """Event logs: the columns of an event table, as lists of equal length.

    Each row is an event: a ``customer`` (a short id) met a ``touchpoint``
    at a ``time`` (a naive :class:`~datetime.datetime` from 1 March 2026 on,
    often on a whole minute). A customer's events follow each other after
    seconds, minutes, hours or days, or at the same time. The rows come in
    no particular order. The touchpoints come from a small vocabulary, so
    that the same steps recur, customers return to a touchpoint and meet one
    twice in a row (a self-loop). Make a table with ``pandas.DataFrame(log)`` or
    ``polars.DataFrame(log)`` and give it to :func:`journeykit.events.discover`
    with ``case="customer", timestamp="time", touchpoint="touchpoint"``.

    Parameters
    ----------
    min_touchpoints, max_touchpoints : int, default 2 and 6
        The size of the vocabulary of touchpoint names (not every name need
        be met).
    max_customers : int, default 5
        At most this many customers (at least one).
    max_events : int, default 30
        At most this many events (at least one).
    ties : bool, default True
        Whether a customer may have several events at the same time, which
        only a tie rule can put in order.
    duplicates : bool, default False
        Whether an event may repeat another of the same customer at the
        same time and touchpoint, which journeykit refuses unless told to
        drop it. Without ``ties`` there are none either way.
    sentiment : {"csat", "likert", "nps", "valence"}, optional
        Add a ``sentiment`` column of scores on this scale
        (:mod:`journeykit.scales`): whole scores, any number on the scale,
        or ``None`` for an event without an answer.

    Returns
    -------
    SearchStrategy[dict[str, list]]
        The columns ``customer``, ``time``, ``touchpoint`` and, with
        ``sentiment``, ``sentiment``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from journeykit.testing import event_logs
    >>> @settings(max_examples=20)
    ... @given(event_logs(sentiment="csat", ties=False))
    ... def test_one_event_per_customer_and_time(log):
    ...     assert len({len(column) for column in log.values()}) == 1
    ...     assert len(set(zip(log["customer"], log["time"]))) == len(log["time"])
    ...     assert all(1 <= s <= 5 for s in log["sentiment"] if s is not None)
    >>> test_one_event_per_customer_and_time()
    """
    if not 1 <= min_touchpoints <= max_touchpoints:
        raise InvalidArgument(
            f"min_touchpoints={min_touchpoints!r} and max_touchpoints={max_touchpoints!r} "
            "must satisfy 1 <= min_touchpoints <= max_touchpoints"
        )
    for name, value in (("max_customers", max_customers), ("max_events", max_events)):
        if value < 1:
            raise InvalidArgument(f"{name}={value!r} must be at least 1")
    scores: SearchStrategy[float | None] | None = None
    if sentiment is not None:
        if sentiment not in scales.SCALES:
            known = ", ".join(repr(name) for name in scales.SCALES)
            raise InvalidArgument(f"sentiment={sentiment!r} is not one of {known}")
        scores = _scores(scales.SCALES[sentiment])
    return _event_logs(
        (min_touchpoints, max_touchpoints), max_customers, max_events, ties, duplicates, scores
    )


@st.composite
def _event_logs(
    draw: DrawFn,
    vocabulary: tuple[int, int],
    max_customers: int,
    max_events: int,
    ties: bool,
    duplicates: bool,
    scores: SearchStrategy[float | None] | None,
) -> dict[str, list[Any]]:
    names = draw(
        st.lists(_TOUCHPOINT_NAMES, min_size=vocabulary[0], max_size=vocabulary[1], unique=True)
    )
    customers = draw(st.lists(_CUSTOMER_IDS, min_size=1, max_size=max_customers, unique=True))
    # Each customer's path: steps of (time since the event before, touchpoint, score).
    step = st.tuples(
        _GAPS_OR_TIES if ties else _GAPS,
        st.integers(0, len(names) - 1),
        st.none() if scores is None else scores,
    )
    longest = max(1, max_events // len(customers))
    rows: list[tuple[str, int, str, float | None]] = []
    for customer in customers:
        at = draw(_STARTS)
        seen: set[tuple[int, int]] = set()
        for gap, point, score in draw(st.lists(step, min_size=1, max_size=longest)):
            at += gap if rows and rows[-1][0] == customer else 0
            if (at, point) in seen and not duplicates:
                at += _MINUTE  # not the same touchpoint at the same time again
            seen.add((at, point))
            rows.append((customer, at, names[point], score))
    rows = rows[:max_events]
    order = draw(st.permutations(range(len(rows))))
    log: dict[str, list[Any]] = {
        "customer": [rows[i][0] for i in order],
        "time": [_LOG_START + timedelta(microseconds=rows[i][1]) for i in order],
        "touchpoint": [rows[i][2] for i in order],
    }
    if scores is not None:
        log["sentiment"] = [rows[i][3] for i in order]
    return log
