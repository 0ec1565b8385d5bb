"""The journey model: small, frozen, validated value objects.

Every class checks its own fields when it is built and raises a
:class:`~journeykit.errors.ValidationError` listing every problem it found.
:class:`Journey` also checks what ties the parts together: unique ids and
references that resolve. It derives the ids left empty from names.

Nothing here does I/O; reading and writing files lives in
:mod:`journeykit.formats`.

The items the journey rules point at (the journey, stages, touchpoints,
pain points, opportunities, metrics, evidence and flows) have ``ignore``:
rule codes or prefixes whose findings on the item, and on what it holds,
:func:`journeykit.check` does not report (``docs/rules.md``, Suppressions).

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(
...     title="Buying a coffee maker",
...     channels=[jk.Channel(name="Website", kind="online")],
...     stages=[jk.Stage(name="Consideration", touchpoints=[
...         jk.Touchpoint(name="Compares models", channel="website", emotion=-0.4),
...     ])],
... )
>>> j.touchpoint("compares-models").emotion
-0.4
>>> j.stage_of("compares-models").name
'Consideration'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, Sequence, ValuesView
from datetime import date, datetime
from typing import Any, Literal, TypeVar

import attrs

from journeykit import _checks as c
from journeykit.errors import Problem, UnknownIdError, ValidationError

__all__ = [
    "CHANNEL_KINDS",
    "CLOSED_STATUSES",
    "COMMITTED_STATUSES",
    "LANES",
    "OPEN_STATUSES",
    "STATUSES",
    "Channel",
    "Duration",
    "Evidence",
    "Flow",
    "FrozenMap",
    "Journey",
    "Metric",
    "Opportunity",
    "PainPoint",
    "Period",
    "Persona",
    "Stage",
    "Touchpoint",
    "slugify",
]

ChannelKind = Literal["online", "offline"]
Lane = Literal["customer", "frontstage", "backstage", "support"]
Status = Literal["idea", "planned", "in-progress", "done", "dropped"]
Better = Literal["higher", "lower"]

CHANNEL_KINDS: tuple[ChannelKind, ...] = ("online", "offline")
LANES: tuple[Lane, ...] = ("customer", "frontstage", "backstage", "support")
STATUSES: tuple[Status, ...] = ("idea", "planned", "in-progress", "done", "dropped")
"""An opportunity's status, from first thought to its end."""
COMMITTED_STATUSES: tuple[Status, ...] = ("planned", "in-progress", "done")
"""Statuses of an opportunity someone has committed to: it counts as addressing
its pain points in hotspot scores. An ``idea`` is not yet anyone's work; a
``dropped`` opportunity is none."""
OPEN_STATUSES: tuple[Status, ...] = ("idea", "planned", "in-progress")
"""Statuses of an opportunity with work still ahead: the rules want it to have an
owner (JK202) and a pain point to address (JK203)."""
CLOSED_STATUSES: tuple[Status, ...] = ("done", "dropped")
"""Statuses of an opportunity that is over: done or given up. Every status is
either open or closed."""
BETTER: tuple[Better, ...] = ("higher", "lower")

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class FrozenMap(Mapping[K, V]):
    """An immutable, hashable mapping that keeps insertion order."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    # The inherited views go through __iter__ and __getitem__ one key at a
    # time; the dict's own read-only views are several times faster.
    def keys(self) -> KeysView[K]:
        """The keys, as a read-only view.

        Returns
        -------
        KeysView
        """
        return self._data.keys()

    def items(self) -> ItemsView[K, V]:
        """The (key, value) pairs, as a read-only view.

        Returns
        -------
        ItemsView
        """
        return self._data.items()

    def values(self) -> ValuesView[V]:
        """The values, as a read-only view.

        Returns
        -------
        ValuesView
        """
        return self._data.values()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


def _tuple(value: Sequence[T]) -> tuple[T, ...]:
    """Any sequence but text becomes a tuple; anything else is left for validation to report."""
    if isinstance(value, list | tuple) or (
        isinstance(value, Sequence) and not isinstance(value, str | bytes | bytearray)
    ):
        return tuple(value)
    return value  # type: ignore[return-value]


# One converter per item type: attrs' mypy plugin gives each __init__ argument
# the type of its converter's parameter (so `stages=[...]` takes any sequence
# of stages), and it reads only named, non-generic functions. A tuple, as
# read from a file, passes straight through.


def _texts(value: Sequence[str]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else _tuple(value)


def _evidence(value: Sequence[Evidence]) -> tuple[Evidence, ...]:
    return value if isinstance(value, tuple) else _tuple(value)


def _metrics(value: Sequence[Metric]) -> tuple[Metric, ...]:
    return value if isinstance(value, tuple) else _tuple(value)


def _pain_points(value: Sequence[PainPoint]) -> tuple[PainPoint, ...]:
    return value if isinstance(value, tuple) else _tuple(value)


def _opportunities(value: Sequence[Opportunity]) -> tuple[Opportunity, ...]:
    return value if isinstance(value, tuple) else _tuple(value)


def _touchpoints(value: Sequence[Touchpoint]) -> tuple[Touchpoint, ...]:
    return value if isinstance(value, tuple) else _tuple(value)


def _personas(value: Sequence[Persona]) -> tuple[Persona, ...]:
    return value if isinstance(value, tuple) else _tuple(value)


def _channels(value: Sequence[Channel]) -> tuple[Channel, ...]:
    return value if isinstance(value, tuple) else _tuple(value)


def _stages(value: Sequence[Stage]) -> tuple[Stage, ...]:
    return value if isinstance(value, tuple) else _tuple(value)


def _flows(value: Sequence[Flow]) -> tuple[Flow, ...]:
    return value if isinstance(value, tuple) else _tuple(value)


def _emotions(value: Mapping[str, float]) -> FrozenMap[str, float]:
    # A FrozenMap stays itself; what is not a mapping is left for validation to report.
    if isinstance(value, FrozenMap) or not isinstance(value, Mapping):
        return value
    return FrozenMap(value)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _check_id(value: Any, out: c.Problems) -> None:
    # An empty id is derived from the name by the journey; a blank one is a mistake.
    c.check_text(value, "id", out, empty=value == "")


def _check_evidence(values: Any, path: str, out: c.Problems) -> None:
    c.check_items(values, Evidence, path, out)


_SELECTOR = re.compile(r"\s*[A-Za-z]+[0-9]*\s*")


def _check_ignore(values: Any, out: c.Problems) -> None:
    """``ignore``: rule codes or prefixes whose findings on this item are not reported."""
    if not isinstance(values, tuple):
        out.append(Problem("ignore", f"expected a list of rule codes, got {c.show(values)}"))
        return
    for i, value in enumerate(values):
        if out.total and out.stopped():
            break
        if not isinstance(value, str) or not _SELECTOR.fullmatch(value):
            out.append(
                Problem(
                    f"ignore[{i}]",
                    f"{c.show(value)} is not a rule code or prefix (such as JK201 or JK2)",
                )
            )


class _Checked:
    """Runs the class's ``_problems`` after construction and raises if there are any.

    Its one slot, ``_read_at``, is where a reader in :mod:`journeykit.formats`
    notes the file position of the object it built. attrs leaves it out of
    equality, hashing, ``repr``, pickling, copies and :func:`attrs.evolve`,
    so a changed or rebuilt object never carries it.
    """

    __slots__ = ("_read_at",)

    def _problems(self) -> c.Problems:
        raise NotImplementedError

    def __attrs_post_init__(self) -> None:
        problems = self._problems()
        if problems:
            raise ValidationError(problems)


@attrs.frozen(kw_only=True)
class Period(_Checked):
    """The days a piece of evidence was gathered over, both included.

    Parameters
    ----------
    start, end : datetime.date or str
        The first and the last day (``YYYY-MM-DD`` text is read as a date);
        ``end`` is not before ``start``.

    Examples
    --------
    >>> import journeykit as jk
    >>> str(jk.Period(start="2026-10-01", end="2026-10-31"))
    '2026-10-01/2026-10-31'
    """

    start: date = attrs.field(converter=_date)
    end: date = attrs.field(converter=_date)

    def _problems(self) -> c.Problems:
        out = c.Problems()
        c.check_date(self.start, "start", out)
        c.check_date(self.end, "end", out)
        if not out and self.end < self.start:
            out.append(Problem("end", f"{self.end} is before the start, {self.start}"))
        return out

    def __str__(self) -> str:
        return f"{self.start}/{self.end}"


@attrs.frozen(kw_only=True)
class Evidence(_Checked):
    """Research or data that backs a claim on the map.

    ``sample_size`` counts the people, sessions or records it rests on;
    ``collected`` is when it was gathered, or ``period`` the days it covers
    (data such as an event log is gathered over a period).

    Parameters
    ----------
    source : str
        The kind of research: ``"survey"``, ``"interview"``, ``"analytics"``,
        ``"crm"``, ``"social listening"``, ``"user testing"``, ``"events"``…
    reference : str, optional
        Where to find it: a report, a study id, a dashboard.
    sample_size : int, optional
        The people, sessions or records it rests on (0 or more).
    collected : datetime.date or str, optional
        When it was gathered.
    period : Period, optional
        The days it covers, for data gathered over time.
    ignore : sequence of str, optional
        Rule codes or prefixes whose findings on this item are not reported.

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.Evidence(source="survey", reference="Q3 CSAT", sample_size=412).sample_size
    412
    """

    source: str
    reference: str = ""
    sample_size: int | None = None
    collected: date | None = attrs.field(default=None, converter=_date)
    period: Period | None = None
    ignore: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)

    def _problems(self) -> c.Problems:
        out = c.Problems()
        c.check_text(self.source, "source", out, empty=False)
        c.check_text(self.reference, "reference", out)
        if self.sample_size is not None:
            c.check_integer(self.sample_size, "sample_size", out, low=0)
        c.check_date(self.collected, "collected", out)
        if self.period is not None and not isinstance(self.period, Period):
            out.append(Problem("period", f"expected a Period, got {c.show(self.period)}"))
        _check_ignore(self.ignore, out)
        return out

    @property
    def last_day(self) -> date | None:
        """The newest day the evidence covers: the end of its period, else ``collected``."""
        if self.period is not None:
            return self.period.end
        return self.collected


@attrs.frozen(kw_only=True)
class Metric(_Checked):
    """A KPI measured on a stage or a touchpoint (CSAT, NPS, conversion…).

    Parameters
    ----------
    name : str
        What is measured.
    value : float, optional
        The measured value.
    target : float, optional
        The value aimed for.
    unit : str, optional
        The unit of ``value`` and ``target``: ``"ratio"``, ``"%"``, ``"EUR"``…
    better : {"higher", "lower"}
        Which direction is good; ``"higher"`` by default.
    evidence : sequence of Evidence, optional
        What the value rests on.
    ignore : sequence of str, optional
        Rule codes or prefixes whose findings on this item are not reported.

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.Metric(name="Conversion", value=0.18, target=0.25).on_target
    False
    """

    name: str
    value: float | None = None
    target: float | None = None
    unit: str = ""
    better: Better = "higher"
    evidence: tuple[Evidence, ...] = attrs.field(factory=tuple, converter=_evidence)
    ignore: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)

    def _problems(self) -> c.Problems:
        out = c.Problems()
        c.check_text(self.name, "name", out, empty=False)
        for field in ("value", "target"):
            if getattr(self, field) is not None:
                c.check_number(getattr(self, field), field, out)
        c.check_text(self.unit, "unit", out)
        c.check_choice(self.better, BETTER, "better", out)
        _check_evidence(self.evidence, "evidence", out)
        _check_ignore(self.ignore, out)
        return out

    @property
    def on_target(self) -> bool | None:
        """Whether the value meets its target (``None`` when either is missing)."""
        if self.value is None or self.target is None:
            return None
        if self.better == "higher":
            return self.value >= self.target
        return self.value <= self.target


@attrs.frozen(kw_only=True)
class PainPoint(_Checked):
    """Something that hurts the customer at a touchpoint.

    Parameters
    ----------
    id : str, optional
        Unique across the journey; derived from ``description`` when empty.
    description : str
        What hurts.
    severity : int
        How much, from 1 (a nuisance) to 5 (makes customers give up).
    evidence : sequence of Evidence, optional
        What shows it is real.
    ignore : sequence of str, optional
        Rule codes or prefixes whose findings on this item are not reported.

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.PainPoint(description="Too much jargon", severity=4).severity
    4
    """

    id: str = ""
    description: str
    severity: int
    evidence: tuple[Evidence, ...] = attrs.field(factory=tuple, converter=_evidence)
    ignore: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)

    def _problems(self) -> c.Problems:
        out = c.Problems()
        _check_id(self.id, out)
        c.check_text(self.description, "description", out, empty=False)
        c.check_integer(self.severity, "severity", out, low=1, high=5)
        _check_evidence(self.evidence, "evidence", out)
        _check_ignore(self.ignore, out)
        return out


@attrs.frozen(kw_only=True)
class Opportunity(_Checked):
    """Something the business can do, usually about one or more pain points.

    Parameters
    ----------
    id : str, optional
        Unique across the journey; derived from ``description`` when empty.
    description : str
        What could be done.
    addresses : sequence of str, optional
        The ids of the pain points it would relieve.
    owner : str, optional
        Who is responsible for it.
    impact, effort : int, optional
        From 1 (low) to 5 (high).
    status : str
        One of :data:`~journeykit.model.STATUSES`; ``"idea"`` by default.
    ignore : sequence of str, optional
        Rule codes or prefixes whose findings on this item are not reported.

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.Opportunity(description="A comparison table", impact=4, effort=2).status
    'idea'
    """

    id: str = ""
    description: str
    addresses: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    owner: str | None = None
    impact: int | None = None
    effort: int | None = None
    status: Status = "idea"
    ignore: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)

    def _problems(self) -> c.Problems:
        out = c.Problems()
        _check_id(self.id, out)
        c.check_text(self.description, "description", out, empty=False)
        c.check_texts(self.addresses, "addresses", out)
        c.check_optional_text(self.owner, "owner", out)
        for field in ("impact", "effort"):
            if getattr(self, field) is not None:
                c.check_integer(getattr(self, field), field, out, low=1, high=5)
        c.check_choice(self.status, STATUSES, "status", out)
        _check_ignore(self.ignore, out)
        return out


@attrs.frozen(kw_only=True)
class Touchpoint(_Checked):
    """A moment where the customer meets the business, on one channel.

    Parameters
    ----------
    id : str, optional
        Unique across the journey; derived from ``name`` when empty.
    name : str
        What happens, from the customer's side: "Compares models".
    channel : str, optional
        The id of the journey's channel it happens on.
    lane : {"customer", "frontstage", "backstage", "support"}, optional
        Its service-blueprint lane.
    actions, motivations, questions, thoughts : sequence of str, optional
        What the customer does, wants, asks and thinks here.
    emotion : float, optional
        How the customer feels here, from -1 (very negative) through 0 to 1.
    emotions : mapping of str to float, optional
        The emotion of each persona (by id), each in [-1, 1].
    pain_points : sequence of PainPoint, optional
        What hurts here.
    opportunities : sequence of Opportunity, optional
        What the business could do here.
    evidence : sequence of Evidence, optional
        What backs the emotion and the observations.
    metrics : sequence of Metric, optional
        KPIs measured here.
    reach : int, optional
        How many customers reach the touchpoint.
    entries, exits : int, optional
        How many customers begin, and end, their journey here; each at most
        ``reach``.
    ignore : sequence of str, optional
        Rule codes or prefixes whose findings on this item are not reported.

    Examples
    --------
    >>> import journeykit as jk
    >>> tp = jk.Touchpoint(name="Compares models", emotion=-0.4, emotions={"parent": -0.6})
    >>> tp.emotion_of("parent"), tp.emotion_of("student")
    (-0.6, -0.4)
    """

    id: str = ""
    name: str
    channel: str | None = None
    lane: Lane | None = None
    actions: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    motivations: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    questions: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    thoughts: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    emotion: float | None = None
    emotions: FrozenMap[str, float] = attrs.field(factory=FrozenMap, converter=_emotions)
    pain_points: tuple[PainPoint, ...] = attrs.field(factory=tuple, converter=_pain_points)
    opportunities: tuple[Opportunity, ...] = attrs.field(factory=tuple, converter=_opportunities)
    evidence: tuple[Evidence, ...] = attrs.field(factory=tuple, converter=_evidence)
    metrics: tuple[Metric, ...] = attrs.field(factory=tuple, converter=_metrics)
    reach: int | None = None
    entries: int | None = None
    exits: int | None = None
    ignore: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)

    def _problems(self) -> c.Problems:
        out = c.Problems()
        _check_id(self.id, out)
        c.check_text(self.name, "name", out, empty=False)
        c.check_optional_text(self.channel, "channel", out)
        if self.lane is not None:
            c.check_choice(self.lane, LANES, "lane", out)
        for field in ("actions", "motivations", "questions", "thoughts"):
            c.check_texts(getattr(self, field), field, out)
        if self.emotion is not None:
            c.check_number(self.emotion, "emotion", out, low=-1, high=1)
        if not isinstance(self.emotions, FrozenMap):
            out.append(Problem("emotions", f"expected a mapping, got {c.show(self.emotions)}"))
        else:
            for key, value in self.emotions.items():
                if out.total and out.stopped():
                    break
                c.check_text(key, "emotions", out, empty=False)
                c.check_number(value, f"emotions.{c.key_step(key)}", out, low=-1, high=1)
        c.check_items(self.pain_points, PainPoint, "pain_points", out)
        c.check_items(self.opportunities, Opportunity, "opportunities", out)
        _check_evidence(self.evidence, "evidence", out)
        c.check_items(self.metrics, Metric, "metrics", out)
        counts_ok = True
        for field in ("reach", "entries", "exits"):
            value = getattr(self, field)
            if value is not None:
                before = out.total
                c.check_integer(value, field, out, low=0)
                counts_ok = counts_ok and out.total == before
        if counts_ok and self.reach is not None:
            # Every customer who starts or ends here has reached the touchpoint.
            for field in ("entries", "exits"):
                value = getattr(self, field)
                if value is not None and value > self.reach:
                    out.append(Problem(field, f"{value} is more than the reach ({self.reach})"))
        _check_ignore(self.ignore, out)
        return out

    def emotion_of(self, persona: str | None = None) -> float | None:
        """The emotion felt here by ``persona``, falling back to :attr:`emotion`.

        Parameters
        ----------
        persona : str, optional
            A persona's id; ``None`` asks for the overall emotion.

        Returns
        -------
        float or None
            The persona's emotion if the touchpoint has one, else the
            overall ``emotion`` (``None`` when that is not known either).
        """
        if persona is not None and persona in self.emotions:
            return self.emotions[persona]
        return self.emotion


@attrs.frozen(kw_only=True)
class Stage(_Checked):
    """A phase of the journey (awareness, consideration, purchase…).

    Parameters
    ----------
    id : str, optional
        Unique across the journey; derived from ``name`` when empty.
    name : str
        The stage's name.
    goal : str, optional
        What the customer wants from this stage.
    touchpoints : sequence of Touchpoint, optional
        Its touchpoints, in order.
    metrics : sequence of Metric, optional
        KPIs measured over the stage.
    ignore : sequence of str, optional
        Rule codes or prefixes whose findings on this item are not reported.

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.Stage(name="Consideration", touchpoints=[jk.Touchpoint(name="Compares")]).name
    'Consideration'
    """

    id: str = ""
    name: str
    goal: str = ""
    touchpoints: tuple[Touchpoint, ...] = attrs.field(factory=tuple, converter=_touchpoints)
    metrics: tuple[Metric, ...] = attrs.field(factory=tuple, converter=_metrics)
    ignore: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)

    def _problems(self) -> c.Problems:
        out = c.Problems()
        _check_id(self.id, out)
        c.check_text(self.name, "name", out, empty=False)
        c.check_text(self.goal, "goal", out)
        c.check_items(self.touchpoints, Touchpoint, "touchpoints", out)
        c.check_items(self.metrics, Metric, "metrics", out)
        _check_ignore(self.ignore, out)
        return out


@attrs.frozen(kw_only=True)
class Persona(_Checked):
    """A customer archetype the journey is drawn for.

    Parameters
    ----------
    id : str, optional
        Unique across the journey; derived from ``name`` when empty.
    name : str
        The persona's name: "Busy parent".
    description : str, optional
        Who they are.
    segment : str, optional
        The customer segment the persona stands for.
    goals, motivations, frustrations : sequence of str, optional
        What they want, what drives them and what gets in their way.
    quote : str, optional
        A line in the persona's own words.

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.Persona(name="Busy parent", goals=["A good coffee before school"]).goals
    ('A good coffee before school',)
    """

    id: str = ""
    name: str
    description: str = ""
    segment: str = ""
    goals: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    motivations: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    frustrations: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)
    quote: str = ""

    def _problems(self) -> c.Problems:
        out = c.Problems()
        _check_id(self.id, out)
        c.check_text(self.name, "name", out, empty=False)
        for field in ("description", "segment", "quote"):
            c.check_text(getattr(self, field), field, out)
        for field in ("goals", "motivations", "frustrations"):
            c.check_texts(getattr(self, field), field, out)
        return out


@attrs.frozen(kw_only=True)
class Channel(_Checked):
    """Where a touchpoint happens: a website, email, a store, the phone…

    Parameters
    ----------
    id : str, optional
        Unique across the journey; derived from ``name`` when empty.
    name : str
        The channel's name.
    kind : {"online", "offline"}
        Whether it is digital or physical.

    Examples
    --------
    >>> import journeykit as jk
    >>> stage = jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="T", channel="website")])
    >>> j = jk.Journey(title="J", channels=[jk.Channel(name="Website", kind="online")],
    ...                stages=[stage])
    >>> j.channel("website").kind
    'online'
    """

    id: str = ""
    name: str
    kind: ChannelKind

    def _problems(self) -> c.Problems:
        out = c.Problems()
        _check_id(self.id, out)
        c.check_text(self.name, "name", out, empty=False)
        c.check_choice(self.kind, CHANNEL_KINDS, "kind", out)
        return out


@attrs.frozen(kw_only=True)
class Duration(_Checked):
    """How long customers take to go along a flow, in seconds.

    Durations observed in event data are summarised by their ``mean``,
    ``median`` and 90th percentile ``p90``; see :mod:`journeykit.events`
    for how precisely each is known.

    Parameters
    ----------
    mean, median, p90 : float
        Seconds, 0 or more; the median is at most the p90.

    Examples
    --------
    >>> import journeykit as jk
    >>> jk.Duration(mean=95.0, median=60.0, p90=240.0).p90
    240.0
    """

    mean: float
    median: float
    p90: float

    def _problems(self) -> c.Problems:
        out = c.Problems()
        for field in ("mean", "median", "p90"):
            c.check_number(getattr(self, field), field, out, low=0)
        if not out and self.median > self.p90:
            out.append(Problem("p90", f"{self.p90:g} is below the median ({self.median:g})"))
        return out


@attrs.frozen(kw_only=True)
class Flow(_Checked):
    """Customers moving from one touchpoint to another: ``source`` → ``target``.

    ``count`` is how many times customers went this way; ``duration``, how
    long they took; ``evidence``, what the count and duration rest on.

    In files the two ends are ``from`` and ``to``; ``from`` is a Python
    keyword, so here they are ``source`` and ``target``. Every other field
    has the same name in both, and :func:`~journeykit.from_dict` and
    :func:`~journeykit.to_dict` translate; problems are reported with the
    file's names (``flows[0].from``).

    Parameters
    ----------
    source, target : str
        The ids of the touchpoints customers go from and to.
    count : int, optional
        How many times customers went this way (0 or more).
    duration : Duration, optional
        How long they took.
    evidence : sequence of Evidence, optional
        What the count and duration rest on.
    ignore : sequence of str, optional
        Rule codes or prefixes whose findings on this item are not reported.

    Examples
    --------
    >>> import journeykit as jk
    >>> stage = jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="Compare"),
    ...                                         jk.Touchpoint(name="Buy")])
    >>> flow = jk.Flow(source="compare", target="buy", count=120)
    >>> jk.to_dict(jk.Journey(title="T", stages=[stage], flows=[flow]))["flows"]
    [{'from': 'compare', 'to': 'buy', 'count': 120}]
    """

    source: str
    target: str
    count: int | None = None
    duration: Duration | None = None
    evidence: tuple[Evidence, ...] = attrs.field(factory=tuple, converter=_evidence)
    ignore: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)

    def _problems(self) -> c.Problems:
        out = c.Problems()
        c.check_text(self.source, "from", out, empty=False)
        c.check_text(self.target, "to", out, empty=False)
        if self.count is not None:
            c.check_integer(self.count, "count", out, low=0)
        if self.duration is not None and not isinstance(self.duration, Duration):
            out.append(Problem("duration", f"expected a Duration, got {c.show(self.duration)}"))
        _check_evidence(self.evidence, "evidence", out)
        _check_ignore(self.ignore, out)
        return out


_SLUG_MAX = 48
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str, fallback: str = "item") -> str:
    """The id derived from a name: lower-case ASCII words joined by ``-``.

    The text is normalised (NFKC) and transliterated to ASCII with
    `anyascii <https://github.com/anyascii/anyascii>`_, so a name in any
    script keeps its words: Cyrillic, Greek, Arabic or Devanagari by their
    sounds, Chinese and Japanese kanji by their pinyin readings, emoji by
    their short names. The runs of ASCII letters and digits that remain are
    lower-cased and joined by ``-``, up to 48 characters, cut after a whole
    word (a first word longer than that is cut at 48).

    A text with no letter or digit even then (punctuation, most symbols)
    gives ``fallback``, ``-`` and 8 hexadecimal characters of a BLAKE2b
    hash of the NFC-normalised text. So different texts of that kind get
    different slugs (but for a 1 in 4 billion chance, which a journey still
    resolves), and a text gets the same slug in every process.

    Parameters
    ----------
    text : str
        A name or description.
    fallback : str, default "item"
        Where the slug of a text without letters or digits starts; itself
        a slug (such as ``"pain-point"``).

    Returns
    -------
    str
        A non-empty string of ``a``–``z``, ``0``–``9`` and single inner
        ``-``; at most 48 characters, or ``len(fallback) + 9`` for a
        fallback.

    Raises
    ------
    ValidationError
        ``text`` is not a string, or ``fallback`` is not a slug.

    Examples
    --------
    >>> slugify("Compares models on the Website!")
    'compares-models-on-the-website'
    >>> slugify("Café crème")
    'cafe-creme'
    >>> slugify("Открытие счёта")
    'otkrytie-scheta'
    >>> slugify("¿?", fallback="stage")
    'stage-f58ef4ee'
    """
    problems = c.Problems()
    if not isinstance(text, str):
        problems.append(Problem("text", f"expected a string, got {c.show(text)}"))
    if not (isinstance(fallback, str) and _SLUG.fullmatch(fallback)):
        problems.append(Problem("fallback", f"{c.show(fallback)} is not a slug"))
    if problems:
        raise ValidationError(problems)
    words = re.findall(r"[a-z0-9]+", _to_ascii(text[:1000]).lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > _SLUG_MAX:
            slug = slug or word[:_SLUG_MAX]
            break
        slug = candidate
    return slug or f"{fallback}-{_digest(text)}"


def _to_ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    if folded.isascii():
        return folded
    # Imported on first use: anyascii brings in importlib.resources, which
    # would make `import journeykit` noticeably slower for every user.
    from anyascii import anyascii

    return anyascii(folded)


def _digest(text: str) -> str:
    """8 hex characters standing for ``text``, the same in every process.

    Not :func:`hash`, which is salted per process.
    """
    import hashlib

    data = unicodedata.normalize("NFC", text).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=4).hexdigest()


@attrs.frozen(kw_only=True, repr=False)
class Journey(_Checked):
    """A customer journey map: personas, channels, stages of touchpoints, flows.

    Building a journey checks every rule of the format and derives the ids
    left empty. Journeys are immutable: :meth:`evolve` and the ``replace_*``
    helpers return new, re-validated journeys.

    Parameters
    ----------
    title : str
        The name of the journey map.
    objective : str, optional
        What the map is for: the question it should help answer.
    scope : str, optional
        Which part of the customer relationship it covers, and what not.
    updated : datetime.date or str, optional
        When the map was last brought up to date.
    personas : sequence of Persona, optional
        The customer archetypes it is drawn for.
    channels : sequence of Channel, optional
        Where its touchpoints happen.
    stages : sequence of Stage, optional
        Its phases, in journey order.
    flows : sequence of Flow, optional
        How customers move between touchpoints; without flows they go from
        touchpoint to touchpoint in stage order.
    ignore : sequence of str, optional
        Rule codes or prefixes whose findings are not reported.

    Raises
    ------
    ValidationError
        Every problem found, each with its path
        (``stages[0].touchpoints[1].emotion``).

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="Buying", stages=[
    ...     jk.Stage(name="Consideration", touchpoints=[jk.Touchpoint(name="Compares")])])
    >>> j.touchpoint("compares").name
    'Compares'
    >>> j.replace_touchpoint("compares", emotion=-0.4).touchpoint("compares").emotion
    -0.4
    """

    title: str
    objective: str = ""
    scope: str = ""
    updated: date | None = attrs.field(default=None, converter=_date)
    personas: tuple[Persona, ...] = attrs.field(factory=tuple, converter=_personas)
    channels: tuple[Channel, ...] = attrs.field(factory=tuple, converter=_channels)
    stages: tuple[Stage, ...] = attrs.field(factory=tuple, converter=_stages)
    flows: tuple[Flow, ...] = attrs.field(factory=tuple, converter=_flows)
    ignore: tuple[str, ...] = attrs.field(factory=tuple, converter=_texts)

    def _problems(self) -> c.Problems:
        out = c.Problems()
        c.check_text(self.title, "title", out, empty=False)
        c.check_text(self.objective, "objective", out)
        c.check_text(self.scope, "scope", out)
        c.check_date(self.updated, "updated", out)
        for name, kind in _PARTS:
            c.check_items(getattr(self, name), kind, name, out)
        _check_ignore(self.ignore, out)
        return out

    def __attrs_post_init__(self) -> None:
        out = self._problems()
        parts_ok = all(
            isinstance(items, tuple) and all(isinstance(item, kind) for item in items)
            for items, kind in ((getattr(self, name), kind) for name, kind in _PARTS)
        )
        if parts_ok:
            _assign_ids(self)
            out += _reference_problems(self)
        if out:
            raise ValidationError(out)

    # -- lookups -----------------------------------------------------------

    @functools.cached_property
    def _index(self) -> dict[str, tuple[str, Any]]:
        index: dict[str, tuple[str, Any]] = {}
        for kind, item, _ in _walk(self):
            index[item.id] = (kind, item)
        return index

    @functools.cached_property
    def _stage_of(self) -> dict[str, Stage]:
        return {tp.id: stage for stage in self.stages for tp in stage.touchpoints}

    @property
    def touchpoints(self) -> tuple[Touchpoint, ...]:
        """Every touchpoint, in stage order."""
        return tuple(tp for stage in self.stages for tp in stage.touchpoints)

    @property
    def pain_points(self) -> tuple[PainPoint, ...]:
        """Every pain point, in journey order."""
        return tuple(p for tp in self.touchpoints for p in tp.pain_points)

    @property
    def opportunities(self) -> tuple[Opportunity, ...]:
        """Every opportunity, in journey order."""
        return tuple(o for tp in self.touchpoints for o in tp.opportunities)

    def _lookup(self, kind: str, id: str) -> Any:
        found = self._index.get(id) if isinstance(id, str) else None
        if found is None or found[0] != kind:
            known = [k for k, (kk, _) in self._index.items() if kk == kind]
            raise UnknownIdError(f"no {kind} with id {c.show(id)}{c.suggest(str(id), known)}")
        return found[1]

    def touchpoint(self, id: str) -> Touchpoint:
        """The touchpoint with this id.

        Parameters
        ----------
        id : str
            The touchpoint's id.

        Returns
        -------
        Touchpoint

        Raises
        ------
        UnknownIdError
            No touchpoint has this id (the message suggests the closest one).
        """
        return self._lookup("touchpoint", id)  # type: ignore[no-any-return]

    def stage(self, id: str) -> Stage:
        """The stage with this id.

        Parameters
        ----------
        id : str
            The stage's id.

        Returns
        -------
        Stage

        Raises
        ------
        UnknownIdError
            No stage has this id (the message suggests the closest one).
        """
        return self._lookup("stage", id)  # type: ignore[no-any-return]

    def persona(self, id: str) -> Persona:
        """The persona with this id.

        Parameters
        ----------
        id : str
            The persona's id.

        Returns
        -------
        Persona

        Raises
        ------
        UnknownIdError
            No persona has this id (the message suggests the closest one).
        """
        return self._lookup("persona", id)  # type: ignore[no-any-return]

    def channel(self, id: str) -> Channel:
        """The channel with this id.

        Parameters
        ----------
        id : str
            The channel's id.

        Returns
        -------
        Channel

        Raises
        ------
        UnknownIdError
            No channel has this id (the message suggests the closest one).
        """
        return self._lookup("channel", id)  # type: ignore[no-any-return]

    def pain_point(self, id: str) -> PainPoint:
        """The pain point with this id.

        Parameters
        ----------
        id : str
            The pain point's id.

        Returns
        -------
        PainPoint

        Raises
        ------
        UnknownIdError
            No pain point has this id (the message suggests the closest one).
        """
        return self._lookup("pain point", id)  # type: ignore[no-any-return]

    def opportunity(self, id: str) -> Opportunity:
        """The opportunity with this id.

        Parameters
        ----------
        id : str
            The opportunity's id.

        Returns
        -------
        Opportunity

        Raises
        ------
        UnknownIdError
            No opportunity has this id (the message suggests the closest one).
        """
        return self._lookup("opportunity", id)  # type: ignore[no-any-return]

    def stage_of(self, touchpoint: str | Touchpoint) -> Stage:
        """The stage that holds a touchpoint.

        Parameters
        ----------
        touchpoint : str or Touchpoint
            The touchpoint, or its id.

        Returns
        -------
        Stage

        Raises
        ------
        UnknownIdError
            The journey has no touchpoint with that id.
        """
        id = touchpoint.id if isinstance(touchpoint, Touchpoint) else touchpoint
        self.touchpoint(id)
        return self._stage_of[id]

    # -- display -------------------------------------------------------------

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter shows a journey as its map."""
        from journeykit._display import mimebundle

        return mimebundle(self, "map")

    def __repr__(self) -> str:
        touchpoints = sum(len(s.touchpoints) for s in self.stages)
        return (
            f"<Journey {c.show(self.title)}: {len(self.personas)} personas, "
            f"{len(self.stages)} stages, {touchpoints} touchpoints>"
        )

    # -- new versions --------------------------------------------------------

    def evolve(self, **changes: Any) -> Journey:
        """A copy with ``changes`` applied, validated like a new journey.

        Parameters
        ----------
        **changes
            New values of fields: ``title="…"``, ``stages=[…]``…

        Returns
        -------
        Journey

        Raises
        ------
        ValidationError
            An unknown field, or a journey that breaks a rule of the format.
        """
        return _evolve(self, changes)

    def replace_stage(self, id: str, /, **changes: Any) -> Journey:
        """A copy with the stage ``id`` changed.

        Parameters
        ----------
        id : str
            The stage's id.
        **changes
            New values of the stage's fields: ``name="…"``, ``touchpoints=[…]``…

        Returns
        -------
        Journey
        """
        target = self.stage(id)
        stages = tuple(_evolve(s, changes) if s is target else s for s in self.stages)
        return self.evolve(stages=stages)

    def replace_touchpoint(self, id: str, /, **changes: Any) -> Journey:
        """A copy with the touchpoint ``id`` changed.

        Parameters
        ----------
        id : str
            The touchpoint's id.
        **changes
            New values of the touchpoint's fields: ``emotion=0.2``…

        Returns
        -------
        Journey

        Examples
        --------
        >>> import journeykit as jk
        >>> j = jk.Journey(title="J", stages=[jk.Stage(name="S", touchpoints=[
        ...     jk.Touchpoint(name="Buys", emotion=0.1)])])
        >>> j.replace_touchpoint("buys", emotion=0.5).touchpoint("buys").emotion
        0.5
        """
        stage = self.stage_of(id)
        touchpoints = tuple(_evolve(tp, changes) if tp.id == id else tp for tp in stage.touchpoints)
        return self.replace_stage(stage.id, touchpoints=touchpoints)

    def add_touchpoint(
        self, stage: str, touchpoint: Touchpoint, index: int | None = None
    ) -> Journey:
        """A copy with ``touchpoint`` inserted into ``stage``.

        Parameters
        ----------
        stage : str
            The stage's id.
        touchpoint : Touchpoint
            The touchpoint to add.
        index : int, optional
            Its place among the stage's touchpoints; at the end by default.

        Returns
        -------
        Journey
        """
        touchpoints = list(self.stage(stage).touchpoints)
        touchpoints.insert(len(touchpoints) if index is None else index, touchpoint)
        return self.replace_stage(stage, touchpoints=touchpoints)

    def remove_touchpoint(self, id: str) -> Journey:
        """A copy without the touchpoint ``id`` and without the flows through it.

        Parameters
        ----------
        id : str
            The touchpoint's id.

        Returns
        -------
        Journey
        """
        stage = self.stage_of(id)
        touchpoints = tuple(tp for tp in stage.touchpoints if tp.id != id)
        stages = tuple(
            attrs.evolve(s, touchpoints=touchpoints) if s is stage else s for s in self.stages
        )
        flows = tuple(f for f in self.flows if id not in (f.source, f.target))
        return self.evolve(stages=stages, flows=flows)


def _evolve(item: T, changes: dict[str, Any]) -> T:
    """``attrs.evolve`` that names an unknown field instead of raising TypeError."""
    known = [f.name for f in attrs.fields(type(item))]  # type: ignore[arg-type]
    unknown = [name for name in changes if name not in known]
    if unknown:
        raise ValidationError(
            Problem(name, f"unknown field{c.suggest(name, known)}") for name in unknown
        )
    return attrs.evolve(item, **changes)  # type: ignore[misc]


_PARTS: tuple[tuple[str, type], ...] = (
    ("personas", Persona),
    ("channels", Channel),
    ("stages", Stage),
    ("flows", Flow),
)

_Walked = tuple[str, Any, str]


def _walk(journey: Journey) -> Iterator[_Walked]:
    """Every item with an id, as (kind, item, path), in document order."""
    for i, persona in enumerate(journey.personas):
        yield "persona", persona, f"personas[{i}]"
    for i, channel in enumerate(journey.channels):
        yield "channel", channel, f"channels[{i}]"
    for s, stage in enumerate(journey.stages):
        yield "stage", stage, f"stages[{s}]"
        for t, tp in enumerate(stage.touchpoints):
            path = f"stages[{s}].touchpoints[{t}]"
            yield "touchpoint", tp, path
            for p, pain in enumerate(tp.pain_points):
                yield "pain point", pain, f"{path}.pain_points[{p}]"
            for o, opp in enumerate(tp.opportunities):
                yield "opportunity", opp, f"{path}.opportunities[{o}]"


_Name = tuple[str, str]
"""A name as ``_assign_ids`` sees it: (its slug, the NFC-normalised name)."""


def _assign_ids(journey: Journey) -> None:
    """Give every item left without an id one derived from its name.

    The rule, which docs/format.md gives users too:

    1. An item's *name* is its ``name`` (the ``description`` of a pain point
       or an opportunity), NFC-normalised; its slug is :func:`slugify` of
       it, with the item's kind as the fallback. (So a stage and a
       touchpoint both named "★" have two names: their slugs differ.)
    2. Each name gets a *stem* (see :func:`_stems`): its slug, unless other
       names share that slug. Then the shortest of them (the first by code
       point among equally long ones) keeps the slug, and each other one
       gets the slug, ``-`` and 8 hex characters of a hash of the name.
    3. The items of one name take, in document order, the first of
       ``stem``, ``stem-2``, ``stem-3``… that is not an explicit id, not
       another name's stem and not given already.

    So an item's id depends on its own name, on how many items of the same
    name come before it, on the explicit ids and on which names share its
    slug; never on where items of other names stand. Only items of one
    name are told apart by their order, since nothing else tells them
    apart. Explicit ids are never changed. Inserting an item changes the id
    of an item with another name only when the two share a slug and the new
    name is the shortest, or the new stem is a numbered id of the other.
    """
    explicit: set[str] = set()
    pending: list[tuple[str, _Name]] = []
    for kind, item, path in _walk(journey):
        if item.id:
            explicit.add(item.id)
        else:
            label = str(getattr(item, "name", None) or getattr(item, "description", ""))
            slug = slugify(label, fallback=kind.replace(" ", "-"))
            pending.append((path, (slug, unicodedata.normalize("NFC", label))))
    if not pending:
        return
    stems = _stems({name for _, name in pending})
    taken = explicit | set(stems.values())
    next_number: dict[_Name, int] = {}
    derived: dict[str, str] = {}
    for path, name in pending:
        stem = stems[name]
        n = next_number.get(name)
        if n is None and stem not in explicit:
            derived[path], next_number[name] = stem, 2
            continue
        n = n or 2
        while f"{stem}-{n}" in taken:
            n += 1
        derived[path], next_number[name] = f"{stem}-{n}", n + 1
        taken.add(derived[path])

    # By path, not by object: one frozen item may stand in two places. An item
    # whose id and parts are unchanged stays the very same object (which keeps,
    # for one, where it was read from a file).
    def named(item: T, path: str, **parts: tuple[Any, ...]) -> T:
        changes: dict[str, Any] = {
            name: value for name, value in parts.items() if not _same(value, getattr(item, name))
        }
        new = derived.get(path)
        if new:
            changes["id"] = new
        return attrs.evolve(item, **changes) if changes else item  # type: ignore[misc]

    stages = []
    for s, stage in enumerate(journey.stages):
        touchpoints = []
        for t, tp in enumerate(stage.touchpoints):
            at = f"stages[{s}].touchpoints[{t}]"
            pains = tuple(named(p, f"{at}.pain_points[{i}]") for i, p in enumerate(tp.pain_points))
            opps = tuple(
                named(o, f"{at}.opportunities[{i}]") for i, o in enumerate(tp.opportunities)
            )
            touchpoints.append(named(tp, at, pain_points=pains, opportunities=opps))
        stages.append(named(stage, f"stages[{s}]", touchpoints=tuple(touchpoints)))
    personas = tuple(named(p, f"personas[{i}]") for i, p in enumerate(journey.personas))
    channels = tuple(named(ch, f"channels[{i}]") for i, ch in enumerate(journey.channels))
    object.__setattr__(journey, "personas", personas)
    object.__setattr__(journey, "channels", channels)
    object.__setattr__(journey, "stages", tuple(stages))


def _same(these: tuple[Any, ...], those: tuple[Any, ...]) -> bool:
    """Whether two tuples hold the very same objects."""
    return len(these) == len(those) and all(a is b for a, b in zip(these, those, strict=True))


def _rank(name: _Name) -> tuple[int, str]:
    """Shorter names first, then by code point."""
    return len(name[1]), name[1]


def _stems(names: set[_Name]) -> dict[_Name, str]:
    """Rule 2 of :func:`_assign_ids`: the stem of each name, whatever the order of the items.

    Two stems can still coincide (a hash collision, or a name that reads
    like another one's slug and hash). Then the first of the names, bare
    stems before hashed ones and then by :func:`_rank`, keeps it, and the
    others get ``-2``, ``-3``….
    """
    first: dict[str, _Name] = {}
    for name in names:
        holder = first.get(name[0])
        if holder is None or _rank(name) < _rank(holder):
            first[name[0]] = name
    wanted = {
        name: name[0] if first[name[0]] == name else f"{name[0]}-{_digest(name[1])}"
        for name in names
    }
    stems: dict[_Name, str] = {}
    used: set[str] = set()
    for name in sorted(names, key=lambda name: (wanted[name] != name[0], _rank(name), name[0])):
        stem, n = wanted[name], 1
        while stem in used:
            n += 1
            stem = f"{wanted[name]}-{n}"
        used.add(stem)
        stems[name] = stem
    return stems


def _reference_problems(journey: Journey) -> c.Problems:
    out = c.Problems()
    first: dict[str, str] = {}
    for _, item, path in _walk(journey):
        if out.total and out.stopped():
            return out
        if item.id in first:
            out.append(
                Problem(f"{path}.id", f"{c.show(item.id)} is already the id of {first[item.id]}")
            )
        else:
            first[item.id] = path
    personas = {p.id for p in journey.personas}
    channels = {ch.id for ch in journey.channels}
    pains = {p.id for p in journey.pain_points}

    def unknown(path: str, what: str, value: str, known: Iterable[str]) -> None:
        shown = c.show(value, limit=120)
        # Only a problem that will be listed is worth the search for a suggestion.
        hint = c.suggest(value, known, limit=120) if out.listing else ""
        out.append(Problem(path, f"{shown} is not {what}{hint}"))

    for s, stage in enumerate(journey.stages):
        for t, tp in enumerate(stage.touchpoints):
            if out.total and out.stopped():
                return out
            path = f"stages[{s}].touchpoints[{t}]"
            if tp.channel is not None and tp.channel not in channels:
                unknown(f"{path}.channel", "a channel id", tp.channel, channels)
            for key in tp.emotions:
                if key not in personas:
                    unknown(f"{path}.emotions", "a persona id", key, personas)
            for o, opp in enumerate(tp.opportunities):
                for a, ref in enumerate(opp.addresses):
                    if ref not in pains:
                        unknown(
                            f"{path}.opportunities[{o}].addresses[{a}]",
                            "a pain point id",
                            ref,
                            pains,
                        )
    seen: set[tuple[str, str]] = set()
    for f, flow in enumerate(journey.flows):
        if out.total and out.stopped():
            return out
        for end, value in (("from", flow.source), ("to", flow.target)):
            if value not in journey._stage_of:
                unknown(f"flows[{f}].{end}", "a touchpoint id", value, journey._stage_of)
        if (flow.source, flow.target) in seen:
            out.append(
                Problem(f"flows[{f}]", f"the flow {flow.source} → {flow.target} appears twice")
            )
        seen.add((flow.source, flow.target))
    return out
