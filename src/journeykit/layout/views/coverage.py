"""The coverage view: a channel × stage grid of touchpoint counts, with the real gaps loud.

Rows are the journey's channels (name, and whether online or offline),
columns its stages. A cell with touchpoints writes its count and is shaded
by it on a sequential scale running from the theme's surface to its accent;
the number on top takes whichever theme colour reads best on the shade. An
empty cell is quiet: blank. A real gap — a channel with touchpoints in
stages before and after, but none here — is loud: a warm tint, a heavy
dashed edge and the words "gap: interrupted", so it never rests on colour.
Totals close each row and column; a stage served by a single channel says
so under its total.
"""

from __future__ import annotations

from collections.abc import Callable

from journeykit.analysis.channel_coverage import Coverage, coverage
from journeykit.layout import LayoutError
from journeykit.layout.blocks import heading, para, plural, stack, view_scene
from journeykit.layout.pages import Pages, paged
from journeykit.layout.scene import Group, Primitive, Rect, Scene
from journeykit.layout.text import LINE_HEIGHT, clean, text_width
from journeykit.layout.theme import Theme, contrast, get_theme, mix
from journeykit.layout.views.registry import Option, View, journey_of
from journeykit.model import Journey

__all__ = ["VIEW", "coverage_view"]

_GAP_WORDS = {"interrupted": "gap: interrupted", "missing": "gap: missing"}


def coverage_view(
    subject: Journey | Coverage,
    theme: str | Theme | None = None,
    *,
    journey: Journey | None = None,
    page: str | tuple[float, float] = "screen",
) -> Scene | Pages:
    """Lay out the channel × stage coverage grid of a journey.

    Parameters
    ----------
    subject : Journey or Coverage
        A journey, or the result of :func:`journeykit.coverage`.
    theme : str or Theme, optional
    journey : Journey, optional
        The journey a Coverage built by hand came from (the result of
        :func:`journeykit.coverage` carries its own).
    """
    if page != "screen":  # laid out with the page's type, then on its pages
        return paged(lambda th: coverage_view(subject, th, journey=journey), get_theme(theme), page)

    t = get_theme(theme)
    if isinstance(subject, Journey):
        journey = subject
        cov = coverage(journey)
    elif isinstance(subject, Coverage):
        journey = journey_of(subject, journey)
        cov = subject
    else:
        raise LayoutError(
            f"the coverage view draws a Journey or the result of jk.coverage, "
            f"not {type(subject).__name__}"
        )

    pad = t.padding
    margin = 2 * pad
    gaps: dict[tuple[str | None, str], str] = {
        (g.channel, g.stage): g.kind for g in cov.gaps if g.kind != "single-channel"
    }
    single = {g.stage for g in cov.gaps if g.kind == "single-channel"}
    n_rows, n_cols = len(cov.channels), len(cov.stages)
    most = max((n for row in cov.counts for n in row), default=0)

    label_w = t.label_width * 1.2
    cell_w = max(
        t.column_width * 0.6,
        text_width(_GAP_WORDS["interrupted"], t.small_size) + 2 * pad + 4,
        text_width("single channel", t.small_size) + 2 * pad + 4,
    )
    total_w = max(text_width("Total", t.body_size, bold=True), cell_w * 0.6) + 2 * pad
    grid_x = margin + label_w
    width = max(grid_x + n_cols * cell_w + total_w + margin, 480.0)
    inner = width - 2 * margin

    parts: list[Primitive] = []
    header, header_h = heading(
        f"Channel coverage — {journey.title}",
        _summary(journey, cov, gaps, single),
        margin,
        margin,
        inner,
        t,
        subtitle_lines=3,
    )
    parts.append(header)
    y = margin + header_h + pad

    if not n_cols or not n_rows:
        message = (
            "No stages, so there is nothing to cover."
            if not n_cols
            else "No channels and no touchpoints, so there is nothing to count."
        )
        texts, h = stack([para(message, inner, t.body_size, t.text, max_lines=2)], margin, y, inner)
        parts.append(Group(id="empty", cls="empty", children=tuple(texts)))
        y += h + pad
    else:
        legend, legend_h = _legend(t, most, margin, y, inner)
        parts.append(Group(id="legend", cls="legend", children=tuple(legend)))
        y += legend_h + 1.5 * pad
        y = _grid(parts, journey, cov, t, gaps, single, most, y, grid_x, cell_w, total_w, label_w)
        y += pad

    notes = (
        []
        if not n_cols or not n_rows
        else [
            para(
                "gap: interrupted — the channel has touchpoints in stages before and after, but "
                "none here. A blank cell has no touchpoints (its tooltip says whether the "
                "channel is used elsewhere). single channel — every touchpoint of the stage is "
                "on one channel.",
                inner,
                t.small_size,
                t.muted,
                max_lines=4,
            )
        ]
    )
    texts, notes_h = stack(notes, margin, y, inner)
    parts.append(Group(id="footnote", cls="footnote", children=tuple(texts)))
    height = y + notes_h + margin
    return view_scene(
        "coverage",
        t,
        width,
        height,
        f"Channel coverage: {journey.title}",
        _describe(journey, cov, gaps, single),
        parts,
    )


def _grid(
    parts: list[Primitive],
    journey: Journey,
    cov: Coverage,
    t: Theme,
    gaps: dict[tuple[str | None, str], str],
    single: set[str],
    most: int,
    y: float,
    grid_x: float,
    cell_w: float,
    total_w: float,
    label_w: float,
) -> float:
    """Draw the header row, one row per channel and the totals row; return the bottom."""
    pad = t.padding
    margin = 2 * pad
    stage_names = {s.id: s.name for s in journey.stages}
    channel_of = {ch.id: ch for ch in journey.channels}
    n_cols = len(cov.stages)
    right = grid_x + n_cols * cell_w + total_w

    # Column headers: stage names on the header colour.
    heads = [
        para(
            stage_names.get(s, s),
            cell_w - 2 * pad - 4,
            t.body_size,
            t.header_text,
            bold=True,
            max_lines=3,
        )
        for s in cov.stages
    ]
    head_h = max(max((p.height for p in heads), default=0.0), t.body_size * LINE_HEIGHT) + 2 * pad
    corner = [para("Channel", label_w - 2 * pad, t.body_size, t.text, bold=True)]
    prims: list[Primitive] = []
    texts, _ = stack(corner, margin, y + head_h - pad - corner[0].height, label_w - 2 * pad)
    prims += texts
    for c, (stage_id, p) in enumerate(zip(cov.stages, heads, strict=True)):
        x = grid_x + c * cell_w
        texts, _ = stack([p], x + pad + 2, y + pad, cell_w - 2 * pad - 4)
        prims.append(
            Group(
                id=f"stage-{c}",
                cls="stage",
                title=clean(stage_names.get(stage_id, stage_id)),
                children=(
                    Rect(x=x + 2, y=y, width=cell_w - 4, height=head_h, fill=t.header, rx=3),
                    *texts,
                ),
            )
        )
    total_head = para("Total", total_w - 2 * pad, t.body_size, t.text, bold=True)
    texts, _ = stack(
        [total_head],
        right - total_w + pad,
        y + head_h - pad - total_head.height,
        total_w - 2 * pad,
        anchor="middle",
    )
    prims += texts
    parts.append(Group(id="columns", cls="columns", children=tuple(prims)))
    y += head_h + 4

    count_h = t.heading_size * LINE_HEIGHT
    note_h = t.small_size * LINE_HEIGHT
    cell_content = count_h + note_h
    for r, channel in enumerate(cov.channels):
        if channel is None:
            name, kind = "No channel", "touchpoints without one"
        else:
            ch = channel_of.get(channel)
            name, kind = (ch.name, ch.kind) if ch is not None else (channel, "")
        label = [para(name, label_w - 2 * pad, t.body_size, t.text, bold=True, max_lines=2)]
        if kind:
            label.append(para(kind, label_w - 2 * pad, t.small_size, t.muted, max_lines=1))
        row_h = max(sum(p.height for p in label), cell_content) + 2 * pad
        row_fill = t.surface_alt if r % 2 else t.surface
        prims = [Rect(x=0, y=y, width=right + margin, height=row_h, fill=row_fill)]
        texts, _ = stack(label, margin, y + pad, label_w - 2 * pad)
        prims += texts
        for c, stage_id in enumerate(cov.stages):
            count = cov.counts[r][c]
            gap = gaps.get((channel, stage_id))
            prims.append(
                _cell(
                    t,
                    grid_x + c * cell_w,
                    y,
                    cell_w,
                    row_h,
                    count,
                    most,
                    gap,
                    row_fill,
                    f"{clean(name)} × {clean(stage_names.get(stage_id, stage_id))}: "
                    f"{_touchpoints(count)}" + (f" ({_GAP_WORDS[gap]})" if gap else ""),
                )
            )
        total = sum(cov.counts[r])
        prims.append(_total(t, right - total_w, y, total_w, row_h, str(total), None, row_fill))
        parts.append(Group(id=f"row-{r}", cls="channel", title=clean(name), children=tuple(prims)))
        y += row_h

    # Totals per stage, and the grand total.
    label = [para("All channels", label_w - 2 * pad, t.body_size, t.text, bold=True)]
    row_h = cell_content + 2 * pad
    prims = [
        Rect(x=0, y=y, width=right + margin, height=row_h, fill=t.surface_alt),
        *stack(label, margin, y + pad, label_w - 2 * pad)[0],
    ]
    for c, stage_id in enumerate(cov.stages):
        total = sum(row[c] for row in cov.counts)
        note = "single channel" if stage_id in single else None
        prims.append(
            _total(t, grid_x + c * cell_w, y, cell_w, row_h, str(total), note, t.surface_alt)
        )
    grand = sum(sum(row) for row in cov.counts)
    prims.append(_total(t, right - total_w, y, total_w, row_h, str(grand), None, t.surface_alt))
    parts.append(Group(id="totals", cls="totals", children=tuple(prims)))
    return y + row_h


def _cell(
    t: Theme,
    x: float,
    y: float,
    w: float,
    h: float,
    count: int,
    most: int,
    gap: str | None,
    behind: str,
    title: str,
) -> Group:
    pad = t.padding
    inset = 3.0
    box_x, box_y, box_w, box_h = x + inset, y + inset, w - 2 * inset, h - 2 * inset
    if not count and gap != "interrupted":
        # Empty is quiet: nothing drawn in the cell (its tooltip still says so).
        return Group(cls="cell empty", title=title, children=())
    if gap is not None:
        rect = _gap_rect(t, gap, box_x, box_y, box_w, box_h, behind)
        fill = rect.fill or behind
    else:
        fill = _shade(t, count, most) if count else behind
        rect = Rect(
            x=box_x,
            y=box_y,
            width=box_w,
            height=box_h,
            fill=fill,
            stroke=t.grid,
            stroke_width=0.5,
            rx=3,
        )
    count_h = t.heading_size * LINE_HEIGHT
    note_h = t.small_size * LINE_HEIGHT
    block_h = count_h + (note_h if gap else 0.0)
    top = y + (h - block_h) / 2
    colour = _readable(fill, t) if count else _readable(fill, t, prefer=t.muted)
    prims: list[Primitive] = [rect]
    prims += _centred(str(count), x + pad, top, w - 2 * pad, t.heading_size, colour, bold=True)
    if gap is not None:
        word = _readable(fill, t, prefer=t.negative if gap == "interrupted" else t.muted)
        prims += _centred(
            _GAP_WORDS[gap],
            x + pad,
            top + count_h,
            w - 2 * pad,
            t.small_size,
            word,
            bold=gap == "interrupted",
        )
    return Group(cls="cell gap" if gap else "cell", title=title, children=tuple(prims))


def _gap_rect(t: Theme, gap: str, x: float, y: float, w: float, h: float, behind: str) -> Rect:
    """The outline of a gap: a real gap (an interrupted channel) is loud — a warm tint and a
    heavy warm dashed edge; a channel merely missing from a stage is a faint dotted edge."""
    strong = gap == "interrupted"
    return Rect(
        x=x,
        y=y,
        width=w,
        height=h,
        fill=mix(behind, t.negative, 0.12) if strong else behind,
        stroke=t.negative if strong else t.grid,
        stroke_width=2.0 if strong else 1.0,
        dash=(5, 3) if strong else (2, 3),
        rx=3,
    )


def _total(
    t: Theme, x: float, y: float, w: float, h: float, text: str, note: str | None, behind: str
) -> Group:
    pad = t.padding
    count_h = t.body_size * LINE_HEIGHT
    note_h = t.small_size * LINE_HEIGHT if note else 0.0
    top = y + (h - count_h - note_h) / 2
    prims = _centred(text, x + pad, top, w - 2 * pad, t.body_size, t.text, bold=True)
    if note:
        colour = _readable(behind, t, prefer=t.negative)
        prims += _centred(note, x + pad, top + count_h, w - 2 * pad, t.small_size, colour)
    return Group(cls="total", children=tuple(prims))


def _centred(
    text: str, x: float, y: float, w: float, size: float, colour: str, bold: bool = False
) -> list[Primitive]:
    """One line of ``text`` centred in the box from ``x`` of width ``w``, top at ``y``."""
    p = para(text, w, size, colour, bold=bold)
    texts, _ = stack([p], x, y, w, anchor="middle")
    return texts


def _shade(t: Theme, count: int, most: int) -> str:
    """The fill of a cell holding ``count`` touchpoints: surface (few) to accent (most)."""
    f = 1.0 if most <= 1 else 0.3 + 0.7 * (count - 1) / (most - 1)
    return mix(t.surface, t.accent, f)


def _readable(fill: str, t: Theme, prefer: str | None = None) -> str:
    """``prefer`` when it reads at WCAG AA on ``fill``, else the theme colour that reads best."""
    if prefer is not None and contrast(prefer, fill) >= 4.5:
        return prefer
    candidates = [t.text, t.background, t.header_text, "#000000", "#ffffff"]
    ok = [c for c in candidates if contrast(c, fill) >= 4.5]
    return ok[0] if ok else max(candidates, key=lambda c: contrast(c, fill))


def _touchpoints(n: int) -> str:
    return f"{n} touchpoint{'' if n == 1 else 's'}"


_Draw = Callable[[float, float], list[Primitive]]


def _legend(
    t: Theme, most: int, x0: float, y: float, width: float
) -> tuple[list[Primitive], float]:
    """The shade scale with numbers in it, and what the two kinds of gap look like."""
    size = t.small_size
    line_h = size * LINE_HEIGHT
    box_h = line_h + 4
    box_w = max(text_width(str(max(most, 1)), size, bold=True) + 12, 26.0)
    near, far = 6.0, 18.0
    # (space before, width, painter)
    items: list[tuple[float, float, _Draw]] = []

    def label(text: str, before: float) -> None:
        w = min(text_width(clean(text), size) + 0.5, width)

        def draw(x: float, top: float) -> list[Primitive]:
            p = para(text, w, size, t.text)
            return stack([p], x, top + (box_h - line_h) / 2, w)[0]

        items.append((before, w, draw))

    label("Touchpoints per cell:", 0.0)
    for i, v in enumerate(_scale_values(most)):
        fill = _shade(t, v, most)

        def swatch(x: float, top: float, v: int = v, fill: str = fill) -> list[Primitive]:
            return [
                Rect(x=x, y=top, width=box_w, height=box_h, fill=fill, stroke=t.grid, rx=2),
                *_centred(str(v), x, top + 2, box_w, size, _readable(fill, t), bold=True),
            ]

        items.append((near if i else far * 0.5, box_w, swatch))
    empty_w = 2 * box_w

    def empty(x: float, top: float) -> list[Primitive]:
        return [
            Rect(x=x, y=top, width=empty_w, height=box_h, fill=t.background, stroke=t.grid, rx=2)
        ]

    items.append((far, empty_w, empty))
    label("none (blank)", near)
    for kind, meaning in (("interrupted", "used before and after, not here"),):
        strong = kind == "interrupted"
        word = _GAP_WORDS[kind]
        gap_w = text_width(word, size, bold=strong) + 14
        colour = _readable(t.background, t, t.negative if strong else t.muted)

        def gap(
            x: float, top: float, kind: str = kind, w: float = gap_w, colour: str = colour
        ) -> list[Primitive]:
            return [
                _gap_rect(t, kind, x, top, w, box_h, t.background),
                *_centred(
                    _GAP_WORDS[kind], x, top + 2, w, size, colour, bold=kind == "interrupted"
                ),
            ]

        items.append((far, gap_w, gap))
        label(meaning, near)

    prims: list[Primitive] = []
    x, top = x0, y
    for before, w, draw in items:
        if x > x0 and x + before + w > x0 + width:
            x, top = x0, top + box_h + 4
        elif x > x0:
            x += before
        prims += draw(x, top)
        x += w
    return prims, top + box_h - y


def _scale_values(most: int) -> list[int]:
    if most <= 0:
        return []
    if most <= 6:
        return list(range(1, most + 1))
    steps = 5
    return sorted({1 + round((most - 1) * k / (steps - 1)) for k in range(steps)})


def _summary(
    journey: Journey,
    cov: Coverage,
    gaps: dict[tuple[str | None, str], str],
    single: set[str],
) -> str:
    online = sum(1 for ch in journey.channels if ch.kind == "online")
    offline = sum(1 for ch in journey.channels if ch.kind == "offline")
    parts = [
        f"{plural(len(journey.channels), 'channel')} ({online} online, {offline} offline) × "
        f"{plural(len(cov.stages), 'stage')}"
    ]
    kinds = list(gaps.values())
    if kinds:
        parts.append(
            f"{plural(len(kinds), 'gap')} ({kinds.count('interrupted')} interrupted, "
            f"{kinds.count('missing')} missing)"
        )
    else:
        parts.append("no gaps")
    if single:
        parts.append(
            f"{len(single)} stage{'s' if len(single) != 1 else ''} served by a single channel"
        )
    if not journey.channels:
        parts.append("no channels declared")
    elif not online or not offline:
        parts.append(f"no {'online' if not online else 'offline'} channel")
    return "; ".join(parts) + "."


def _describe(
    journey: Journey,
    cov: Coverage,
    gaps: dict[tuple[str | None, str], str],
    single: set[str],
) -> str:
    title = clean(journey.title)
    if len(title) > 200:
        title = title[:199] + "…"
    text = f"Channel coverage of {title}: " + _summary(journey, cov, gaps, single)
    names = {ch.id: clean(ch.name)[:60] for ch in journey.channels}
    stages = {s.id: clean(s.name)[:60] for s in journey.stages}
    interrupted = [
        f"{names.get(ch or '', 'no channel')} in {stages.get(s, s)}"
        for (ch, s), kind in gaps.items()
        if kind == "interrupted"
    ]
    if interrupted:
        text += " Interrupted: " + "; ".join(interrupted[:10]) + "."
    return text[:2000]


VIEW = View(
    name="coverage",
    summary="A channel × stage grid of touchpoint counts, gaps marked in words.",
    subjects=("journey", "coverage"),
    options=(
        Option("journey", Journey | None, None, "The journey a hand-built Coverage came from."),
        Option(
            "page",
            str | tuple | list,
            "screen",
            "'screen' (free size), 'slide', 'a4', 'a3', 'letter' or (width, height): pages.",
        ),
    ),
    layout=coverage_view,
)
