"""The view registry: views declare their subjects and options, and results draw themselves.

Every analysis result carries its journey (``origin``) as data that
survives ``copy``, ``deepcopy``, ``pickle`` and ``attrs.evolve``, so every
result renders, saves and shows itself in Jupyter; what a view cannot draw,
and an option it does not have or of the wrong type, is a ``JourneyError``
naming what is accepted.
"""

from __future__ import annotations

import copy
import importlib.util
import inspect
import io
import pickle
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.analysis import Origin, Results
from journeykit.cli import main
from journeykit.layout.scene import Group
from journeykit.layout.views import SUBJECTS, VIEWS, Option, View, get_view, subject_kind
from journeykit.testing import strategies as jst

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 10, 1)
SVG = "{http://www.w3.org/2000/svg}"


@cache
def coffee() -> jk.Journey:
    return jk.load(EXAMPLES / "coffee-maker.json")


def older(journey: jk.Journey) -> jk.Journey:
    first = journey.touchpoints[0]
    return journey.replace_touchpoint(first.id, name=first.name + " (old)")


# Every analysis function, as a user calls it: (kind, make, the view it draws as).
RESULTS: list[tuple[str, Callable[[jk.Journey], Any], str]] = [
    ("check", lambda j: jk.check(j, today=TODAY), "map"),
    ("hotspots", jk.hotspots, "hotspots"),
    ("emotion_curve", jk.emotion_curve, "emotion"),
    ("coverage", jk.coverage, "coverage"),
    ("funnel", jk.funnel, "funnel"),
    ("loops", jk.loops, "flow"),
    ("paths", jk.paths, "flow"),
    ("diff", lambda j: jk.diff(older(j), j, today=TODAY), "diff"),
]
IDS = [kind for kind, _, _ in RESULTS]


def drawn_view(svg: str) -> str:
    root = ET.fromstring(svg)
    return next(c.removeprefix("journeykit-") for c in root.attrib["class"].split() if "-" in c)


def copies(result: Any) -> dict[str, Any]:
    """``result`` through every way of copying it a user has."""
    made = {
        "copy": copy.copy(result),
        "deepcopy": copy.deepcopy(result),
        "pickle": pickle.loads(pickle.dumps(result)),
    }
    if attrs.has(type(result)):
        made["evolve"] = attrs.evolve(result)
    else:
        made["slice"] = result[:]
    return made


# -- the registry ----------------------------------------------------------------------


def test_views_lists_the_built_in_views_in_order() -> None:
    found = jk.views()
    assert list(found)[: len(VIEWS)] == list(VIEWS)
    for name, view in found.items():
        assert isinstance(view, View)
        assert view.name == name
        assert view.summary
        assert "\n" not in view.summary
        assert set(view.subjects) <= set(SUBJECTS)


@pytest.mark.parametrize("name", VIEWS)
def test_options_declare_what_the_layout_takes(name: str) -> None:
    """Each option is a keyword of the layout with the same default, and no keyword is left out."""
    view = get_view(name)
    keywords = {
        p.name: p.default
        for p in inspect.signature(view.layout).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }
    assert {o.name: o.default for o in view.options} == keywords
    for option in view.options:
        assert option.accepts(option.default), option


def test_every_result_kind_has_a_view_that_draws_it() -> None:
    for kind, (_, natural) in SUBJECTS.items():
        assert kind in get_view(natural).subjects


def test_the_docs_table_is_the_registry() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_views_doc", ROOT / "tools/make_views_doc.py"
    )
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    text = (ROOT / "docs" / "rendering.md").read_text(encoding="utf-8")
    assert tool.current_section(text).rstrip() == tool.views_section().rstrip(), (
        "docs/rendering.md is out of date: run PYTHONPATH=src python tools/make_views_doc.py"
    )
    for name in VIEWS:
        assert f"| `{name}` |" in text


def test_render_help_lists_every_view_and_option() -> None:
    out = io.StringIO()
    assert main(["render", "--help"], stdout=out) == 0
    text = " ".join(out.getvalue().split())
    for view in jk.views().values():
        assert f"{view.name}: {' '.join(view.summary.split())}" in text
        for option in view.options:
            if option.name != "journey":
                assert f"{option.name} ({option.type_name}" in text


# -- unknown views, options and subjects ------------------------------------------------


@pytest.mark.parametrize(("typo", "meant"), [("hotspot", "hotspots"), ("funel", "funnel")])
def test_an_unknown_view_suggests_one(typo: str, meant: str) -> None:
    with pytest.raises(jk.JourneyError, match=f"did you mean '{meant}'.*views: map, emotion"):
        jk.render(coffee(), view=typo)


def test_an_unknown_option_names_the_options() -> None:
    with pytest.raises(
        jk.JourneyError, match=r"no option 'tpo'; did you mean 'top'\?.*top, weights"
    ):
        jk.render(coffee(), view="hotspots", tpo=3)


@pytest.mark.parametrize(
    ("view", "options", "message"),
    [
        ("hotspots", {"top": "3"}, "option top: expected int or None, got '3'"),
        ("hotspots", {"top": True}, "option top: expected int or None, got True"),
        ("flow", {"min_count": 2.5}, "option min_count: expected int, got 2.5"),
        ("flow", {"loops": "loop"}, "option loops: expected tuple, list or None, got 'loop'"),
        ("map", {"findings": "yes"}, "option findings: expected bool, tuple or list, got 'yes'"),
        ("map", {"today": "2026-01-01"}, "option today: expected date or None"),
        ("diff", {"base": None, "findings": 1}, "option findings: expected bool, got 1"),
        ("funnel", {"orientation": 1}, "option orientation: expected str, got 1"),
    ],
)
def test_option_values_are_type_checked(view: str, options: dict[str, Any], message: str) -> None:
    with pytest.raises(jk.LayoutError, match=message):
        jk.render(coffee(), view=view, **options)


def _layout(subject: Any, theme: Any = None) -> Any:
    return jk.scene(subject, theme=theme)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "a view's name must be a word"),
        ({"summary": "two\nlines"}, "summary must be one line"),
        ({"subjects": ("journey", "hotspot")}, "not 'hotspot'; did you mean 'hotspots'"),
        ({"subjects": ()}, "needs at least one subject"),
        ({"options": (Option("a", int, 0, "A."), Option("a", int, 0, "A."))}, "option twice"),
        ({"options": (Option("theme", str, "", "T."),)}, "cannot be called theme"),
        ({"options": ("top",)}, "must be Option objects"),
        ({"layout": "map_view"}, "layout must be callable"),
    ],
)
def test_a_badly_declared_view_is_refused(fields: dict[str, Any], message: str) -> None:
    declared: dict[str, Any] = {
        "name": "mine",
        "summary": "Mine.",
        "subjects": ("journey",),
        "options": (),
        "layout": _layout,
    }
    with pytest.raises(jk.JourneyError, match=message):
        View(**{**declared, **fields})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("my option", int, 0, "A."), "must be an identifier"),
        (("a", "int", 0, "A."), "must be a class or a union"),
        (("a", int, 0, ""), "doc must be one line"),
    ],
)
def test_a_badly_declared_option_is_refused(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(jk.JourneyError, match=message):
        Option(*args)


def test_a_layout_that_returns_no_scene_is_named() -> None:
    view = View(
        name="odd",
        summary="Odd.",
        subjects=("journey",),
        options=(),
        layout=lambda s, theme=None: "svg",
    )
    with pytest.raises(jk.JourneyError, match="the odd view's layout returned a str, not a Scene"):
        view(coffee())


def test_an_int_is_taken_for_a_float() -> None:
    option = Option("share", float, 0.5, "A share.")
    assert option.accepts(1)
    assert option.accepts(0.5)
    assert not option.accepts(True)
    assert not option.accepts("1")
    assert option.type_name == "float"


@pytest.mark.parametrize(
    "subject",
    [None, {}, [], 42, "bank.yaml", Path("bank.yaml"), b"{}", io.BytesIO(), object()],
    ids=["None", "dict", "list", "int", "str", "path", "bytes", "bytesio", "object"],
)
def test_what_no_view_draws_is_a_journey_error(subject: Any) -> None:
    for call in (jk.render, jk.scene):
        with pytest.raises(jk.JourneyError, match=r"a Journey, findings of jk\.check, hotspots"):
            call(subject)
    with pytest.raises(jk.JourneyError, match="the map view draws a Journey or findings"):
        jk.render(subject, view="map")


def test_a_file_name_is_told_to_load_first() -> None:
    with pytest.raises(
        jk.JourneyError, match=r"load it first: jk.render\(jk.load\('bank.yaml'\)\)"
    ):
        jk.render("bank.yaml")


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=20),
        st.binary(max_size=8),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    ),
    st.sampled_from([None, *VIEWS]),
)
def test_any_wrong_subject_is_a_journey_error(subject: Any, view: str | None) -> None:
    with pytest.raises(jk.JourneyError):
        jk.scene(subject, view=view)


@pytest.mark.parametrize(
    ("make", "view", "message"),
    [
        (jk.hotspots, "map", "the map view draws a Journey or findings of jk.check, not hotspots"),
        (jk.emotion_curve, "funnel", "draw it as the emotion view"),
        (jk.funnel, "hotspots", "or draw its journey \\(result.origin.journey\\)"),
        (jk.coverage, "diff", "the diff view draws a Journey or a JourneyDiff"),
    ],
)
def test_a_result_another_view_does_not_draw_is_refused(
    make: Callable[[jk.Journey], Any], view: str, message: str
) -> None:
    with pytest.raises(jk.JourneyError, match=message):
        jk.render(make(coffee()), view=view)


def test_journey_is_only_for_results_made_by_hand() -> None:
    with pytest.raises(jk.JourneyError, match="journey= only with a result made by hand"):
        jk.render(coffee(), view="emotion", journey=coffee())


# -- every result carries its journey ---------------------------------------------------


@pytest.mark.parametrize(("kind", "make", "view"), RESULTS, ids=IDS)
def test_every_result_knows_its_journey_and_kind(
    kind: str, make: Callable[[jk.Journey], Any], view: str
) -> None:
    result = make(coffee())
    assert isinstance(result.origin, Origin)
    assert result.origin.analysis == kind
    assert result.origin.journey == coffee()
    assert subject_kind(result) == kind
    assert "'origin'" not in repr(result.to_dict())


@pytest.mark.parametrize(("kind", "make", "view"), RESULTS, ids=IDS)
def test_the_journey_survives_copy_deepcopy_pickle_and_evolve(
    kind: str, make: Callable[[jk.Journey], Any], view: str
) -> None:
    result = make(coffee())
    drawn = str(jk.render(result))
    for how, other in copies(result).items():
        assert type(other) is type(result), how
        assert other == result, how
        assert other.origin == result.origin, how
        assert other.origin.journey == coffee(), how
        assert str(jk.render(other)) == drawn, how


@pytest.mark.parametrize(("kind", "make", "view"), RESULTS, ids=IDS)
def test_every_result_renders_saves_and_displays_as_its_view(
    kind: str, make: Callable[[jk.Journey], Any], view: str, tmp_path: Path
) -> None:
    result = make(coffee())
    svg = str(jk.render(result))
    assert drawn_view(svg) == view
    jk.save(result, tmp_path / "x.svg")
    assert (tmp_path / "x.svg").read_text(encoding="utf-8") == svg
    bundle = result._repr_mimebundle_()
    assert bundle["image/svg+xml"] == svg
    assert bundle["text/plain"] == repr(result)


def test_origin_is_not_data() -> None:
    """Results compare, print and convert as before: the origin is beside the data."""
    j = coffee()
    curve = jk.emotion_curve(j)
    assert set(curve.to_dict()) == {"persona", "points", "moments", "stages"}
    assert "origin" not in repr(curve)
    assert curve == attrs.evolve(curve, origin=None)
    found = jk.hotspots(j)
    assert found == tuple(found)
    assert found == Results(found)
    assert found.to_dict() == Results(found).to_dict()
    assert isinstance(found[0], type(found[0]))
    assert found[:2].origin == found.origin
    assert Results().origin is None


def test_origins_keep_the_options_results_were_made_with() -> None:
    j = coffee()
    assert jk.emotion_curve(j, "busy-parent").origin.options["persona"] == "busy-parent"
    assert jk.hotspots(j, top=3).origin.options["top"] == 3
    assert jk.check(j, today=TODAY).origin.options["today"] == TODAY
    old = older(j)
    made = jk.diff(old, j, today=TODAY)
    assert made.origin.journey is j
    assert made.origin.options["base"] is old


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(jst.journeys(max_stages=3, max_touchpoints=5), st.sampled_from(RESULTS))
def test_any_result_survives_pickle_and_deepcopy(
    journey: jk.Journey, case: tuple[str, Callable[[jk.Journey], Any], str]
) -> None:
    kind, make, _view = case
    result = jk.diff(journey, journey, today=TODAY) if kind == "diff" else make(journey)
    for how, other in copies(result).items():
        assert other == result, how
        assert other.origin.analysis == kind, how
        assert other.origin.journey == journey, how
        assert subject_kind(other) == kind, how


# -- the bugs of issue 10 --------------------------------------------------------------


def test_hotspots_render_as_the_hotspots_view() -> None:
    assert drawn_view(str(jk.render(jk.hotspots(coffee())))) == "hotspots"
    top = jk.hotspots(coffee())[:2]
    scene = jk.scene(top)
    bars = [g for g in scene.walk() if isinstance(g, Group) and (g.id or "").startswith("bar-")]
    assert len(bars) == 2


def test_findings_render_on_the_map_of_their_journey() -> None:
    found = jk.check(coffee(), select=["JK201"], today=TODAY)
    assert found
    texts = " ".join(ET.fromstring(str(jk.render(found, view="map"))).itertext())
    assert "JK201" in texts
    assert str(jk.render(found)) == str(jk.render(coffee(), findings=found))
    with pytest.raises(jk.JourneyError, match="findings= is for drawing a journey"):
        jk.render(found, findings=True)


def test_loops_and_paths_are_marked_on_the_flow_of_their_journey() -> None:
    j = coffee()
    assert str(jk.render(jk.paths(j))) == str(jk.render(j, view="flow", paths=jk.paths(j)))
    with pytest.raises(jk.JourneyError, match="paths= is for drawing a journey"):
        jk.render(jk.paths(j), paths=())


def test_a_diff_draws_the_diff_it_is() -> None:
    j = coffee()
    old = older(j)
    made = jk.diff(old, j, today=TODAY)
    assert str(jk.render(made)) == str(jk.render(j, view="diff", base=old, today=TODAY))
    with pytest.raises(jk.JourneyError, match="base= is for comparing journeys"):
        jk.render(made, base=old)
    with pytest.raises(jk.JourneyError, match="carries no journeys"):
        jk.render(attrs.evolve(made, origin=None))


def test_results_made_by_hand_need_their_journey() -> None:
    j = coffee()
    curve = attrs.evolve(jk.emotion_curve(j), origin=None)
    with pytest.raises(jk.JourneyError, match=r"carries no journey.*journey="):
        jk.render(curve)
    assert str(jk.render(curve, journey=j)) == str(jk.render(jk.emotion_curve(j)))
    with pytest.raises(jk.JourneyError, match=r"jk\.render\(journey, findings=found\)"):
        jk.render(tuple(jk.check(j, today=TODAY)))
    # A funnel made by hand still draws: its numbers are all it needs.
    bare = attrs.evolve(jk.funnel(j), origin=None)
    assert drawn_view(str(jk.render(bare))) == "funnel"


def test_persona_goes_with_journeys_not_curves() -> None:
    with pytest.raises(jk.JourneyError, match="persona= is for drawing a journey"):
        jk.render(jk.emotion_curve(coffee()), persona="busy-parent")


def test_a_result_built_by_hand_shows_as_text() -> None:
    assert Results([])._repr_mimebundle_() == {"text/plain": "Results([])"}
