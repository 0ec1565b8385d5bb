"""The journey map: stages as columns, one sub-column per touchpoint, rows of what happens.

Rows, top to bottom: personas; stage headers; touchpoints (in
service-blueprint lanes when touchpoints carry a ``lane``; else one row per
channel, or one row of cards tagged with their channel); actions; thoughts
and questions; the emotion curve; pain points; opportunities; metrics; and,
when asked for, the findings of :func:`journeykit.check`. Every row is as
tall as its fullest cell, so text never overlaps. Touchpoint names and pain
points wrap onto the lines they need; other text too long for its cell is
cut with an ellipsis and kept whole in a tooltip.

The parts live in :mod:`journeykit.layout.journeymap`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from journeykit._checks import show, suggest
from journeykit.analysis.findings import Finding
from journeykit.layout import LayoutError
from journeykit.layout.blocks import para, stack, view_scene
from journeykit.layout.journeymap import cells, grid, hero, paging
from journeykit.layout.pages import Pages, page_of, page_theme
from journeykit.layout.scene import Group, Primitive, Scene
from journeykit.layout.text import clean
from journeykit.layout.theme import Theme, get_theme
from journeykit.layout.views.registry import Option, View, journey_of
from journeykit.layout.words import Words
from journeykit.model import Journey

__all__ = ["CHANNELS", "ROWS", "VIEW", "map_view"]

ROWS = (
    "personas",
    "touchpoints",
    "actions",
    "thoughts",
    "emotion",
    "pain_points",
    "opportunities",
    "metrics",
    "findings",
)
"""The rows of the map, by the names ``hide=`` takes."""

CHANNELS = ("auto", "rows", "tags")
"""How ``channels=`` draws the touchpoints' channels."""

_CONTENT = ("actions", "thoughts", "emotion", "pain_points", "opportunities", "metrics", "findings")


def map_view(
    subject: Journey | Sequence[Finding],
    theme: str | Theme | None = None,
    *,
    persona: str | None = None,
    hide: str | Iterable[str] = (),
    findings: bool | Sequence[Finding] = False,
    today: date | None = None,
    labels: Mapping[str, str] | None = None,
    channels: str = "auto",
    personas: str | Sequence[str] = "separate",
    highlight: int = 3,
    moments: bool = True,
    page: str | tuple[float, float] = "screen",
) -> Scene | Pages:
    """Lay out the journey map of a journey.

    Parameters
    ----------
    subject : Journey or Results[Finding]
        A journey, or the findings of :func:`journeykit.check`: then the
        map of the journey they were found in, with those findings.
    theme : str or Theme, optional
        ``"light"`` (default), ``"dark"``, ``"print"`` or a :class:`Theme`.
    persona : str, optional
        Draw the emotion curve of this persona (an id); by default the
        journey's overall emotion, with each persona's curve beside it.
    hide : str or iterable of str
        Rows to leave out, by name (see :data:`ROWS`).
    findings : bool or sequence of Finding
        ``True`` runs :func:`journeykit.check` and lists its findings in a
        row of their own; a sequence lists those findings.
    today : datetime.date, optional
        The day the rules take as today when ``findings`` is ``True``.
    labels : mapping of str to str, optional
        Words to use instead of the English ones: row labels (``"actions"``,
        ``"pain_points"``…), counts, the words of metrics and of the curve;
        the keys are those of :data:`journeykit.layout.words.WORDS`.
    channels : {"auto", "rows", "tags"}
        ``"rows"``: one row of touchpoint cards per channel; ``"tags"``: one
        row, each card tagged with its channel and a mark for online (●) or
        offline (■); ``"auto"`` (default): tags when a row per channel would
        leave most cells empty (more than two channels). Touchpoints in
        service-blueprint lanes are always in a row per lane, tagged.
    personas : {"separate", "overlay", "none"} or sequence of str
        How the personas' own emotion curves are drawn beside the overall one:
        ``"separate"`` (default), a small curve of each in a row of its own
        above the hero; ``"overlay"``, dashed over it; ``"none"``; or the ids
        of the personas to draw, each in a row of its own.
    highlight : int, default 3
        Mark this many top hotspots (by :func:`journeykit.hotspots`) with
        their rank on their touchpoint's card; 0 marks none.
    moments : bool, default True
        Call out the curve's peak, lowest point and sharpest drop in words.
    page : str or (float, float), default "screen"
        ``"screen"``: one Scene, as wide as the journey needs. ``"slide"``,
        ``"a4"``, ``"a3"``, ``"letter"`` or (width, height): :class:`Pages`,
        each that size — the whole map on one page when it fits, else an
        overview page and detail pages by stage (see
        :mod:`journeykit.layout.journeymap.paging`).
    """
    if isinstance(subject, Journey):
        journey = subject
    else:
        if findings is not False:
            raise LayoutError(
                "findings= is for drawing a journey; these findings are the ones drawn"
            )
        journey = journey_of(
            subject, hint="draw the journey with them: jk.render(journey, findings=found)"
        )
        findings = tuple(subject)
    if not isinstance(findings, bool) and not all(isinstance(f, Finding) for f in findings):
        raise LayoutError(
            f"findings: expected True, False or a list of Finding, got {show(findings)}"
        )
    if channels not in CHANNELS:
        raise LayoutError(
            f"channels: expected one of {', '.join(CHANNELS)}, not {show(channels)}"
            f"{suggest(str(channels), CHANNELS)}"
        )
    _check_personas(personas)
    if isinstance(highlight, bool) or not isinstance(highlight, int) or highlight < 0:
        raise LayoutError(f"highlight: expected a whole number of 0 or more, not {show(highlight)}")
    sheet = page_of(page)
    t = page_theme(get_theme(theme), sheet)
    words = Words.of(labels)
    hidden = _check_rows(hide)
    if persona is not None:
        journey.persona(persona)
    laned = any(tp.lane for tp in journey.touchpoints)
    mode = "tags" if laned else cells.channel_mode(journey, channels)
    ctx = grid.Ctx(
        journey=journey,
        theme=t,
        words=words,
        columns=grid.columns(journey, t),
        persona=persona,
        findings=_findings_by_touchpoint(journey, findings, today)
        if "findings" not in hidden
        else {},
        channels=mode,
        ranks=_ranks(journey, highlight),
    )
    desc = (
        f"Journey map with {words.count('stage', len(journey.stages))} and "
        f"{words.count('touchpoint', len(journey.touchpoints))}"
        + (f" for {', '.join(clean(p.name) for p in journey.personas)}" if journey.personas else "")
        + (f". Objective: {clean(journey.objective).rstrip('.')}" if journey.objective else "")
        + "."
    )
    if sheet is not None:
        # On paper nothing that matters is cut: names and pain points wrap to their end.
        ctx = attrs.evolve(ctx, name_lines=60, pain_lines=60, text_lines=12, lane_tags=True)
        return paging.map_pages(
            journey,
            t,
            sheet,
            words,
            ctx,
            frozenset(hidden),
            findings is not False,
            personas,
            moments,
            desc,
        )
    width = max(ctx.right, 2 * t.column_width + t.label_width)

    rows: list[grid.Row] = []
    if journey.personas and "personas" not in hidden:
        rows.append(cells.persona_row(words))
    rows.append(cells.stage_row(words))
    if "touchpoints" not in hidden:
        rows += cells.touchpoint_rows(journey, words, mode)
    content = cells.content_rows(words)
    strips, hero_row = hero.emotion_rows(
        ctx, words, personas, moments, ties="pain_points" not in hidden
    )
    for name in _CONTENT:
        if name in hidden or (name == "findings" and findings is False):
            continue
        rows += [*strips, hero_row] if name == "emotion" else [content[name]]
    header: list[Primitive] = []
    top = _header(header, journey, t, width, words)
    laid = _lay_out_rows(ctx, rows, top)
    parts: list[Primitive] = [*header]
    placed, y = grid.place(ctx, laid, top, width)
    parts += placed
    return view_scene("map", t, width, y, journey.title, desc, parts)


def _lay_out_rows(ctx: grid.Ctx, rows: list[grid.Row], top: float) -> list[grid.Laid]:
    """Every row laid out; the hero's chart made tall enough to be a quarter of the map."""
    laid = {id(row): grid.lay_out(ctx, row) for row in rows if row.name != "emotion"}
    others = top + sum(item.height for item in laid.values() if item is not None)
    hero_row = next((row for row in rows if row.name == "emotion"), None)
    if hero_row is not None:
        # The hero row (its chart and two paddings) is at least a third of the rest.
        tall = attrs.evolve(ctx, hero_height=others / 3 - 2 * ctx.theme.padding)
        laid[id(hero_row)] = grid.lay_out(tall, hero_row)
    return [item for row in rows if (item := laid[id(row)]) is not None]


def _ranks(journey: Journey, highlight: int) -> dict[str, int]:
    """The ``highlight`` top hotspots of ``journey`` (scoring above 0): touchpoint → rank."""
    if not highlight:
        return {}
    from journeykit.analysis.hotspot_scores import hotspots

    top = [h for h in hotspots(journey) if h.score > 0][:highlight]
    return {h.touchpoint: h.rank for h in top}


def _check_personas(personas: object) -> None:
    if isinstance(personas, str):
        if personas not in _PERSONA_MODES:
            raise LayoutError(
                f"personas: expected one of {', '.join(_PERSONA_MODES)} or a list of persona "
                f"ids, not {show(personas)}{suggest(personas, _PERSONA_MODES)}"
            )
    elif not all(isinstance(p, str) for p in personas):  # type: ignore[attr-defined]
        raise LayoutError(f"personas: expected persona ids, got {show(personas)}")


_PERSONA_MODES = ("separate", "overlay", "none")


def _check_rows(hide: Iterable[str]) -> set[str]:
    hidden = set(hide) if not isinstance(hide, str) else {hide}
    for name in hidden:
        if name not in ROWS:
            raise LayoutError(
                f"the map has no row {name!r}{suggest(str(name), ROWS)}; rows: {', '.join(ROWS)}"
            )
    return hidden


def _header(
    parts: list[Primitive], journey: Journey, t: Theme, width: float, words: Words
) -> float:
    pad = t.padding * 2
    inner = max(width - 2 * pad, 200)
    paras = [para(journey.title, inner, t.title_size, t.text, bold=True, max_lines=2, gap=4)]
    if journey.objective:
        text = words.fill("objective", text=journey.objective)
        paras.append(para(text, inner, t.body_size, t.muted, max_lines=2, gap=2))
    if journey.scope:
        text = words.fill("scope", text=journey.scope)
        paras.append(para(text, inner, t.body_size, t.muted, max_lines=2, gap=2))
    meta = [
        words.count("stage", len(journey.stages)),
        words.count("touchpoint", len(journey.touchpoints)),
    ]
    if journey.updated:
        meta.append(words.fill("updated", date=journey.updated.isoformat()))
    paras.append(para(" · ".join(meta), inner, t.small_size, t.muted, max_lines=1))
    prims, height = stack(paras, pad, pad, inner)
    parts.append(Group(id="header", cls="header", children=tuple(prims)))
    return height + 2 * pad


def _findings_by_touchpoint(
    journey: Journey, findings: bool | Sequence[Any], today: Any
) -> dict[str, list[Any]]:
    if findings is False:
        return {}
    if findings is True:
        from journeykit.analysis.checking import check

        findings = check(journey, today=today)
    touchpoint_ids = {tp.id for tp in journey.touchpoints}
    by_tp: dict[str, list[Any]] = {}
    for f in findings:
        owner = next((i for i in f.location.ids if i in touchpoint_ids), None)
        # A finding about a pain point or opportunity belongs to its touchpoint.
        match f.location.steps:
            case ("stages", int(s), "touchpoints", int(t), *_) if owner is None:
                stages = journey.stages
                if s < len(stages) and t < len(stages[s].touchpoints):
                    owner = stages[s].touchpoints[t].id
        if owner is not None:
            by_tp.setdefault(owner, []).append(f)
    return by_tp


VIEW = View(
    name="map",
    summary="The journey map: stages and touchpoints in columns, one row per aspect.",
    subjects=("journey", "check"),
    options=(
        Option("persona", str | None, None, "Draw this persona's emotion curve (an id)."),
        Option("hide", str | Iterable, (), f"Rows to leave out: {', '.join(ROWS)}."),
        Option(
            "findings",
            bool | tuple | list,
            False,
            "True runs jk.check and lists its findings in a row; or the findings to list.",
        ),
        Option("today", date | None, None, "The day the rules take as today (findings=True)."),
        Option(
            "labels",
            Mapping | None,
            None,
            "Words to use instead of the English ones, by key (journeykit.layout.words.WORDS).",
        ),
        Option(
            "personas",
            str | tuple | list,
            "separate",
            "Personas' curves: 'separate' small curves, 'overlay', 'none', or the ids to draw.",
        ),
        Option("highlight", int, 3, "Mark this many top hotspots with their rank; 0: none."),
        Option("moments", bool, True, "Call out the curve's peak, lowest point and sharpest drop."),
        Option(
            "page",
            str | tuple | list,
            "screen",
            "'screen' (free size), 'slide', 'a4', 'a3', 'letter' or (width, height): pages.",
        ),
        Option(
            "channels",
            str,
            "auto",
            "'rows': a row of cards per channel; 'tags': one row, cards tagged; "
            "'auto': tags when rows would be mostly empty.",
        ),
    ),
    layout=map_view,
)
