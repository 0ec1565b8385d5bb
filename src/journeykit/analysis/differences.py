"""What changed between two versions of a journey.

:func:`diff` matches the items of two journeys by id and reports, field by
field, what was added, removed, changed and moved; how emotions and metric
values moved; and which rule findings the new version fixed or introduced.

Examples
--------
>>> import journeykit as jk
>>> old = jk.Journey(title="Coffee", stages=[jk.Stage(name="Buy", touchpoints=[
...     jk.Touchpoint(name="Compare", emotion=-0.4)])])
>>> new = old.replace_touchpoint("compare", emotion=0.1)
>>> print(jk.diff(old, new, findings=False).report())
~ touchpoint compare: emotion -0.4 → 0.1 (+0.5)
<BLANKLINE>
1 changed
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, get_args

import attrs

from journeykit._checks import require
from journeykit.analysis._records import NOT_DATA, Origin, Record, Results, _pandas, plain
from journeykit.analysis.findings import Finding
from journeykit.model import (
    Better,
    Channel,
    Flow,
    FrozenMap,
    Journey,
    Metric,
    Opportunity,
    PainPoint,
    Persona,
    Stage,
    Touchpoint,
)

if TYPE_CHECKING:
    from journeykit.analysis.checking import Config

__all__ = [
    "Change",
    "ChangeKind",
    "Changes",
    "EmotionDelta",
    "ItemKind",
    "JourneyDiff",
    "MetricDelta",
    "diff",
]

ChangeKind = Literal["added", "removed", "changed", "moved"]
ItemKind = Literal[
    "journey",
    "persona",
    "channel",
    "stage",
    "touchpoint",
    "pain point",
    "opportunity",
    "metric",
    "flow",
]

_MARKS: dict[str, str] = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}
_SHOW_LIMIT = 60


# -- results -------------------------------------------------------------------


@attrs.frozen
class Change(Record):
    """One difference between two versions of a journey.

    Attributes
    ----------
    kind : {"added", "removed", "changed", "moved"}
    item : {"journey", "persona", "channel", "stage", "touchpoint", "pain point", \
"opportunity", "metric", "flow"}
    id : str
        The item's id. Metrics have no id of their own: theirs is
        ``"<owner id>/<metric name>"`` (``"#2"``, ``"#3"``… is appended when an
        owner has several metrics of the same name). A flow's is
        ``"<from> → <to>"``. The journey's is ``""``.
    field : str or None
        The field that changed (``None`` for an added or removed item). A
        per-persona emotion is ``"emotions.<persona id>"``. For a move it is
        the container the item left (``"stage"`` for a touchpoint,
        ``"touchpoint"`` for a pain point or an opportunity) or
        ``"position"`` when a stage or touchpoint changed place among its
        siblings.
    old, new
        The values before and after. For a move: the old and new container
        id, or the old and new 0-based position. For an added or removed
        item, ``new`` or ``old`` holds the item's own fields that differ from
        their defaults, with its container (``stage``, ``touchpoint``,
        ``owner``) or its key (a metric's ``name``, a flow's ``from`` and
        ``to``) first.
    """

    kind: ChangeKind
    item: ItemKind
    id: str
    field: str | None = None
    old: Any = None
    new: Any = None

    @property
    def delta(self) -> float | None:
        """``new - old`` when both are numbers, else ``None``."""
        if _is_number(self.old) and _is_number(self.new) and self.kind == "changed":
            return _round(self.new - self.old)
        return None

    def __str__(self) -> str:
        head = f"{_MARKS[self.kind]} {self.item}"
        if self.id:
            head += f" {_safe(self.id)}"
        if self.kind in ("added", "removed"):
            label = "" if self.item == "metric" else _label(self.new or self.old)
            return f"{head} {label}" if label else head
        if self.kind == "moved":
            return f"{head}: {self.field} {_safe(str(self.old))} → {_safe(str(self.new))}"
        text = f"{head}: {_safe(str(self.field))} {_show(self.old)} → {_show(self.new)}"
        delta = self.delta
        return text if delta is None else f"{text} ({delta:+})"


class Changes(Results[Change]):
    """The changes of a diff, in a stable order.

    ``to_frame()`` gives one row per change with the columns ``kind``,
    ``item``, ``id``, ``field``, ``old`` and ``new``; ``old`` and ``new``
    hold whatever the field holds (a number, a string, a list, a mapping for
    an added or removed item), not flattened into more columns.
    """

    __slots__ = ()

    def to_frame(self) -> Any:
        """A ``pandas.DataFrame``, one row per change (needs pandas)."""
        columns = [f.name for f in attrs.fields(Change)]
        return _pandas().DataFrame(self.to_dict(), columns=columns)


@attrs.frozen
class EmotionDelta(Record):
    """How the emotion at a touchpoint moved between two versions.

    Attributes
    ----------
    touchpoint : str
        The touchpoint's id.
    persona : str or None
        ``None`` for the touchpoint's overall ``emotion``, else the persona
        whose entry in ``emotions`` moved.
    old, new : float
    delta : float
        ``new - old``, rounded to 12 decimal places to drop floating-point noise.
    """

    touchpoint: str
    persona: str | None
    old: float
    new: float
    delta: float


@attrs.frozen
class MetricDelta(Record):
    """How a metric's value moved between two versions.

    Attributes
    ----------
    id : str
        The metric's id in :attr:`JourneyDiff.changes` (``"<owner>/<name>"``).
    owner : str
        The id of the stage or touchpoint that holds the metric.
    metric : str
        The metric's name.
    old, new : float
    delta : float
        ``new - old``, rounded to 12 decimal places.
    target : float or None
        The new version's target.
    better : {"higher", "lower"}
        The new version's direction of good.
    improved : bool
        Whether the value moved the way ``better`` calls good: towards the
        target, or further past it.
    on_target : bool or None
        Whether the new value meets the new target (``None`` without a target).
    """

    id: str
    owner: str
    metric: str
    old: float
    new: float
    delta: float
    target: float | None
    better: Better
    improved: bool
    on_target: bool | None


@attrs.frozen
class JourneyDiff(Record):
    """Everything that differs between two versions of a journey.

    ``bool(d)`` is false when nothing differs. ``to_dict()`` gives every part
    as plain data; ``to_frame()`` gives the table of :attr:`changes` (each
    other part has its own ``to_frame()``).

    Attributes
    ----------
    changes : Changes
        One :class:`Change` per added, removed or moved item and per changed field.
    emotion_deltas : Results[EmotionDelta]
        For touchpoints in both versions whose emotion (overall or for a
        persona) is set on both sides and moved.
    metric_deltas : Results[MetricDelta]
        For metrics in both versions whose value is set on both sides and moved.
    findings_fixed : Results[Finding]
        Findings of the old version whose :attr:`Finding.key` the new one no
        longer has.
    findings_new : Results[Finding]
        Findings of the new version whose key the old one did not have.
    origin : Origin or None
        The new version as ``journey``, the old one as ``options["base"]``
        (not part of :meth:`to_dict`).

    Examples
    --------
    >>> import journeykit as jk
    >>> old = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[
    ...     jk.Touchpoint(name="A", emotion=0.5)])])
    >>> new = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[
    ...     jk.Touchpoint(name="A", emotion=-0.5), jk.Touchpoint(name="B")])])
    >>> d = jk.diff(old, new, findings=False)
    >>> print(d.report())
    ~ touchpoint a: emotion 0.5 → -0.5 (-1.0)
    + touchpoint b "B"
    <BLANKLINE>
    1 added, 1 changed
    """

    changes: Changes = attrs.field(factory=Changes)
    emotion_deltas: Results[EmotionDelta] = attrs.field(factory=Results)
    metric_deltas: Results[MetricDelta] = attrs.field(factory=Results)
    findings_fixed: Results[Finding] = attrs.field(factory=Results)
    findings_new: Results[Finding] = attrs.field(factory=Results)
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False, metadata=NOT_DATA)

    def __bool__(self) -> bool:
        return bool(self.changes or self.findings_fixed or self.findings_new)

    def to_frame(self) -> Any:
        """The changes as a ``pandas.DataFrame``, one row per change (needs pandas).

        Returns
        -------
        pandas.DataFrame
            :attr:`changes` as by :meth:`Changes.to_frame`: the columns
            ``kind``, ``item``, ``id``, ``field``, ``old`` and ``new``.

        Raises
        ------
        MissingDependencyError
            pandas is not installed.
        """
        return self.changes.to_frame()

    def counts(self) -> dict[ChangeKind, int]:
        """How many changes of each kind, every kind included.

        Returns
        -------
        dict of str to int
            ``added``, ``removed``, ``changed`` and ``moved``, in that order,
            0 for a kind with no change.

        Examples
        --------
        >>> JourneyDiff().counts()
        {'added': 0, 'removed': 0, 'changed': 0, 'moved': 0}
        """
        counts: dict[ChangeKind, int] = {"added": 0, "removed": 0, "changed": 0, "moved": 0}
        for change in self.changes:
            counts[change.kind] += 1
        return counts

    def summary(self) -> str:
        """One line: how many changes of each kind, and the findings fixed and new.

        Returns
        -------
        str
            Such as ``"1 added, 1 changed; 1 finding fixed, 0 new"``: the
            kinds with changes, then the findings when any were fixed or are
            new; ``"no differences"`` when there is neither.

        Examples
        --------
        >>> JourneyDiff().summary()
        'no differences'
        """
        parts = [f"{n} {kind}" for kind, n in self.counts().items() if n]
        text = ", ".join(parts) if parts else "no changes"
        fixed, new = len(self.findings_fixed), len(self.findings_new)
        if fixed or new:
            text += f"; {fixed} finding{'' if fixed == 1 else 's'} fixed, {new} new"
        elif not parts:
            text = "no differences"
        return text

    def report(self) -> str:
        """A readable report: one line per change, the findings, then :meth:`summary`.

        Returns
        -------
        str
            Lines joined by newlines, without a final one: each change
            (``+`` added, ``-`` removed, ``~`` changed, ``>`` moved), then the findings
            fixed and the new ones under their headings, then a blank line
            and the summary. See the class's example.
        """
        annotations = {m.id: _metric_note(m) for m in self.metric_deltas}
        lines = []
        for change in self.changes:
            line = str(change)
            note = annotations.get(change.id) if change.item == "metric" else None
            if note and change.field == "value" and change.delta is not None:
                line = f"{line[:-1]}, {note})"  # inside the delta's parentheses
            lines.append(line)
        for title, found in (("fixed", self.findings_fixed), ("new", self.findings_new)):
            if found:
                lines += ["", f"Findings {title} ({len(found)}):"]
                lines += [f"  {_safe(str(f))}" for f in found]
        if lines:
            lines.append("")
        lines.append(self.summary())
        return "\n".join(lines)


# -- the diff ------------------------------------------------------------------


def diff(
    old: Journey,
    new: Journey,
    *,
    findings: bool = True,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    config: Config | None = None,
    today: date | None = None,
) -> JourneyDiff:
    """What changed from ``old`` to ``new``.

    Items are matched by id, so an item whose id changed is reported as
    removed (under the old id) and added (under the new one). Metrics are
    matched by owner id and name, flows by their ``from`` and ``to``.
    Each item's own fields are compared; its children are items of their
    own (a stage's touchpoints, a touchpoint's pain points, opportunities
    and metrics), while evidence, which has no id, is compared as a field
    of what it backs.

    Moves are reported as ``"moved"`` changes: a touchpoint now in another
    stage (field ``"stage"``), a pain point or opportunity now at another
    touchpoint (field ``"touchpoint"``), and a stage or touchpoint that
    changed place among its siblings (field ``"position"``). Reordering is
    reported for as few items as explain it: the items outside a longest
    run that kept its order. The order of personas, channels, pain points,
    opportunities, metrics and flows is not compared.

    The time taken grows linearly with the size of the journeys, plus the
    time of the rules when ``findings`` is true. (Ordering the ``k``
    siblings of a container whose order changed takes :math:`O(k \\log k)`.)
    A stage equal in both versions, down to its last touchpoint, is
    compared as a whole, so a large journey with a few changes is quick.

    Parameters
    ----------
    old, new : Journey
        The two versions.
    findings : bool, default True
        Run the journey rules (:func:`journeykit.analysis.check`) on both
        versions and report the findings fixed and new. ``False`` skips them.
    select, ignore, config
        Passed to the rules, as for ``check``.
    today : datetime.date, optional
        The day the rules take as today (for the rules about stale maps and
        old evidence); pass it for results that do not depend on the date.

    Returns
    -------
    JourneyDiff

    Examples
    --------
    >>> from datetime import date
    >>> import journeykit as jk
    >>> old = jk.Journey(title="Coffee", stages=[jk.Stage(name="Buy", touchpoints=[
    ...     jk.Touchpoint(name="Compare", emotion=-0.4),
    ...     jk.Touchpoint(name="Checkout", emotion=0.2)])])
    >>> new = old.replace_touchpoint("compare", emotion=0.1).remove_touchpoint("checkout")
    >>> d = jk.diff(old, new, today=date(2026, 1, 1))
    >>> for change in d.changes:
    ...     print(change)
    - touchpoint checkout "Checkout"
    ~ touchpoint compare: emotion -0.4 → 0.1 (+0.5)
    >>> d.emotion_deltas[0].delta
    0.5
    >>> bool(jk.diff(new, new, today=date(2026, 1, 1)))
    False
    """
    require(old, Journey, "old", "diff")
    require(new, Journey, "new", "diff")
    same = _equal_stages(old, new)
    start, end = _common_ends(old.flows, new.flows)
    before = _index(old, same, old.flows[start : len(old.flows) - end])
    after = _index(new, same, new.flows[start : len(new.flows) - end])
    out = _Collector()
    out.compare("journey", ("", new, None, 0), old)
    for kind in _KINDS:
        out.diff_kind(kind, before[kind], after[kind])
    fixed: list[Finding] = []
    introduced: list[Finding] = []
    options: dict[str, Any] = {
        "select": _reusable(select),
        "ignore": _reusable(ignore),
        "config": config,
        "today": today,
    }
    if findings:
        from journeykit.analysis.checking import check

        old_found, new_found = check(old, **options), check(new, **options)
        fixed, introduced = _unmatched(old_found, new_found), _unmatched(new_found, old_found)
    return JourneyDiff(
        changes=Changes(out.changes),
        emotion_deltas=Results(out.emotion_deltas),
        metric_deltas=Results(out.metric_deltas),
        findings_fixed=Results(fixed),
        findings_new=Results(introduced),
        origin=Origin("diff", new, {"base": old, "findings": findings, **options}),
    )


# -- how items are indexed and compared ------------------------------------------

# Fields holding other items (or an item's key) are not compared as fields.
_NOT_FIELDS = frozenset(
    {
        *("id", "personas", "channels", "stages", "flows"),
        *("touchpoints", "pain_points", "opportunities", "metrics"),
    }
)


def _own_fields(cls: type, *skip: str) -> tuple[str, ...]:
    # Taken from the model, so a field added there is compared without a change here.
    return tuple(a.name for a in attrs.fields(cls) if a.name not in _NOT_FIELDS | set(skip))


_NAMES: dict[type, tuple[str, ...]] = {
    Journey: _own_fields(Journey),
    Persona: _own_fields(Persona),
    Channel: _own_fields(Channel),
    Stage: _own_fields(Stage),
    Touchpoint: _own_fields(Touchpoint),
    PainPoint: _own_fields(PainPoint),
    Opportunity: _own_fields(Opportunity),
    Metric: _own_fields(Metric, "name"),
    Flow: _own_fields(Flow, "source", "target"),
}
# The compared fields of each class, and a getter of all of them at once (in C).
_FIELDS: dict[type, tuple[tuple[str, ...], Callable[[Any], Any]]] = {
    cls: (names, operator.attrgetter(*names)) for cls, names in _NAMES.items()
}


def _default(a: attrs.Attribute[Any]) -> Any:
    factory = getattr(a.default, "factory", None)  # an attrs.Factory
    return factory() if callable(factory) else a.default


_DEFAULTS: dict[type, dict[str, Any]] = {
    cls: {a.name: _default(a) for a in attrs.fields(cls)} for cls in _NAMES
}


# What the diff knows of an item: its id, the item, the id of its container
# (stage, touchpoint or metric owner; None for the others) and its position there.
_Entry = tuple[str, Any, "str | None", int]

# The kinds of items, in the order their changes are listed.
_KINDS: tuple[ItemKind, ...] = get_args(ItemKind)[1:]  # every kind but the journey
# The field a move names: the kind of container the item can leave.
_CONTAINER = {"touchpoint": "stage", "pain point": "touchpoint", "opportunity": "touchpoint"}
# The kinds whose order among their siblings means something.
_ORDERED = frozenset({"stage", "touchpoint"})


def _equal_stages(old: Journey, new: Journey) -> set[str]:
    """The ids of the stages equal in both versions, down to the last touchpoint field.

    Nothing inside such a stage was added, removed, moved or changed, and no
    other item can share an id with its contents, so the diff leaves its
    touchpoints and metrics out. A deep comparison costs far less than
    indexing and comparing what the stage holds, and most stages of a new
    version are usually unchanged.
    """
    before = {stage.id: stage for stage in old.stages}
    same = set()
    for stage in new.stages:
        was = before.get(stage.id)
        if was is not None and (was is stage or was == stage):
            same.add(stage.id)
    return same


def _common_ends(old: Sequence[Flow], new: Sequence[Flow]) -> tuple[int, int]:
    """How many flows at the start and at the end are equal in both versions.

    A flow there is unchanged, and its ends cannot appear elsewhere in
    either version, so the diff leaves it out: most flows of a new version
    usually are where they were.
    """
    most = min(len(old), len(new))
    start = 0
    while start < most and (old[start] is new[start] or old[start] == new[start]):
        start += 1
    end = 0
    while end < most - start and (old[-1 - end] is new[-1 - end] or old[-1 - end] == new[-1 - end]):
        end += 1
    return start, end


def _index(
    journey: Journey, skip: set[str], flows_left: Sequence[Flow]
) -> dict[ItemKind, dict[Hashable, _Entry]]:
    """Every item of a journey by kind and key, in one pass.

    Leaves out what is inside the stages ``skip``, and the flows not in ``flows_left``.
    """
    index: dict[ItemKind, dict[Hashable, _Entry]] = {kind: {} for kind in _KINDS}
    personas, channels, stages = index["persona"], index["channel"], index["stage"]
    touchpoints, pains, opportunities = (
        index["touchpoint"],
        index["pain point"],
        index["opportunity"],
    )
    metrics, flows = index["metric"], index["flow"]
    for i, persona in enumerate(journey.personas):
        personas[persona.id] = (persona.id, persona, None, i)
    for i, channel in enumerate(journey.channels):
        channels[channel.id] = (channel.id, channel, None, i)
    for s, stage in enumerate(journey.stages):
        stages[stage.id] = (stage.id, stage, None, s)
        if stage.id in skip:
            continue
        if stage.metrics:
            _index_metrics(metrics, stage.id, stage.metrics)
        for t, tp in enumerate(stage.touchpoints):
            touchpoints[tp.id] = (tp.id, tp, stage.id, t)
            for i, pain in enumerate(tp.pain_points):
                pains[pain.id] = (pain.id, pain, tp.id, i)
            for i, opp in enumerate(tp.opportunities):
                opportunities[opp.id] = (opp.id, opp, tp.id, i)
            if tp.metrics:
                _index_metrics(metrics, tp.id, tp.metrics)
    for i, flow in enumerate(flows_left):
        flows[flow.source, flow.target] = ("", flow, None, i)  # its id is made when needed
    return index


def _id(kind: ItemKind, entry: _Entry) -> str:
    if kind == "flow":
        return f"{entry[1].source} → {entry[1].target}"
    return entry[0]


def _index_metrics(index: dict[Hashable, _Entry], owner: str, metrics: Sequence[Metric]) -> None:
    seen: dict[str, int] = {}
    for i, metric in enumerate(metrics):
        n = seen[metric.name] = seen.get(metric.name, 0) + 1
        id = f"{owner}/{metric.name}" if n == 1 else f"{owner}/{metric.name}#{n}"
        index[owner, metric.name, n] = (id, metric, owner, i)


class _Collector:
    """Collects the changes and deltas of a diff."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.emotion_deltas: list[EmotionDelta] = []
        self.metric_deltas: list[MetricDelta] = []

    def diff_kind(
        self, kind: ItemKind, before: dict[Hashable, _Entry], after: dict[Hashable, _Entry]
    ) -> None:
        out = self.changes
        for key, entry in before.items():
            if key not in after:
                out.append(Change("removed", kind, _id(kind, entry), None, _own(kind, entry), None))
        container = _CONTAINER.get(kind)
        reordered = _reordered(before, after) if kind in _ORDERED else set()
        for key, entry in after.items():
            was = before.get(key)
            if was is None:
                out.append(Change("added", kind, _id(kind, entry), None, None, _own(kind, entry)))
                continue
            id, item, parent, position = entry
            if container is not None and was[2] != parent:
                out.append(Change("moved", kind, id, container, was[2], parent))
            elif key in reordered:
                out.append(Change("moved", kind, id, "position", was[3], position))
            if was[1] is not item:
                self.compare(kind, entry, was[1])

    def compare(self, kind: ItemKind, entry: _Entry, old: Any) -> None:
        """The changes from ``old`` to the item of ``entry``, field by field."""
        new, parent = entry[1], entry[2]
        fields, get = _FIELDS[type(new)]
        if get(old) == get(new):  # every own field at once, the common case
            return
        id = _id(kind, entry)
        for name in fields:
            a, b = getattr(old, name), getattr(new, name)
            if a == b:
                continue
            if isinstance(a, FrozenMap) and isinstance(b, FrozenMap):
                self._compare_map(kind, id, name, a, b)
                continue
            self.changes.append(Change("changed", kind, id, name, a, b))
            if a is None or b is None:
                continue
            if kind == "touchpoint" and name == "emotion":
                self.emotion_deltas.append(EmotionDelta(id, None, a, b, _round(b - a)))
            elif kind == "metric" and name == "value":
                self.metric_deltas.append(_metric_delta(id, str(parent), new, a, b))

    def _compare_map(
        self, kind: ItemKind, id: str, name: str, a: FrozenMap[str, Any], b: FrozenMap[str, Any]
    ) -> None:
        emotions = kind == "touchpoint" and name == "emotions"
        for key, value in b.items():
            if key not in a:
                self.changes.append(Change("changed", kind, id, f"{name}.{key}", None, value))
            elif a[key] != value:
                self.changes.append(Change("changed", kind, id, f"{name}.{key}", a[key], value))
                if emotions:
                    delta = _round(value - a[key])
                    self.emotion_deltas.append(EmotionDelta(id, key, a[key], value, delta))
        for key, value in a.items():
            if key not in b:
                self.changes.append(Change("changed", kind, id, f"{name}.{key}", value, None))


def _metric_delta(id: str, owner: str, metric: Metric, old: float, new: float) -> MetricDelta:
    delta = _round(new - old)
    improved = delta > 0 if metric.better == "higher" else delta < 0
    return MetricDelta(
        id,
        owner,
        metric.name,
        old,
        new,
        delta,
        metric.target,
        metric.better,
        improved,
        metric.on_target,
    )


def _own(kind: ItemKind, entry: _Entry) -> FrozenMap[str, Any]:
    """An added or removed item's key or container, then its non-default fields."""
    _, item, parent, _ = entry
    head: list[tuple[str, Any]] = []
    if kind == "metric":
        head = [("owner", parent), ("name", item.name)]
    elif kind == "flow":
        head = [("from", item.source), ("to", item.target)]
    elif kind in _CONTAINER:
        head = [(_CONTAINER[kind], parent)]
    cls = type(item)
    defaults = _DEFAULTS[cls]
    fields = _FIELDS[cls][0]
    own = [(name, getattr(item, name)) for name in fields]
    return FrozenMap([*head, *((name, v) for name, v in own if v != defaults[name])])


def _reordered(before: dict[Hashable, _Entry], after: dict[Hashable, _Entry]) -> set[Hashable]:
    """The items that changed place among siblings that stayed in the same container.

    Within each container, the items that kept their order are a longest run
    whose old positions increase in the new order; the others moved.
    """
    groups: dict[str | None, list[tuple[int, int, Hashable]]] = {}
    for key, (_, _, parent, position) in after.items():
        was = before.get(key)
        if was is not None and was[2] == parent:
            groups.setdefault(parent, []).append((was[3], position, key))
    moved: set[Hashable] = set()
    for group in groups.values():
        if any(group[i][0] > group[i + 1][0] for i in range(len(group) - 1)):
            kept = _kept_in_order(group)
            moved.update(key for _, _, key in group if key not in kept)
    return moved


def _kept_in_order(group: Sequence[tuple[int, int, Hashable]]) -> set[Hashable]:
    """The keys of a longest run of increasing old positions, in ``O(n log n)``.

    ``group`` holds (old position, new position, key) in the new order. Of
    the longest runs, the one keeping most items at an unchanged position
    wins, so that a swap reports the two items swapped rather than a
    bystander whose position did not change. A Fenwick tree over old
    positions gives the best run ending below each position.
    """
    size = max(old for old, _, _ in group) + 1
    # tree[i]: (run length, unchanged positions in it, index in group of its last item)
    tree: list[tuple[int, int, int]] = [(0, 0, -1)] * (size + 1)
    previous = [-1] * len(group)
    for i, (old, new, _) in enumerate(group):
        best, j = (0, 0, -1), old  # the best run over old positions < old
        while j > 0:
            if tree[j][:2] > best[:2]:
                best = tree[j]
            j -= j & -j
        previous[i] = best[2]
        run = (best[0] + 1, best[1] + (old == new), i)
        j = old + 1
        while j <= size:
            if run[:2] > tree[j][:2]:
                tree[j] = run
            j += j & -j
    best = max(tree, key=lambda node: node[:2])
    kept: set[Hashable] = set()
    i = best[2]
    while i >= 0:
        kept.add(group[i][2])
        i = previous[i]
    return kept


def _reusable(codes: str | Iterable[str] | None) -> str | tuple[str, ...] | None:
    """Rule codes that can be read twice (an iterator can be read once)."""
    return codes if codes is None or isinstance(codes, str) else tuple(codes)


def _unmatched(these: Sequence[Finding], others: Sequence[Finding]) -> list[Finding]:
    """The findings in ``these`` left over once each is paired with one of the same key."""
    available: dict[tuple[str, tuple[str, ...]], int] = {}
    for finding in others:
        available[finding.key] = available.get(finding.key, 0) + 1
    out: list[Finding] = []
    for finding in these:
        if available.get(finding.key, 0):
            available[finding.key] -= 1
        else:
            out.append(finding)
    return out


# -- text ----------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _round(value: float) -> float:
    """A difference without floating-point noise (``0.1 - 0.3`` is ``-0.2``)."""
    if isinstance(value, int):
        return value
    rounded = round(value, 12)
    return rounded if rounded else 0.0  # never -0.0


def _safe(text: str) -> str:
    """``text`` with control and other invisible characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    text = json.dumps(plain(value), ensure_ascii=False)
    if len(text) > _SHOW_LIMIT:
        text = text[: _SHOW_LIMIT - 1] + "…"
    return _safe(text)


def _label(fields: Any) -> str:
    """The name or description of an added or removed item."""
    if not isinstance(fields, Mapping):
        return ""
    for name in ("name", "description"):
        if isinstance(fields.get(name), str):
            return _show(fields[name])
    return ""


def _metric_note(m: MetricDelta) -> str:
    note = "better" if m.improved else "worse"
    if m.target is not None:
        note += f", target {m.target} {'met' if m.on_target else 'not met'}"
    return note
