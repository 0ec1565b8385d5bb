"""The diff view: what changed between two versions of a journey, as a report.

A header counts the changes by kind and the rule findings fixed and new.
Below it, a table: first what changed in the journey as a whole (its own
fields, personas, channels), then one section per stage holding the changes
to the stage and, under each touchpoint's name, the changes to that
touchpoint and its pain points, opportunities and metrics; then the flows;
then the findings fixed and the findings new. Every row says in words what
happened ("+ added", "− removed", "~ changed", "↕ moved") and a changed
field reads "field: old → new", emotions and numbers with their difference
("+0.5"), so colour only repeats what the words say.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from journeykit.analysis.differences import Change, JourneyDiff, diff
from journeykit.analysis.findings import Finding
from journeykit.layout import LayoutError
from journeykit.layout.blocks import (
    Para,
    badge,
    fmt_number,
    para,
    paras_height,
    place_badge,
    stack,
    view_scene,
)
from journeykit.layout.pages import Pages, paged
from journeykit.layout.scene import Group, Line, Primitive, Rect, Scene
from journeykit.layout.text import LINE_HEIGHT, clean, text_width
from journeykit.layout.theme import Theme, contrast, get_theme
from journeykit.layout.views.registry import Option, View
from journeykit.model import Journey

__all__ = ["VIEW", "diff_view"]

_MAX_ROWS = 400  # changes drawn before the rest are only counted
_MARKS = {"added": "+ added", "removed": "− removed", "changed": "~ changed", "moved": "↕ moved"}
_FINDING_MARKS = {"fixed": "✓ fixed", "new": "⚠ new"}
_LIST_FIELDS = frozenset(
    {"actions", "motivations", "questions", "thoughts", "goals", "frustrations"}
)
_FIELD_NAMES = {"lane": "service lane", "reach": "reach", "addresses": "addresses"}


@attrs.frozen
class _Row:
    """One line of the table: a mark, what it is about, and the details."""

    kind: str  # a key of _MARKS or _FINDING_MARKS, or "section" / "subsection"
    what: tuple[str, str]  # (small line, main line)
    details: tuple[str, ...] = ()


@attrs.frozen
class _Lookup:
    """Names and owners of the items of both versions, to place and label each change."""

    names: dict[str, str]
    stage_of: dict[str, str]  # touchpoint id → stage id
    owner_of: dict[str, str]  # pain point / opportunity id → touchpoint id
    metric_owner: dict[str, str]  # metric id in the diff → owner id
    metric_unit: dict[str, str]
    personas: dict[str, str]


def diff_view(
    subject: Journey | JourneyDiff,
    theme: str | Theme | None = None,
    *,
    base: Journey | None = None,
    findings: bool = True,
    today: date | None = None,
    page: str | tuple[float, float] = "screen",
) -> Scene | Pages:
    """Lay out what changed from ``base`` (the earlier version) to ``subject``.

    Parameters
    ----------
    subject : Journey or JourneyDiff
        The newer version, or the result of :func:`journeykit.diff` (which
        carries both versions and the options it was made with).
    theme : str or Theme, optional
    base : Journey
        The earlier version to compare with (required with a journey).
    findings : bool, default True
        Run the journey rules on both versions and list the findings the new
        version fixed and introduced.
    today : datetime.date, optional
        The day the rules take as today; pass it for output that does not
        depend on the date.
    """
    if page != "screen":  # laid out with the page's type, then on its pages
        return paged(
            lambda th: diff_view(subject, th, base=base, findings=findings, today=today),
            get_theme(theme),
            page,
        )
    t = get_theme(theme)
    if isinstance(subject, JourneyDiff):
        given = [name for name, value in (("base", base), ("today", today)) if value is not None]
        if given or findings is not True:
            raise LayoutError(
                f"{(given or ['findings'])[0]}= is for comparing journeys; "
                "this diff is already made (jk.diff takes the options)"
            )
        new, old, result = _versions(subject)
    else:
        if base is None:
            raise LayoutError(
                "the diff view needs base=, the earlier version of the journey to compare with"
            )
        if not isinstance(base, Journey) or not isinstance(subject, Journey):
            wrong = base if not isinstance(base, Journey) else subject
            raise LayoutError(f"the diff view compares two Journeys, not {type(wrong).__name__}")
        new, old = subject, base
        result = diff(old, new, findings=findings, today=today)
    look = _lookup(old, new)

    pad = t.padding
    margin = 2 * pad
    mark_w = max(text_width(m, t.body_size, bold=True) for m in (*_MARKS.values(), "⚠ new")) + (
        2 * pad
    )
    what_w = max(t.label_width * 1.6, 200.0)
    details_w = max(t.column_width * 2.3, 380.0)
    width = margin + mark_w + what_w + details_w + margin
    inner = width - 2 * margin

    parts: list[Primitive] = []
    y = _header(parts, old, new, result, t, inner)
    rows, left_out = _rows(result, old, new, look)
    if not rows:
        message = (
            "No differences: the two versions are the same." if not result else "Nothing to list."
        )
        texts, h = stack([para(message, inner, t.body_size, t.text)], margin, y, inner)
        parts.append(Group(id="empty", cls="empty", children=tuple(texts)))
        y += h + pad
    else:
        columns = (margin, mark_w, what_w, details_w)
        y = _table(parts, rows, t, y, width, columns)
    notes = []
    if left_out:
        notes.append(
            f"{left_out} more change{'s' if left_out != 1 else ''} not shown; "
            "jk.diff(base, journey).report() lists every one."
        )
    notes.append(
        "Items are matched by id: an item whose id changed shows as removed and added. "
        "Emotions run from −1 to +1; the number in brackets is the change."
    )
    texts, notes_h = stack(
        [para(n, inner, t.small_size, t.muted, max_lines=3, gap=2) for n in notes],
        margin,
        y + pad,
        inner,
    )
    parts.append(Group(id="footnote", cls="footnote", children=tuple(texts)))
    height = y + pad + notes_h + margin
    return view_scene(
        "diff", t, width, height, f"Changes: {new.title}", _describe(new, result), parts
    )


# -- the header -----------------------------------------------------------------


def _versions(result: JourneyDiff) -> tuple[Journey, Journey, JourneyDiff]:
    """The new and old versions a diff was made from, and the diff."""
    origin = result.origin
    old = origin.options.get("base") if origin is not None else None
    if origin is None or not isinstance(old, Journey):
        raise LayoutError(
            "this JourneyDiff carries no journeys (it was not made by jk.diff); "
            "compare the journeys instead: jk.render(new, view='diff', base=old)"
        )
    return origin.journey, old, result


def _header(
    parts: list[Primitive], old: Journey, new: Journey, result: JourneyDiff, t: Theme, inner: float
) -> float:
    pad = t.padding
    margin = 2 * pad
    paras = [
        para(
            f"Changes — {new.title}",
            inner,
            t.title_size * 0.8,
            t.text,
            bold=True,
            max_lines=2,
            gap=4,
        )
    ]
    since = (
        f"Compared with the earlier version “{old.title}”."
        if clean(old.title) != clean(new.title)
        else "Compared with an earlier version of this journey."
    )
    if old.updated != new.updated:
        before = old.updated.isoformat() if old.updated else "no date"
        after = new.updated.isoformat() if new.updated else "no date"
        since += f" Updated {before} → {after}."
    paras.append(para(since, inner, t.small_size, t.muted, max_lines=2, gap=6))
    texts, h = stack(paras, margin, margin, inner)
    y = margin + h

    counts = result.counts()
    items = [
        (f"+ {counts['added']} added", t.positive, counts["added"]),
        (f"− {counts['removed']} removed", t.negative, counts["removed"]),
        (f"~ {counts['changed']} changed", t.neutral, counts["changed"]),
        (f"↕ {counts['moved']} moved", t.neutral, counts["moved"]),
        (f"✓ {len(result.findings_fixed)} findings fixed", t.positive, len(result.findings_fixed)),
        (f"⚠ {len(result.findings_new)} findings new", t.negative, len(result.findings_new)),
    ]
    size = t.body_size
    x = margin
    prims: list[Primitive] = list(texts)
    line_h = size * LINE_HEIGHT + 2
    for text, colour, n in items:
        fill = colour if n else t.surface_alt
        ink = _ink(fill, t) if n else t.muted
        b = badge(text, size, fill, ink, pad=5)
        if x > margin and x + b.width > margin + inner:
            x, y = margin, y + line_h + 6
        prims.append(place_badge(b, x, y, size, cls="count"))
        x += b.width + 8
    parts.append(Group(id="header", cls="header", children=tuple(prims)))
    return y + line_h + 2 * pad


def _ink(fill: str, t: Theme) -> str:
    """The theme colour that reads best on ``fill``."""
    candidates = [t.header_text, t.text, t.background, "#ffffff", "#000000"]
    good = [c for c in candidates if contrast(c, fill) >= 4.5]
    return good[0] if good else max(candidates, key=lambda c: contrast(c, fill))


# -- rows -----------------------------------------------------------------------


def _lookup(old: Journey, new: Journey) -> _Lookup:
    names: dict[str, str] = {}
    stage_of: dict[str, str] = {}
    owner_of: dict[str, str] = {}
    metric_owner: dict[str, str] = {}
    metric_unit: dict[str, str] = {}
    personas: dict[str, str] = {}
    for j in (old, new):  # the new version's names win
        for p in j.personas:
            personas[p.id] = p.name
            names[p.id] = p.name
        for ch in j.channels:
            names[ch.id] = ch.name
        for stage in j.stages:
            names[stage.id] = stage.name
            _metrics(stage.id, stage.metrics, metric_owner, metric_unit)
            for tp in stage.touchpoints:
                names[tp.id] = tp.name
                stage_of[tp.id] = stage.id
                _metrics(tp.id, tp.metrics, metric_owner, metric_unit)
                for pain in tp.pain_points:
                    owner_of[pain.id] = tp.id
                    names[pain.id] = pain.description
                for opp in tp.opportunities:
                    owner_of[opp.id] = tp.id
                    names[opp.id] = opp.description
    # A touchpoint in both versions belongs where the new version puts it.
    for stage in new.stages:
        for tp in stage.touchpoints:
            stage_of[tp.id] = stage.id
            for item_id in (*(p.id for p in tp.pain_points), *(o.id for o in tp.opportunities)):
                owner_of[item_id] = tp.id
    return _Lookup(names, stage_of, owner_of, metric_owner, metric_unit, personas)


def _metrics(owner: str, metrics: Any, owners: dict[str, str], units: dict[str, str]) -> None:
    """Record the ids the diff gives ``metrics`` (``owner/name``, ``#2`` on repeats)."""
    seen: dict[str, int] = {}
    for m in metrics:
        n = seen[m.name] = seen.get(m.name, 0) + 1
        key = f"{owner}/{m.name}" if n == 1 else f"{owner}/{m.name}#{n}"
        owners[key] = owner
        units[key] = m.unit


def _place_of(change: Change, look: _Lookup) -> tuple[str, str | None, str | None]:
    """Where a change is listed: ("journey" | "stage" | "flows", stage id, touchpoint id)."""
    fields = change.new if change.kind == "added" else change.old
    given = fields if isinstance(fields, Mapping) else {}
    item = change.item
    if item in ("journey", "persona", "channel"):
        return "journey", None, None
    if item == "flow":
        return "flows", None, None
    if item == "stage":
        return "stage", change.id, None
    if item == "touchpoint":
        stage = given.get("stage") if change.kind == "removed" else None
        return "stage", stage or look.stage_of.get(change.id), change.id
    if item in ("pain point", "opportunity"):
        tp = given.get("touchpoint") if change.kind == "removed" else None
        tp = tp or look.owner_of.get(change.id)
        return "stage", look.stage_of.get(tp or ""), tp
    # a metric: its owner is a stage or a touchpoint
    owner = given.get("owner") or look.metric_owner.get(change.id)
    if owner in look.stage_of:
        return "stage", look.stage_of[owner], owner
    return "stage", owner, None


def _rows(result: JourneyDiff, old: Journey, new: Journey, look: _Lookup) -> tuple[list[_Row], int]:
    changes = list(result.changes)
    left_out = max(len(changes) - _MAX_ROWS, 0)
    changes = changes[:_MAX_ROWS]
    notes = {m.id: m for m in result.metric_deltas}
    journey_rows: list[_Row] = []
    flow_rows: list[_Row] = []
    by_stage: dict[str | None, dict[str | None, list[_Row]]] = {}
    for change in changes:
        where, stage, tp = _place_of(change, look)
        row = _row(change, look, notes, tp)
        if where == "journey":
            journey_rows.append(row)
        elif where == "flows":
            flow_rows.append(row)
        else:
            by_stage.setdefault(stage, {}).setdefault(tp, []).append(row)

    rows: list[_Row] = []
    if journey_rows:
        rows.append(_Row("section", ("", "Journey, personas and channels")))
        rows += journey_rows
    new_stages = [s.id for s in new.stages]
    order: list[str | None] = [*new_stages]
    order += [s.id for s in old.stages if s.id not in set(new_stages)]
    order += [s for s in by_stage if s not in set(order)]  # anything unplaced, last
    new_ids = set(new_stages)
    for stage_id in order:
        groups = by_stage.get(stage_id)
        if not groups:
            continue
        status = "" if stage_id in new_ids else " (removed)"
        title = look.names.get(stage_id or "", stage_id or "Elsewhere")
        rows.append(_Row("section", ("stage", f"{title}{status}")))
        rows += groups.get(None, [])
        tp_order = [tp.id for st in new.stages if st.id == stage_id for tp in st.touchpoints]
        tp_order += [
            tp.id
            for st in old.stages
            if st.id == stage_id
            for tp in st.touchpoints
            if tp.id not in set(tp_order)
        ]
        tp_order += [tp for tp in groups if tp is not None and tp not in set(tp_order)]
        for tp_id in tp_order:
            if tp_id not in groups:
                continue
            rows.append(_Row("subsection", ("touchpoint", look.names.get(tp_id, tp_id))))
            rows += groups[tp_id]
    if flow_rows:
        rows.append(_Row("section", ("", "Flows")))
        rows += flow_rows
    for key, title, found in (
        ("fixed", "Findings fixed", result.findings_fixed),
        ("new", "Findings new", result.findings_new),
    ):
        if found:
            rows.append(_Row("section", ("", f"{title} ({len(found)})")))
            rows += [_finding_row(key, f) for f in found]
    return rows, left_out


def _row(change: Change, look: _Lookup, notes: Mapping[str, Any], tp: str | None) -> _Row:
    item = change.item
    if item == "flow":
        fields = change.new if change.kind == "added" else change.old
        src, dst = _flow_ends(change, fields)
        label = f"{_short(look.names.get(src, src), 60)} → {_short(look.names.get(dst, dst), 60)}"
    elif item == "metric":
        label = change.id.split("/", 1)[-1] if "/" in change.id else change.id
        owner = look.metric_owner.get(change.id)
        if owner is not None and owner != tp:
            label = f"{label} ({look.names.get(owner, owner)})"
    elif item == "journey":
        label = ""
    elif item == "touchpoint" and change.id == tp:
        label = ""  # the subsection above names it
    else:
        label = look.names.get(change.id, change.id)

    details: tuple[str, ...]
    if change.kind in ("added", "removed"):
        fields = change.new if change.kind == "added" else change.old
        details = (_summary(item, fields, look),)
    elif change.kind == "moved":
        details = (_moved(change, look),)
    else:
        details = _changed(change, look, notes.get(change.id))
    return _Row(change.kind, (item, label), tuple(d for d in details if d))


def _flow_ends(change: Change, fields: Any) -> tuple[str, str]:
    if isinstance(fields, Mapping) and "from" in fields and "to" in fields:
        return str(fields["from"]), str(fields["to"])
    src, _, dst = change.id.partition(" → ")
    return src, dst


def _moved(change: Change, look: _Lookup) -> str:
    if change.field == "position":
        return f"position: {int(change.old) + 1} → {int(change.new) + 1}"
    old = look.names.get(str(change.old), str(change.old))
    new = look.names.get(str(change.new), str(change.new))
    return f"{change.field}: {_quote(old, 60)} → {_quote(new, 60)}"


def _changed(change: Change, look: _Lookup, note: Any) -> tuple[str, ...]:
    field = change.field or ""
    label = _field_label(field, look)
    old, new = change.old, change.new
    if (
        field in _LIST_FIELDS
        and isinstance(old, tuple | type(None))
        and isinstance(new, tuple | type(None))
    ):
        return _list_change(label, old or (), new or ())
    unit = look.metric_unit.get(change.id, "") if change.item == "metric" else ""
    emotion = field == "emotion" or field.startswith("emotions.")
    text = f"{label}: {_value(old, unit, emotion)} → {_value(new, unit, emotion)}"
    delta = change.delta
    if delta is not None:
        shown = _signed(delta) if emotion or not unit else _signed(delta, unit)
        if note is not None and field == "value":
            shown += ", better" if note.improved else ", worse"
        text += f" ({shown})"
    return (text,)


def _list_change(label: str, old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[str, ...]:
    gone = list(old)
    added = []
    for item in new:
        if item in gone:
            gone.remove(item)
        else:
            added.append(item)
    lines = [f"{label}:"]
    lines += [f"+ {_quote(str(a))}" for a in added[:5]]
    lines += [f"− {_quote(str(g))}" for g in gone[:5]]
    more = max(len(added) - 5, 0) + max(len(gone) - 5, 0)
    if more:
        lines.append(f"and {more} more")
    if len(lines) == 1:
        lines[0] = f"{label}: reordered"
    return tuple(lines)


def _field_label(field: str, look: _Lookup) -> str:
    if field.startswith("emotions."):
        persona = field.split(".", 1)[1]
        return f"emotion of {look.personas.get(persona, persona)}"
    return _FIELD_NAMES.get(field, field.replace("_", " "))


def _summary(item: str, fields: Any, look: _Lookup) -> str:
    """An added or removed item in a line: its main fields."""
    if not isinstance(fields, Mapping):
        return ""
    skip = {"name", "description", "stage", "touchpoint", "owner", "from", "to"}
    if item == "opportunity":
        skip.discard("owner")
    parts = []
    if item == "touchpoint" and "stage" in fields:
        stage = look.names.get(str(fields["stage"]), str(fields["stage"]))
        parts.append(f"in {_quote(stage, 60)}")
    for key, value in fields.items():
        if key in skip or key == "unit":
            continue
        label = _field_label(str(key), look)
        if key == "channel":
            parts.append(f"channel {_quote(look.names.get(str(value), str(value)), 60)}")
        elif isinstance(value, tuple):
            parts.append(_how_many(str(key), len(value)))
        elif isinstance(value, Mapping):
            persons = "persona" if len(value) == 1 else "personas"
            parts.append(f"{label} for {len(value)} {persons}")
        else:
            unit = str(fields.get("unit", "")) if key in ("value", "target") else ""
            parts.append(f"{label} {_value(value, unit, key == 'emotion')}")
    return " · ".join(parts)


_UNITS = {
    "actions": ("action", "actions"),
    "motivations": ("motivation", "motivations"),
    "questions": ("question", "questions"),
    "thoughts": ("thought", "thoughts"),
    "goals": ("goal", "goals"),
    "frustrations": ("frustration", "frustrations"),
    "evidence": ("piece of evidence", "pieces of evidence"),
}


def _how_many(field: str, n: int) -> str:
    if field == "addresses":
        return f"addresses {n} pain point{'' if n == 1 else 's'}"
    one, many = _UNITS.get(field, (field.replace("_", " "), field.replace("_", " ")))
    return f"{n} {one if n == 1 else many}"


def _finding_row(key: str, f: Finding) -> _Row:
    where = str(f.location)
    return _Row(key, (f.severity, f.code), (f.message, f"at {where}"))


# -- values ---------------------------------------------------------------------


def _signed(value: float, unit: str = "") -> str:
    text = f"{value:+.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:+}"
    if text in ("+", "-", "+0", "-0"):
        text = "0"
    text = text.replace("-", "−")
    return f"{text} {clean(unit)}".strip() if unit and unit != "ratio" else text


def _value(value: Any, unit: str = "", emotion: bool = False) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if emotion:
            return _signed(float(value)) if value else "0"
        return fmt_number(value, unit)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, tuple):
        return f"{len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, Mapping):
        return f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    return _quote(str(value))


def _quote(text: str, limit: int = 90) -> str:
    """``text`` in quotes, cut to ``limit`` characters so both sides of a change show."""
    return f"“{_short(text, limit)}”"


def _short(text: str, limit: int) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the table ------------------------------------------------------------------


def _table(
    parts: list[Primitive],
    rows: list[_Row],
    t: Theme,
    y: float,
    width: float,
    columns: tuple[float, float, float, float],
) -> float:
    pad = t.padding
    x0, mark_w, what_w, details_w = columns
    x_what = x0 + mark_w
    x_details = x_what + what_w
    # Column titles.
    heads = [("Change", x0, mark_w), ("What", x_what, what_w), ("Details", x_details, details_w)]
    prims: list[Primitive] = []
    for text, x, w in heads:
        texts, _ = stack([para(text, w - pad, t.small_size, t.muted, bold=True)], x, y, w - pad)
        prims += texts
    head_h = t.small_size * LINE_HEIGHT + 4
    prims.append(Line(x1=0, y1=y + head_h, x2=width, y2=y + head_h, stroke=t.grid))
    parts.append(Group(id="columns", cls="columns", children=tuple(prims)))
    y += head_h + 2

    for i, row in enumerate(rows):
        if row.kind == "section":
            y += 6 if i else 0
            label = para(
                row.what[1], width - 2 * x0, t.heading_size, t.header_text, bold=True, max_lines=2
            )
            h = label.height + pad
            texts, _ = stack([label], x0, y + pad / 2, width - 2 * x0)
            parts.append(
                Group(
                    id=f"row-{i}",
                    cls=f"section {'stage' if row.what[0] == 'stage' else 'part'}",
                    children=(Rect(x=0, y=y, width=width, height=h, fill=t.header), *texts),
                )
            )
            y += h
            continue
        if row.kind == "subsection":
            label = para(row.what[1], width - 2 * x0, t.body_size, t.text, bold=True, max_lines=2)
            h = label.height + pad
            texts, _ = stack([label], x0, y + pad / 2, width - 2 * x0)
            parts.append(
                Group(
                    id=f"row-{i}",
                    cls="touchpoint",
                    children=(
                        Rect(x=0, y=y, width=width, height=h, fill=t.surface_alt),
                        Line(x1=0, y1=y + h, x2=width, y2=y + h, stroke=t.grid),
                        *texts,
                    ),
                )
            )
            y += h
            continue
        mark_text = _MARKS.get(row.kind) or _FINDING_MARKS[row.kind]
        mark_colour = {
            "added": t.positive,
            "removed": t.negative,
            "fixed": t.positive,
            "new": t.negative,
            "moved": t.muted,
        }.get(row.kind, t.text)
        mark = [para(mark_text, mark_w - pad, t.body_size, mark_colour, bold=True)]
        what: list[Para] = [para(row.what[0], what_w - pad, t.small_size, t.muted)]
        if row.what[1]:
            what.append(para(row.what[1], what_w - pad, t.body_size, t.text, max_lines=3))
        details = [
            para(
                d,
                details_w - pad,
                t.body_size if k == 0 or not d.startswith("at ") else t.small_size,
                t.text if not (row.kind in _FINDING_MARKS and k) else t.muted,
                max_lines=5,
                gap=1,
            )
            for k, d in enumerate(row.details)
        ]
        h = max(paras_height(mark), paras_height(what), paras_height(details)) + pad
        prims = [Rect(x=0, y=y, width=width, height=h, fill=t.surface)]
        for paras, x, w in (
            (mark, x0, mark_w),
            (what, x_what, what_w),
            (details, x_details, details_w),
        ):
            texts, _ = stack(paras, x, y + pad / 2, w - pad)
            prims += texts
        prims.append(
            Line(x1=x0, y1=y + h, x2=width - x0, y2=y + h, stroke=t.grid, stroke_width=0.5)
        )
        parts.append(Group(id=f"row-{i}", cls=f"change {row.kind}", children=tuple(prims)))
        y += h
    return y


def _describe(new: Journey, result: JourneyDiff) -> str:
    title = clean(new.title)
    if len(title) > 200:
        title = title[:199] + "…"
    text = f"Changes to {title} since the earlier version: {result.summary()}."
    lines = []
    for change in list(result.changes)[:15]:
        line = clean(str(change))
        lines.append(line if len(line) <= 100 else line[:99] + "…")
    if lines:
        text += " " + "; ".join(lines) + "."
    return text[:2000]


VIEW = View(
    name="diff",
    summary="What changed between two versions of a journey, and the findings fixed and new.",
    subjects=("journey", "diff"),
    options=(
        Option("base", Journey | None, None, "The earlier version to compare with (journeys)."),
        Option("findings", bool, True, "Run the rules on both versions; list fixed and new."),
        Option("today", date | None, None, "The day the rules take as today."),
        Option(
            "page",
            str | tuple | list,
            "screen",
            "'screen' (free size), 'slide', 'a4', 'a3', 'letter' or (width, height): pages.",
        ),
    ),
    layout=diff_view,
)
