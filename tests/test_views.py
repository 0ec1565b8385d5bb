"""Every view lays out legibly: its texts fit their boxes, stay on the canvas and never overlap.

These checks use the layout's own font metrics (``text_width``), so they run
without a browser; ``test_browser.py`` checks the same in Chromium. Each
view is laid out for both examples in the three themes, and for journeys
that are hard to lay out: 3,000-character names (prose, one unbroken word,
CJK), a journey without stages and a stage without touchpoints.
"""

from __future__ import annotations

import itertools
import math
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from journeykit.layout.scene import Group, Rect, Scene, Text
from journeykit.layout.scene import Path as ScenePath
from journeykit.layout.text import ascent, descent, text_width
from journeykit.layout.theme import THEMES
from journeykit.layout.views import VIEWS, get_view

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_NAMES = ("coffee-maker.json", "hospital-visit.yaml")
TODAY = date(2026, 10, 1)
WIDTH_SLACK = 0.5  # scene units a line may pass its box by (rounding)
HEIGHT_SLACK = 1.0
OVERLAP = 0.5  # two boxes may share this much both ways before they overlap
BUCKET = 64.0  # size of the grid cells the overlap check sorts boxes into


# -- journeys ---------------------------------------------------------------------

_WORDS = "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
_UNBROKEN = "Supercalifragilisticexpialidocious"
_CJK = "顧客体験の旅程図を作るための長い説明文です。咖啡机的购买旅程。고객 여정 지도입니다."


def _long(kind: int, seed: int = 0) -> str:
    """3,000 characters of prose, of one unbroken word, or of CJK."""
    base = (f"{seed} " + _WORDS, _UNBROKEN + str(seed), _CJK + str(seed))[kind % 3]
    return (base * (3000 // len(base) + 1))[:3000]


@cache
def example(name: str) -> jk.Journey:
    return jk.load(EXAMPLES / name)


@cache
def long_journey() -> jk.Journey:
    """Three stages of three touchpoints; every name and text 3,000 characters long."""
    seed = iter(range(10_000))
    channels = [
        jk.Channel(id=f"ch-{i}", name=_long(i, next(seed)), kind="online" if i else "offline")
        for i in range(3)
    ]
    stages = []
    for s in range(3):
        touchpoints = []
        for k in range(3):
            n = s * 3 + k
            touchpoints.append(
                jk.Touchpoint(
                    id=f"user-tp-{n}",
                    name=_long(n, next(seed)),
                    channel=f"ch-{n % 3}",
                    actions=[_long(n + 1, next(seed))],
                    emotion=round(math.sin(n) * 0.9, 2),
                    emotions={"p-0": round(math.cos(n) * 0.8, 2)},
                    pain_points=[
                        jk.PainPoint(
                            id=f"pain-{n}", description=_long(n + 2, next(seed)), severity=n % 5 + 1
                        )
                    ],
                    opportunities=[
                        jk.Opportunity(
                            id=f"opp-{n}",
                            description=_long(n, next(seed)),
                            addresses=[f"pain-{n}"],
                            owner=_long(n + 1, next(seed))[:300],
                            status="planned" if n % 2 else "idea",
                        )
                    ],
                    metrics=[
                        jk.Metric(name=_long(n + 2, next(seed))[:400], value=123456.789, unit="EUR")
                    ],
                    reach=1000 * (n + 1),
                )
            )
        stages.append(
            jk.Stage(
                id=f"user-stage-{s}",
                name=_long(s, next(seed)),
                goal=_long(s + 1, next(seed)),
                touchpoints=touchpoints,
            )
        )
    ids = [f"user-tp-{n}" for n in range(9)]
    flows = [
        jk.Flow(source=a, target=b, count=900 - 80 * i)
        for i, (a, b) in enumerate(itertools.pairwise(ids))
    ]
    flows += [
        jk.Flow(source="user-tp-0", target="user-tp-4", count=120),  # skips a column
        jk.Flow(source="user-tp-5", target="user-tp-2"),  # backwards, without a count
        jk.Flow(source="user-tp-3", target="user-tp-3", count=5),  # a loop
    ]
    return jk.Journey(
        title=_long(0, 1),
        objective=_long(1, 2),
        scope=_long(2, 3),
        personas=[jk.Persona(id="p-0", name=_long(2, 4), quote=_long(0, 5), goals=[_long(1, 6)])],
        channels=channels,
        stages=stages,
        flows=flows,
    )


def empty_journey() -> jk.Journey:
    return jk.Journey(title="Nothing yet")


def empty_stage_journey() -> jk.Journey:
    return jk.Journey(
        title="One empty stage",
        channels=[jk.Channel(id="web", name="Website", kind="online")],
        stages=[jk.Stage(id="look", name="Looking around")],
    )


def journey_named(name: str) -> jk.Journey:
    if name == "long-names":
        return long_journey()
    if name == "empty":
        return empty_journey()
    if name == "empty-stage":
        return empty_stage_journey()
    return example(name)


def earlier(journey: jk.Journey) -> jk.Journey:
    """An earlier version of ``journey``: the first touchpoint renamed, the last one absent."""
    tps = journey.touchpoints
    if not tps:
        return journey.evolve(title=journey.title + " (draft)")
    first, last = tps[0], tps[-1]
    old = journey.replace_touchpoint(
        first.id, emotion=-(first.emotion or 0.0) or 0.5, name=first.name + " (old)"
    )
    return old.remove_touchpoint(last.id) if len(tps) > 1 else old


def options(view: str, journey: jk.Journey) -> dict[str, Any]:
    return {"base": earlier(journey), "today": TODAY} if view == "diff" else {}


def scene_of(view: str, name: str, theme: str = "light") -> Scene:
    journey = journey_named(name)
    return get_view(view)(journey, theme=theme, **options(view, journey))


# -- the checks -------------------------------------------------------------------


def _show(text: Text) -> str:
    shown = " / ".join(text.lines)
    return repr(shown if len(shown) <= 60 else shown[:57] + "...")


def _ink(text: Text) -> tuple[float, float, float, float]:
    """Where the glyphs of ``text`` go: left, top, right, bottom."""
    widest = max(text_width(line, text.size, text.bold) for line in text.lines)
    left = {"start": text.x, "middle": text.x - widest / 2, "end": text.x - widest}[text.anchor]
    top = text.y - ascent(text.size, text.bold)
    bottom = text.y + (len(text.lines) - 1) * text.line_height + descent(text.size, text.bold)
    return left, top, left + widest, bottom


def layout_problems(scene: Scene) -> list[str]:
    """Every way ``scene`` breaks the layout rules, described."""
    problems: list[str] = []
    if not (scene.width > 0 and scene.height > 0):
        problems.append(f"the scene is {scene.width} × {scene.height}")
    if not scene.title.strip():
        problems.append("the scene has no title")
    if not scene.desc.strip() or len(scene.desc) > 2000:
        problems.append(f"the desc is {len(scene.desc)} characters")
    boxes: list[tuple[float, float, float, float, Text]] = []
    for text in scene.texts():
        if not text.lines:
            continue
        if text.box is None:
            problems.append(f"{_show(text)} has no box")
            continue
        bx, by, bw, bh = text.box
        for line in text.lines:
            w = text_width(line, text.size, text.bold)
            if w > bw + WIDTH_SLACK:
                problems.append(f"{_show(text)}: a line is {w:.1f} wide in a box {bw:.1f} wide")
        left, top, right, bottom = _ink(text)
        if left < bx - WIDTH_SLACK or right > bx + bw + WIDTH_SLACK:
            problems.append(
                f"{_show(text)}: glyphs span x {left:.1f}..{right:.1f}, "
                f"its box {bx:.1f}..{bx + bw:.1f}"
            )
        if top < by - HEIGHT_SLACK or bottom > by + bh + HEIGHT_SLACK:
            problems.append(
                f"{_show(text)}: glyphs span y {top:.1f}..{bottom:.1f}, "
                f"its box {by:.1f}..{by + bh:.1f}"
            )
        if bx < -WIDTH_SLACK or by < -WIDTH_SLACK:
            problems.append(f"{_show(text)}: its box starts off the canvas at ({bx:.1f}, {by:.1f})")
        if bx + bw > scene.width + WIDTH_SLACK or by + bh > scene.height + WIDTH_SLACK:
            problems.append(
                f"{_show(text)}: its box ends at ({bx + bw:.1f}, {by + bh:.1f}), "
                f"off the {scene.width:.1f} × {scene.height:.1f} canvas"
            )
        boxes.append((bx, by, bx + bw, by + bh, text))
    problems += overlaps(boxes)
    return problems


def overlaps(boxes: list[tuple[float, float, float, float, Text]]) -> list[str]:
    """Pairs of boxes sharing more than OVERLAP both ways, found through a grid of buckets."""
    grid: dict[tuple[int, int], list[int]] = {}
    for i, (x0, y0, x1, y1, _) in enumerate(boxes):
        for gx in range(int(x0 // BUCKET), int(x1 // BUCKET) + 1):
            for gy in range(int(y0 // BUCKET), int(y1 // BUCKET) + 1):
                grid.setdefault((gx, gy), []).append(i)
    found: set[tuple[int, int]] = set()
    out = []
    for members in grid.values():
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                if (a, b) in found:
                    continue
                ax0, ay0, ax1, ay1, at = boxes[a]
                bx0, by0, bx1, by1, bt = boxes[b]
                dx = min(ax1, bx1) - max(ax0, bx0)
                dy = min(ay1, by1) - max(ay0, by0)
                if dx > OVERLAP and dy > OVERLAP:
                    found.add((a, b))
                    out.append(f"{_show(at)} and {_show(bt)} overlap by {dx:.1f} × {dy:.1f}")
    return out


def assert_legible(scene: Scene, label: str) -> None:
    problems = layout_problems(scene)
    shown = "\n  ".join(problems[:30])
    more = f"\n  … and {len(problems) - 30} more" if len(problems) > 30 else ""
    assert not problems, f"{label}: {len(problems)} layout problems\n  {shown}{more}"


# -- every view, every example, every theme ---------------------------------------


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_examples_lay_out_legibly(view: str, name: str, theme: str) -> None:
    scene = scene_of(view, name, theme)
    assert scene.view == view
    assert scene.texts(), f"{view}/{name} has no text"
    assert_legible(scene, f"{view}/{name}/{theme}")


@pytest.mark.parametrize("name", ["long-names", "empty", "empty-stage"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_hard_journeys_lay_out_legibly(view: str, name: str) -> None:
    scene = scene_of(view, name)
    assert scene.texts(), f"{view}/{name} has no text"
    assert_legible(scene, f"{view}/{name}")


def test_the_long_journey_is_long() -> None:
    j = long_journey()
    assert all(len(tp.name) == 3000 for tp in j.touchpoints)
    assert any(_UNBROKEN in tp.name for tp in j.touchpoints)
    assert any("顧客" in tp.name for tp in j.touchpoints)


@pytest.mark.parametrize("view", list(VIEWS))
def test_ids_are_local(view: str) -> None:
    """Group ids come from the view, never from the journey's own ids."""
    scene = scene_of(view, "long-names")
    journey_ids = {tp.id for tp in long_journey().touchpoints} | {
        s.id for s in long_journey().stages
    }
    ids = [item.id for item in scene.walk() if isinstance(item, Group) and item.id]
    assert len(ids) == len(set(ids)), "duplicate group ids"
    assert not journey_ids & set(ids)


# -- the checks themselves ----------------------------------------------------------


def _text(box: tuple[float, float, float, float], line: str = "Hello") -> Text:
    return Text(
        x=box[0],
        y=box[1] + 10,
        lines=(line,),
        size=10,
        color="#000000",
        line_height=12.5,
        box=box,
    )


def _scene(*texts: Text) -> Scene:
    return Scene(
        width=200,
        height=100,
        title="t",
        desc="d",
        background="#ffffff",
        font_family="x",
        view="map",
        children=texts,
    )


def test_the_checks_pass_a_good_layout() -> None:
    assert layout_problems(_scene(_text((0, 0, 60, 12.5)), _text((0, 20, 60, 12.5)))) == []


@pytest.mark.parametrize(
    ("texts", "found"),
    [
        ([_text((0, 0, 10, 12.5))], "wide in a box"),
        ([_text((0, 0, 60, 12.5)), _text((30, 5, 60, 12.5))], "overlap by"),
        ([_text((180, 0, 60, 12.5))], "off the"),
        ([_text((0, 0, 60, 4))], "glyphs span y"),
        (
            [Text(x=0, y=10, lines=("x",), size=10, color="#000000", line_height=12.5)],
            "has no box",
        ),
    ],
)
def test_the_checks_find_a_bad_layout(texts: list[Text], found: str) -> None:
    problems = layout_problems(_scene(*texts))
    assert any(found in p for p in problems), problems


# -- options -----------------------------------------------------------------------


def test_unknown_view_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(jk.JourneyError, match="did you mean 'hotspots'"):
        get_view("hotspot")
    with pytest.raises(jk.JourneyError, match="views: map"):
        jk.render(example("coffee-maker.json"), view="sankey")


def test_hotspots_top_zero_draws_an_empty_chart() -> None:
    scene = get_view("hotspots")(example("coffee-maker.json"), top=0)
    shown = " ".join(line for text in scene.texts() for line in text.lines)
    assert "top=0" in shown
    assert not [g for g in scene.walk() if isinstance(g, Group) and (g.id or "").startswith("bar-")]
    assert_legible(scene, "hotspots top=0")


@pytest.mark.parametrize("top", [-1, 1.5, True, "3"])
def test_hotspots_top_must_be_a_count(top: Any) -> None:
    with pytest.raises(jk.JourneyError, match="top"):
        get_view("hotspots")(example("coffee-maker.json"), top=top)


def test_hotspots_draw_the_top_and_count_the_rest() -> None:
    j = example("hospital-visit.yaml")
    scene = get_view("hotspots")(j, top=3)
    bars = [g for g in scene.walk() if isinstance(g, Group) and (g.id or "").startswith("bar-")]
    assert len(bars) == 3
    shown = " ".join(line for text in scene.texts() for line in text.lines)
    scoring = sum(1 for h in jk.hotspots(j) if h.score > 0)
    zero = len(j.touchpoints) - scoring
    assert f"{zero} touchpoints without pain not shown" in shown
    assert f"{scoring - 3} lower-scoring touchpoints not shown" in shown
    # Each part of the score is written out, not only coloured.
    assert "pain " in shown
    assert "unaddressed " in shown


def test_hotspots_of_results_carry_their_journey() -> None:
    j = example("coffee-maker.json")
    found = jk.hotspots(j)
    view = get_view("hotspots")
    assert_legible(view(found), "hotspots of results")
    with pytest.raises(jk.JourneyError, match="weights"):
        view(found, weights={"pain": 2})
    # Hotspots gathered by hand do not know their journey: journey= names it.
    by_hand = tuple(found)
    with pytest.raises(jk.JourneyError, match="journey="):
        view(by_hand)
    assert view(by_hand, journey=j) == view(found)


def test_hotspots_weights_are_checked() -> None:
    with pytest.raises(jk.JourneyError):
        get_view("hotspots")(example("coffee-maker.json"), weights={"pian": 2})


def test_diff_needs_a_base() -> None:
    with pytest.raises(jk.JourneyError, match="base="):
        get_view("diff")(example("coffee-maker.json"))
    with pytest.raises(
        jk.JourneyError, match=r"option base: expected Journey or None, got 'old\.json'"
    ):
        get_view("diff")(example("coffee-maker.json"), base="old.json")


def test_diff_of_a_journey_with_itself_says_so() -> None:
    j = example("coffee-maker.json")
    scene = get_view("diff")(j, base=j, today=TODAY)
    shown = " ".join(line for text in scene.texts() for line in text.lines)
    assert "No differences" in shown


def test_diff_marks_changes_in_words() -> None:
    j = example("coffee-maker.json")
    scene = get_view("diff")(j, base=earlier(j), today=TODAY)
    shown = " ".join(line for text in scene.texts() for line in text.lines)
    assert "+ added" in shown
    assert "~ changed" in shown
    first = j.touchpoints[0]
    assert f"emotion: {'−0.2'} → +0.2 (+0.4)" in shown or first.emotion != 0.2
    assert "Findings new" in shown


@pytest.mark.parametrize("min_count", [-1, 0.5, False])
def test_flow_min_count_must_be_a_count(min_count: Any) -> None:
    with pytest.raises(jk.JourneyError, match="min_count"):
        get_view("flow")(example("coffee-maker.json"), min_count=min_count)


def test_flow_hides_small_flows_and_says_so() -> None:
    j = example("coffee-maker.json")
    scene = get_view("flow")(j, min_count=100)
    shown = " ".join(line for text in scene.texts() for line in text.lines)
    small = sum(1 for f in j.flows if f.count is not None and f.count < 100)
    assert f"{small} flows under 100 customers not drawn" in shown
    assert_legible(scene, "flow min_count=100")


def test_flow_draws_bands_and_drop_offs() -> None:
    j = example("coffee-maker.json")
    scene = get_view("flow")(j)
    bands = [p for p in scene.walk() if isinstance(p, ScenePath) and p.fill and p.opacity < 1]
    assert len(bands) >= sum(1 for f in j.flows if f.count is not None)
    shown = " ".join(line for text in scene.texts() for line in text.lines)
    assert "−120 drop off" in shown  # product page: 820 in, 700 out


def test_flow_without_flows_says_so() -> None:
    scene = get_view("flow")(example("hospital-visit.yaml"))
    shown = " ".join(line for text in scene.texts() for line in text.lines)
    assert "No measured flows" in shown


def test_coverage_marks_gaps_in_words() -> None:
    j = example("hospital-visit.yaml")
    scene = get_view("coverage")(j)
    shown = [line for text in scene.texts() for line in text.lines]
    interrupted = sum(1 for g in jk.coverage(j).gaps if g.kind == "interrupted")
    # One label per interrupted cell, and one in the legend.
    assert shown.count("gap: interrupted") == interrupted + 1
    assert "Total" in shown


def test_coverage_numbers_read_on_their_shade() -> None:
    from journeykit.layout.theme import contrast

    for theme in THEMES:
        scene = get_view("coverage")(example("hospital-visit.yaml"), theme=theme)
        for group in scene.walk():
            if not (isinstance(group, Group) and group.cls == "cell"):
                continue
            rect = next(c for c in group.children if isinstance(c, Rect))
            for text in (c for c in group.children if isinstance(c, Text)):
                assert rect.fill is not None
                assert contrast(text.color, rect.fill) >= 4.5, (theme, text.lines, rect.fill)
