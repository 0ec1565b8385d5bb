"""The journey map on pages: one page when it fits, else an overview and detail pages.

A detail page holds the stages whose touchpoints fit its width (a stage
longer than a page is split, its header saying "(continued)"), and of the
rows below them those that fit its height, in order of importance: the
stage headers and touchpoint cards always; then the emotion curve (at least
a quarter of the page), pain points, opportunities, actions, thoughts,
metrics and findings. Rows that give way go to a following page for the
same stages, under the same headers and cards. Nothing is scaled: every
text is at least the page's minimum size, and touchpoint names and pain
points are never cut (only a row too tall for a page of its own is
shortened, its cut text kept in tooltips).

The overview page comes first: the title and objective, the stages, the
emotion curve over the whole journey with its moments named, the
personas' small curves, and the top hotspots.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs

from journeykit.layout.blocks import badge, para, place_badge, stack, view_scene
from journeykit.layout.journeymap import cells, grid, hero
from journeykit.layout.pages import Page, Pages
from journeykit.layout.scene import Group, Primitive, Rect, Scene
from journeykit.layout.text import clean, text_width
from journeykit.layout.theme import Theme
from journeykit.layout.words import Words
from journeykit.model import Journey

__all__ = ["PRIORITY", "map_pages"]

PRIORITY = ("emotion", "pain_points", "opportunities", "actions", "thoughts", "metrics", "findings")
"""The rows under the cards, most important first: the last give way first on a page."""

_ORDER = ("actions", "thoughts", "emotion", "pain_points", "opportunities", "metrics", "findings")
_COLUMN = 0.8  # a page's columns: this share of the theme's (13 ems of body text)
_SHRINK = ((2, 3, 60), (1, 2, 6))  # (text lines, items, pain lines) to try, in turn


@attrs.frozen
class _Plan:
    """What the map holds: the rows to draw, and how to make a page's context."""

    journey: Journey
    theme: Theme
    page: Page
    words: Words
    base: grid.Ctx  # the options' context; columns are set per page
    hidden: frozenset[str]
    with_findings: bool
    personas: str | Sequence[str]
    moments: bool
    desc: str

    def rows(self, ctx: grid.Ctx) -> tuple[list[grid.Row], dict[str, grid.Row]]:
        """The rows every page of these columns has (headers, cards), and the others by aspect."""
        required = [cells.stage_row(self.words)]
        if "touchpoints" not in self.hidden:
            # On a page, lanes are tags: a row per lane leaves most of a page empty.
            required += cells.touchpoint_rows(self.journey, self.words, ctx.channels, lanes=False)
        content = cells.content_rows(self.words)
        _, hero_row = hero.emotion_rows(
            ctx, self.words, "none", self.moments, ties="pain_points" not in self.hidden
        )
        optional = {}
        for name in _ORDER:
            if name in self.hidden or (name == "findings" and not self.with_findings):
                continue
            optional[name] = hero_row if name == "emotion" else content[name]
        return required, optional

    def untied(self, ctx: grid.Ctx) -> grid.Row:
        """The curve without lines down to pain points, for a page without them."""
        return hero.emotion_rows(ctx, self.words, "none", self.moments, ties=False)[1]


def map_pages(
    journey: Journey,
    theme: Theme,
    page: Page,
    words: Words,
    base: grid.Ctx,
    hidden: frozenset[str],
    with_findings: bool,
    personas: str | Sequence[str],
    moments: bool,
    desc: str,
) -> Pages:
    """The map of ``journey`` on pages of ``page``, laid out with ``theme`` (made for it)."""
    plan = _Plan(journey, theme, page, words, base, hidden, with_findings, personas, moments, desc)
    groups = _groups(plan)
    if len(groups) == 1:
        single = _single(plan, groups[0])
        if single is not None:
            return Pages([single], page)
    bodies: list[tuple[str, list[Primitive], float]] = [_overview(plan)]
    if journey.personas and journey.stages and "personas" not in hidden:
        people = _personas(plan)
        if people is not None:
            bodies.append(people)
    for group in groups:
        bodies += _details(plan, group)
    total = len(bodies)
    return Pages(
        [
            _scene(plan, title, parts, height, n, total)
            for n, (title, parts, height) in enumerate(bodies, start=1)
        ],
        page,
    )


# -- columns ---------------------------------------------------------------------------


def _groups(plan: _Plan) -> list[list[grid.Span]]:
    """The stages (with their touchpoints) of each detail page: whole stages while they
    fit the page's width and the curve with its pain points fits under them; a stage
    longer than a page in parts of a page each."""
    t = plan.theme
    # Columns may narrow to 85 % of their width rather than split a stage.
    per = max(1, int((plan.page.inner[0] - t.label_width) // (t.column_width * _COLUMN * 0.85)))
    groups: list[list[grid.Span]] = []
    current: list[grid.Span] = []
    used = 0
    for stage in plan.journey.stages:
        tps = list(stage.touchpoints)
        need = max(len(tps), 1)
        if need > per:
            if current:
                groups.append(current)
            current, used = [], 0
            size = math.ceil(len(tps) / math.ceil(len(tps) / per))  # parts of equal size
            groups += [[(stage, tps[i : i + size])] for i in range(0, len(tps), size)]
            continue
        if current and (used + need > per or not _story_fits(plan, [*current, (stage, tps)])):
            groups.append(current)
            current, used = [], 0
        current.append((stage, tps))
        used += need
    if current or not groups:
        groups.append(current)
    return groups


def _story_fits(plan: _Plan, spans: Sequence[grid.Span]) -> bool:
    """Whether the cards of ``spans``, the curve and the pain points fit one page."""
    width, height = plan.page.inner
    ctx = _ctx(plan, spans, width)
    required, optional = plan.rows(ctx)
    story = [optional[n] for n in ("emotion", "pain_points") if n in optional]
    room = height - _footer_height(plan) - 2 * plan.theme.heading_size
    room -= sum(item.height for r in required if (item := grid.lay_out(ctx, r)) is not None)
    return _lay_out(ctx, story, room, quarter=False) is not None


def _ctx(plan: _Plan, spans: Sequence[grid.Span], width: float) -> grid.Ctx:
    """The context of a page holding ``spans``, its columns shared out over ``width``."""
    t = plan.theme
    n = sum(max(len(tps), 1) for _, tps in spans)
    column = min((width - t.label_width) / max(n, 1), t.column_width * _COLUMN * 2.2)
    cols = grid.columns(plan.journey, t, spans, x=t.label_width, width=column)
    return attrs.evolve(plan.base, columns=cols, theme=t.evolve(column_width=column))


# -- one page ----------------------------------------------------------------------------


def _single(plan: _Plan, spans: list[grid.Span]) -> Scene | None:
    """The whole map on one page, with its full header; None when it does not fit."""
    width, height = plan.page.inner
    ctx = _ctx(plan, spans, width)
    header, header_h = _title_block(plan, width, full=True)
    footer_h = _footer_height(plan)
    room = height - header_h - footer_h
    required, optional = plan.rows(ctx)
    rows: list[grid.Row] = []
    if plan.journey.personas and "personas" not in plan.hidden:
        rows.append(cells.persona_row(plan.words))
    rows += required
    strips, _ = hero.emotion_rows(ctx, plan.words, plan.personas, plan.moments, ties=False)
    if "emotion" in optional:
        rows += [r for r in optional.values() if r.name in ("actions", "thoughts")]
        rows += [*strips, optional["emotion"]]
        rows += [r for r in optional.values() if r.name not in ("actions", "thoughts", "emotion")]
    else:
        rows += list(optional.values())
    laid = _lay_out(ctx, rows, room)
    if laid is None:
        return None
    parts, bottom = grid.place(ctx, laid, header_h, width)
    if bottom > header_h + room + 0.5:
        return None
    return _scene(plan, plan.journey.title, [*header, *parts], height, 1, 1)


def _lay_out(
    ctx: grid.Ctx,
    rows: Sequence[grid.Row],
    room: float,
    stretch: float = 0.45,
    quarter: bool = True,
) -> list[grid.Laid] | None:
    """``rows`` laid out to fill ``room``; None when they do not fit.

    The hero takes a quarter of the room at least (with ``quarter``; else
    its own least height), and the room left over, up to ``stretch`` of it.
    """
    pad = ctx.theme.padding
    laid = {id(r): grid.lay_out(ctx, r) for r in rows if r.name != "emotion"}
    used = sum(item.height for item in laid.values() if item is not None)
    hero_row = next((r for r in rows if r.name == "emotion"), None)
    if hero_row is not None:
        least = hero.hero_height(ctx.theme, ctx.overview)
        if quarter:
            least = max(least, room / 4 - 2 * pad)
        if used + least + 2 * pad > room:
            return None
        chart = min(max(least, room - used - 2 * pad), room * stretch - 2 * pad)
        laid[id(hero_row)] = grid.lay_out(
            attrs.evolve(ctx, hero_height=max(chart, least)), hero_row
        )
    out = [item for r in rows if (item := laid[id(r)]) is not None]
    if sum(item.height for item in out) > room + 0.5:
        return None
    return out


# -- detail pages ------------------------------------------------------------------------


def _details(plan: _Plan, spans: list[grid.Span]) -> list[tuple[str, list[Primitive], float]]:
    """The detail pages of ``spans``: the rows that fit, most important first, then the rest
    on further pages under the same headers and cards.

    The curve and the pain points under it go together: the curve gives up
    height (down to its least) rather than its pain points. Past them, rows
    follow in order of importance until one does not fit; it and the rest
    go on the next page.
    """
    width, height = plan.page.inner
    ctx = _ctx(plan, spans, width)
    names = ", ".join(clean(stage.name) for stage, _ in spans)
    title = f"{plan.journey.title} — {names}"
    required, optional = plan.rows(ctx)
    top = [item for r in required if (item := grid.lay_out(ctx, r)) is not None]
    top_h = sum(item.height for item in top)
    left = [optional[name] for name in PRIORITY if name in optional]
    story = [optional[name] for name in ("emotion", "pain_points") if name in optional]

    def in_order(rows: Sequence[grid.Row]) -> list[grid.Row]:
        return [optional[name] for name in _ORDER if name in optional and optional[name] in rows]

    untied = plan.untied(ctx)

    def fits(rows: Sequence[grid.Row], room: float) -> list[grid.Laid] | None:
        ordered = in_order(rows)
        if "pain_points" in optional and optional["pain_points"] not in rows:
            # no pain points under the curve on this page: nothing to tie its dips to
            ordered = [untied if r.name == "emotion" else r for r in ordered]
        return _lay_out(ctx, ordered, room) or _lay_out(ctx, ordered, room, quarter=False)

    pages: list[tuple[str, list[Primitive], float]] = []
    while True:
        shown = title if not pages else plan.words.fill("continued", stages=title)
        header, header_h = _title_block(plan, width, full=False, title=shown)
        room = height - header_h - _footer_height(plan) - top_h
        chosen: list[grid.Row] = []
        if not pages and len(story) == 2 and fits(story, room) is not None:
            chosen = list(story)
        for row in left:
            if row in chosen:
                continue
            if fits([*chosen, row], room) is None:
                break
            chosen.append(row)
        laid: list[grid.Laid]
        if chosen or not left:
            laid = fits(chosen, room) or []
            left = [r for r in left if r not in chosen]
        else:  # the most important row left does not fit a page of its own
            shrunk = _shrunk(ctx, left[0], room)
            laid = [shrunk] if shrunk is not None else []
            left = left[1:]
        parts, _ = grid.place(ctx, [*top, *laid], header_h, width)
        pages.append((shown, [*header, *parts], height))
        if not left:
            return pages


def _shrunk(ctx: grid.Ctx, row: grid.Row, room: float) -> grid.Laid | None:
    """``row`` with fewer lines and items a cell, cut text in tooltips, to fit ``room``."""
    for text_lines, items, pain_lines in _SHRINK:
        fewer = attrs.evolve(ctx, text_lines=text_lines, items=items, pain_lines=pain_lines)
        laid = grid.lay_out(fewer, row)
        if laid is None or laid.height <= room:
            return laid
    return None  # too tall even so: left out (the screen map shows it)


# -- the overview -----------------------------------------------------------------------


def _stage_widths(counts: Sequence[int], width: float, least: Sequence[float]) -> list[float]:
    """Each stage's share of ``width``: in proportion to its columns, at least its ``least``.

    >>> [round(w) for w in _stage_widths([1, 4, 1], 600, [150, 50, 50])]
    [150, 360, 90]
    """
    fixed: set[int] = set()
    while True:
        free = width - sum(least[i] for i in fixed)
        share = sum(c for i, c in enumerate(counts) if i not in fixed)
        unit = free / share if share else 0.0
        small = {i for i, c in enumerate(counts) if i not in fixed and c * unit < least[i]}
        fixed |= small
        if not small or len(fixed) == len(counts):
            break
    return [least[i] if i in fixed else c * unit for i, c in enumerate(counts)]


def _overview_ctx(plan: _Plan, width: float) -> grid.Ctx:
    """All the journey's touchpoints across the page: a stage at least 8 ems wide."""
    t = plan.theme
    journey = plan.journey
    # A stage is at least 6 ems wide, and as wide as its name's longest word.
    least = [
        max(
            6 * t.body_size,
            max((text_width(w, t.heading_size, bold=True) for w in s.name.split()), default=0)
            + 2 * t.padding
            + 6,
        )
        for s in journey.stages
    ]
    counts = [max(len(s.touchpoints), 1) for s in journey.stages]
    widths = _stage_widths(counts, width - t.label_width, least)
    cols: list[grid.Column] = []
    x = t.label_width
    for stage, w in zip(journey.stages, widths, strict=True):
        spans: list[grid.Span] = [(stage, stage.touchpoints)]
        n = max(len(stage.touchpoints), 1)
        cols += grid.columns(journey, t, spans, x=x, width=w / n)
        x += w
    return attrs.evolve(plan.base, columns=tuple(cols), overview=True)


def _overview(plan: _Plan) -> tuple[str, list[Primitive], float]:
    """The first page: title and objective, stages, the curve of the whole journey with its
    moments named, the personas' small curves and the top hotspots, as many as fit."""
    width, height = plan.page.inner
    ctx = _overview_ctx(plan, width)
    header, header_h = _title_block(plan, width, full=True)
    room = height - header_h - _footer_height(plan)
    stages = [cells.stage_row(plan.words)]
    _, hero_row = hero.emotion_rows(ctx, plan.words, "none", plan.moments, ties=False)
    curve = [hero_row] if "emotion" not in plan.hidden and hero.has_emotions(plan.journey) else []
    hotspots = _hotspot_row(plan)
    top = [hotspots] if hotspots is not None else []
    laid: list[grid.Laid] | None = None
    for trial in ([*stages, *curve, *top], [*stages, *curve]):
        laid = _lay_out(ctx, trial, room, stretch=0.7)
        if laid is not None:
            break
    if laid is None:
        laid = [item for r in stages if (item := grid.lay_out(ctx, r)) is not None]
    parts, _ = grid.place(ctx, laid, header_h, width)
    return plan.journey.title, [*header, *parts], height


def _hotspot_row(plan: _Plan) -> grid.Row | None:
    """The top hotspots, side by side: rank, name, stage, score and the worst pain point."""
    if not plan.base.ranks:
        return None
    from journeykit.analysis.hotspot_scores import hotspots

    top = [h for h in hotspots(plan.journey) if h.touchpoint in plan.base.ranks]
    stage_of = {tp.id: s for s in plan.journey.stages for tp in s.touchpoints}
    tps = {tp.id: tp for tp in plan.journey.touchpoints}

    def build(ctx: grid.Ctx, y: float) -> tuple[list[Primitive], float]:
        t = ctx.theme
        n = len(top)
        card = (ctx.right - ctx.left) / n
        inner = card - 3 * t.padding
        prims: list[Primitive] = []
        tallest = 0.0
        blocks = []
        for h in top:
            tp = tps[h.touchpoint]
            b = badge(
                ctx.words.fill("hotspot_badge", rank=h.rank),
                t.heading_size,
                t.negative,
                t.background,
            )
            paras = [
                para(
                    tp.name, inner - b.width - 6, t.body_size, t.text, bold=True, max_lines=3, gap=2
                ),
                para(
                    f"{stage_of[tp.id].name} · {ctx.words.fill('score', score=f'{h.score:.2g}')}",
                    inner - b.width - 6,
                    t.small_size,
                    t.muted,
                    max_lines=2,
                    gap=4,
                ),
            ]
            worst = sorted(tp.pain_points, key=lambda p: -p.severity)[:1]
            for pain in worst:
                paras.append(
                    para(
                        f"S{pain.severity} {pain.description}",
                        inner - b.width - 6,
                        t.body_size,
                        t.text,
                        max_lines=ctx.pain_lines,
                    )
                )
            blocks.append((h, b, paras))
            tallest = max(tallest, sum(p.height for p in paras))
        for i, (h, b, paras) in enumerate(blocks):
            x = ctx.left + i * card + t.padding
            texts, _ = stack(paras, x + t.padding + b.width + 6, y + t.padding, inner - b.width - 6)
            prims.append(
                Group(
                    cls="hotspot-card",
                    title=clean(h.name),
                    children=(
                        Rect(
                            x=x,
                            y=y,
                            width=card - 2 * t.padding,
                            height=tallest + 2 * t.padding,
                            fill=t.surface,
                            stroke=t.negative,
                            stroke_width=1.5,
                            rx=6,
                        ),
                        place_badge(b, x + t.padding, y + t.padding, t.heading_size),
                        *texts,
                    ),
                )
            )
        return prims, tallest + 2 * t.padding

    return grid.Row("hotspots", "hotspots", plan.words["top_hotspots"], build, grid=False)


# -- personas -------------------------------------------------------------------------


def _personas(plan: _Plan) -> tuple[str, list[Primitive], float] | None:
    """The personas' cards on a page of their own, and under them how each feels along
    the whole journey (a small curve each over the overall one), as many as fit."""
    width, height = plan.page.inner
    t = plan.theme
    title = f"{plan.journey.title} — {plan.words['personas']}"
    header, header_h = _title_block(plan, width, full=False, title=title)
    room = height - header_h - _footer_height(plan)
    whole = grid.Column(0, t.label_width, width - t.label_width, plan.journey.stages[0], None)
    cards = grid.lay_out(attrs.evolve(plan.base, columns=(whole,)), cells.persona_row(plan.words))
    if cards is None:
        return None
    ctx = _overview_ctx(plan, width)
    strips, _ = hero.emotion_rows(ctx, plan.words, plan.personas, plan.moments, ties=False)
    laid = [cards]
    if strips and "emotion" not in plan.hidden:
        band = grid.lay_out(ctx, cells.stage_row(plan.words))
        extra = [band, *(grid.lay_out(ctx, r) for r in strips)]
        fitting = [item for item in extra if item is not None]
        used = cards.height
        for item in fitting:
            if used + item.height > room:
                break
            laid.append(item)
            used += item.height
        if len(laid) == 2:  # a stage band and no curve under it says nothing
            laid.pop()
    parts, _ = grid.place(ctx, laid, header_h, width)
    return title, [*header, *parts], height


# -- headers, footers, scenes -----------------------------------------------------------


def _title_block(
    plan: _Plan, width: float, full: bool, title: str | None = None
) -> tuple[list[Primitive], float]:
    """The title (with objective, scope and counts when ``full``) and its height."""
    t = plan.theme
    j = plan.journey
    w = plan.words
    if not full:
        p = para(title or j.title, width, t.heading_size * 1.25, t.text, bold=True, max_lines=2)
        texts, h = stack([p], 0, 0, width)
        return [Group(id="header", cls="header", children=tuple(texts))], h + t.padding
    paras = [para(j.title, width, t.title_size, t.text, bold=True, max_lines=2, gap=4)]
    if j.objective:
        paras.append(
            para(
                w.fill("objective", text=j.objective),
                width,
                t.body_size,
                t.muted,
                max_lines=3,
                gap=2,
            )
        )
    meta = [w.count("stage", len(j.stages)), w.count("touchpoint", len(j.touchpoints))]
    if j.updated:
        meta.append(w.fill("updated", date=j.updated.isoformat()))
    paras.append(para(" · ".join(meta), width, t.small_size, t.muted, max_lines=1))
    texts, h = stack(paras, 0, 0, width)
    return [Group(id="header", cls="header", children=tuple(texts))], h + t.padding


def _footer_height(plan: _Plan) -> float:
    return plan.theme.small_size * 1.25 + plan.theme.padding


def _scene(
    plan: _Plan, title: str, parts: list[Primitive], height: float, n: int, total: int
) -> Scene:
    page = plan.page
    t = plan.theme
    width = page.inner[0]
    footer = para(plan.words.fill("page", n=n, total=total), width, t.small_size, t.muted)
    texts, _ = stack([footer], 0, height - footer.height, width, anchor="end")
    body = Group(
        cls="page",
        translate=(page.margin, page.margin),
        children=(*parts, Group(id="footer", cls="footer", children=tuple(texts))),
    )
    desc = plan.desc if n == 1 else f"{plan.desc} Page {n} of {total}: {clean(title)}."
    laid_out = view_scene("map", t, page.width, page.height, title, desc, [body])
    return attrs.evolve(laid_out, page=page)


def emotion_page(
    journey: Journey, theme: Theme, page: Page, persona: str | None, desc: str
) -> Pages:
    """The emotion view on a page: the stages, the curve of the whole journey as its hero
    (moments named), and under it each persona's small curve, as many as fit."""
    words = Words.of()
    base = grid.Ctx(journey=journey, theme=theme, words=words, columns=(), persona=persona)
    plan = _Plan(journey, theme, page, words, base, frozenset(), False, "separate", True, desc)
    width, height = page.inner
    ctx = _overview_ctx(plan, width)
    title = f"Emotion along the journey — {journey.title}"
    header, header_h = _title_block(plan, width, full=False, title=title)
    room = height - header_h - _footer_height(plan)
    strips, hero_row = hero.emotion_rows(ctx, words, "separate", True, ties=False)
    stages = [cells.stage_row(words)]
    laid: list[grid.Laid] | None = None
    for n in range(len(strips), -1, -1):
        laid = _lay_out(ctx, [*stages, hero_row, *strips[:n]], room, stretch=0.75)
        if laid is not None:
            break
    parts, _ = grid.place(ctx, laid or [], header_h, width)
    scene = _scene(plan, title, [*header, *parts], height, 1, 1)
    return Pages([attrs.evolve(scene, view="emotion")], page)
