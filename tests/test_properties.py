"""Properties that hold for every valid journey, and for every invalid input.

The journeys come from :mod:`journeykit.testing`; the invalid inputs are
arbitrary JSON values, valid documents with one thing changed, and random
text and bytes.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import given, note
from hypothesis import strategies as st

import journeykit as jk
from conftest import a_share
from journeykit.testing import (
    channels,
    evidence,
    flows,
    ids,
    journeys,
    metrics,
    opportunities,
    pain_points,
    personas,
    stages,
    texts,
    touchpoints,
)

# Smaller journeys where a test does more work per example.
small_journeys = journeys(max_stages=3, max_touchpoints=4, max_flows=4)

CLASSES = (
    jk.Journey,
    jk.Persona,
    jk.Channel,
    jk.Stage,
    jk.Touchpoint,
    jk.PainPoint,
    jk.Opportunity,
    jk.Metric,
    jk.Evidence,
    jk.Period,
    jk.Flow,
    jk.Duration,
)
KNOWN_KEYS = sorted(
    {f.name for cls in CLASSES for f in attrs.fields(cls)} | {"journeykit", "from", "to"}
)
"""Every key the format knows, anywhere (a superset of what any one mapping takes)."""


def all_items(journey: jk.Journey) -> Iterator[Any]:
    """Everything in a journey that has an id, in document order."""
    yield from journey.personas
    yield from journey.channels
    for stage in journey.stages:
        yield stage
        for tp in stage.touchpoints:
            yield tp
            yield from tp.pain_points
            yield from tp.opportunities


# -- the strategies build valid objects -------------------------------------------


@given(journeys())
def test_generated_journeys_are_valid(journey: jk.Journey) -> None:
    assert isinstance(journey, jk.Journey)
    item_ids = [item.id for item in all_items(journey)]
    assert all(isinstance(i, str) and i.strip() for i in item_ids)
    assert len(item_ids) == len(set(item_ids))

    channel_ids = {ch.id for ch in journey.channels}
    persona_ids = {p.id for p in journey.personas}
    pain_ids = {p.id for p in journey.pain_points}
    touchpoint_ids = {tp.id for tp in journey.touchpoints}
    for tp in journey.touchpoints:
        assert tp.channel is None or tp.channel in channel_ids
        assert set(tp.emotions) <= persona_ids
        for opp in tp.opportunities:
            assert set(opp.addresses) <= pain_ids
    pairs = [(f.source, f.target) for f in journey.flows]
    assert len(pairs) == len(set(pairs))
    for flow in journey.flows:
        assert {flow.source, flow.target} <= touchpoint_ids
        assert flow.count is None or flow.count >= 0
    # Building it again from its parts checks every rule again.
    assert attrs.evolve(journey) == journey


@given(journeys(min_stages=2, max_stages=2, max_touchpoints=0, max_personas=0, max_channels=0))
def test_journeys_respect_their_bounds(journey: jk.Journey) -> None:
    assert len(journey.stages) == 2
    assert journey.touchpoints == ()
    assert journey.personas == journey.channels == journey.flows == ()


@given(st.data())
def test_touchpoints_and_stages_fit_in_a_journey(data: st.DataObject) -> None:
    # Prefixed ids cannot clash with the channel and persona ids given.
    prefixed = ids().map("x-{}".format)
    tp = data.draw(touchpoints(channel_ids=["web"], persona_ids=["ann"], ids=prefixed))
    stage = data.draw(stages(channel_ids=["web"], persona_ids=["ann"], ids=prefixed))
    assert tp.channel in (None, "web")
    assert set(tp.emotions) <= {"ann"}
    web = jk.Channel(id="web", name="Web", kind="online")
    ann = jk.Persona(id="ann", name="Ann")
    for journey_stages in ([jk.Stage(name="s", touchpoints=[tp])], [stage]):
        jk.Journey(title="t", channels=[web], personas=[ann], stages=journey_stages)


@given(touchpoints(), stages())
def test_standalone_touchpoints_and_stages_need_nothing_else(
    tp: jk.Touchpoint, stage: jk.Stage
) -> None:
    assert tp.channel is None
    assert not tp.emotions
    jk.Journey(title="t", stages=[jk.Stage(name="s", touchpoints=[tp])])
    jk.Journey(title="t", stages=[stage])


@given(
    st.lists(ids(), min_size=1, max_size=4, unique=True).flatmap(
        lambda tp_ids: st.tuples(st.just(tp_ids), flows(tp_ids))
    )
)
def test_flows_run_between_given_touchpoints_once(args: tuple[list[str], list[jk.Flow]]) -> None:
    tp_ids, drawn = args
    pairs = [(f.source, f.target) for f in drawn]
    assert len(pairs) == len(set(pairs))
    assert {end for pair in pairs for end in pair} <= set(tp_ids)


@given(
    st.one_of(
        evidence(),
        metrics(),
        pain_points(),
        opportunities(pain_ids=["a", "b"]),
        personas(),
        channels(),
    )
)
def test_leaf_strategies_build_model_objects(item: Any) -> None:
    kinds = (jk.Evidence, jk.Metric, jk.PainPoint, jk.Opportunity, jk.Persona, jk.Channel)
    assert isinstance(item, kinds)
    assert attrs.evolve(item) == item


@given(st.integers(1, 30).flatmap(lambda n: st.tuples(st.just(n), texts(n, allow_blank=False))))
def test_non_blank_texts(args: tuple[int, str]) -> None:
    max_size, text = args
    assert 1 <= len(text) <= max_size
    assert text.strip()
    text.encode("utf-8")  # no unpaired surrogates


@given(texts(max_size=5))
def test_texts_hold_no_unpaired_surrogates(text: str) -> None:
    assert len(text) <= 5
    text.encode("utf-8")


def test_importing_journeykit_does_not_import_hypothesis() -> None:
    code = "import sys, journeykit as jk; jk.loads('journeykit: 1\\ntitle: t\\n'); "
    code += "print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- round trips -------------------------------------------------------------------


@given(journeys())
def test_dict_round_trip(journey: jk.Journey) -> None:
    assert jk.from_dict(jk.to_dict(journey)) == journey


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@a_share(0.5)
@given(journey=journeys())
def test_text_round_trip(fmt: str, journey: jk.Journey) -> None:
    text = jk.dumps(journey, fmt)
    note(text)
    assert jk.loads(text, fmt) == journey


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@a_share(0.5)
@given(journey=journeys())
def test_dumps_is_canonical(fmt: str, journey: jk.Journey) -> None:
    text = jk.dumps(journey, fmt)
    note(text)
    assert jk.dumps(jk.loads(text, fmt), fmt) == text


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
@given(journey=small_journeys)
def test_dump_then_load(scratch: Path, suffix: str, journey: jk.Journey) -> None:
    path = scratch / f"journey{suffix}"
    jk.dump(journey, path)
    assert jk.load(path) == journey
    assert path.read_text(encoding="utf-8") == jk.dumps(
        journey, "json" if suffix == ".json" else "yaml"
    )


@given(journeys())
def test_networkx_round_trip(journey: jk.Journey) -> None:
    assert jk.from_networkx(jk.to_networkx(journey)) == journey


# -- evolve helpers ------------------------------------------------------------------


@given(
    journeys(min_stages=1, max_stages=3, max_touchpoints=4).filter(lambda j: bool(j.touchpoints)),
    st.data(),
)
def test_replace_touchpoint_changes_only_that_touchpoint(
    journey: jk.Journey, data: st.DataObject
) -> None:
    tp = data.draw(st.sampled_from(journey.touchpoints))
    emotion = data.draw(st.none() | st.floats(-1, 1))
    changed = journey.replace_touchpoint(tp.id, emotion=emotion)

    assert changed.touchpoint(tp.id).emotion == emotion
    assert changed.touchpoint(tp.id) == attrs.evolve(tp, emotion=emotion)
    # The documents differ in that one value and nowhere else.
    expected = jk.to_dict(journey)
    s, t = next(
        (s, t)
        for s, stage in enumerate(journey.stages)
        for t, other in enumerate(stage.touchpoints)
        if other.id == tp.id
    )
    place = expected["stages"][s]["touchpoints"][t]
    if emotion is None:
        place.pop("emotion", None)
    else:
        place["emotion"] = emotion
    assert jk.to_dict(changed) == expected


# -- invalid input raises JourneyError and nothing else ------------------------------

# Big, but not so big that repr() refuses them (Python prints at most 4,300
# digits); for those see test_from_dict_of_unprintable_integers.
BIG = [2**53 + 1, 2**64, -(2**63) - 1, 10**400, -(10**4000)]

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(BIG),
    st.floats(),  # nan and ±inf included
    st.sampled_from([1e308, -1e308, 5e-324, -0.0]),
    texts(),
    st.sampled_from(KNOWN_KEYS),
    st.sampled_from(["online", "offline", "customer", "idea", "higher", "2024-01-01"]),
)
json_keys = st.sampled_from(KNOWN_KEYS) | texts()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(json_keys, inner, max_size=5),
    max_leaves=25,
)


def assert_only_journey_errors(data: Any) -> jk.Journey | jk.JourneyError:
    """``from_dict(data)``, which must either work or raise a JourneyError."""
    try:
        return jk.from_dict(data)
    except jk.JourneyError as exc:
        str(exc)
        return exc


@given(json_values)
def test_from_dict_raises_only_journey_errors(data: Any) -> None:
    assert_only_journey_errors(data)


@given(st.dictionaries(json_keys, json_values, max_size=6))
def test_from_dict_of_a_versioned_mapping_raises_only_journey_errors(data: dict[str, Any]) -> None:
    assert_only_journey_errors({"journeykit": 1, "title": "t", **data})


UNPRINTABLE = 10**5000  # str() and repr() raise ValueError for it


@pytest.mark.parametrize(
    "where",
    ["journeykit", "emotion", "value", "severity", "count", "title", "unknown"],
)
def test_from_dict_of_unprintable_integers(where: str) -> None:
    doc: dict[str, Any] = {
        "journeykit": 1,
        "title": "t",
        "stages": [
            {
                "name": "s",
                "touchpoints": [
                    {
                        "name": "a",
                        "emotion": 0.5,
                        "metrics": [{"name": "m", "value": 1}],
                        "pain_points": [{"description": "p", "severity": 1}],
                    }
                ],
            }
        ],
        "flows": [{"from": "a", "to": "a", "count": 1}],
    }
    tp = doc["stages"][0]["touchpoints"][0]
    places = {
        "journeykit": (doc, "journeykit"),
        "emotion": (tp, "emotion"),
        "value": (tp["metrics"][0], "value"),
        "severity": (tp["pain_points"][0], "severity"),
        "count": (doc["flows"][0], "count"),
        "title": (doc, "title"),
        "unknown": (tp, "unknown"),
    }
    parent, key = places[where]
    parent[key] = UNPRINTABLE
    result = assert_only_journey_errors(doc)
    if where not in ("value", "count"):  # huge numbers are valid there
        assert isinstance(result, jk.ValidationError)


def test_from_dict_of_deep_nesting_raises_a_journey_error() -> None:
    deep: Any = "x"
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(jk.JourneyError):
        jk.from_dict({"journeykit": 1, "title": "t", "stages": deep})


Step = str | int
Path_ = tuple[Step, ...]


def render(path: Path_) -> str:
    """A path the way journeykit writes it: ``stages[0].touchpoints[1].emotion``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out


def nodes(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every (path, value) in a JSON tree, the root included."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from nodes(item, (*path, i))


def get(doc: Any, path: Path_) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "scalar"


def holds_ids(value: Any) -> bool:
    return any(isinstance(v, dict) and "id" in v for _, v in nodes(value))


@attrs.frozen
class Mutation:
    """One change to a valid document."""

    doc: dict[str, Any]
    action: str  # "replace", "rename" or "delete"
    path: Path_  # of the value replaced, or of the key renamed or deleted
    old: Any
    new: Any = None  # the new value, or the new key
    clobbered: bool = False  # the new key was there already, and its value is gone


@st.composite
def near_valid(draw: st.DrawFn) -> Mutation:
    doc = jk.to_dict(draw(small_journeys))
    action = draw(st.sampled_from(["replace", "rename", "delete"]))
    if action == "replace":
        path = draw(st.sampled_from([p for p, _ in nodes(doc) if p]))
        new = draw(json_values)
        changed = copy.deepcopy(doc)
        get(changed, path[:-1])[path[-1]] = new
        return Mutation(changed, action, path, get(doc, path), new)
    keyed = [p for p, _ in nodes(doc) if p and isinstance(p[-1], str)]
    path = draw(st.sampled_from(keyed))
    changed = copy.deepcopy(doc)
    parent: dict[str, Any] = get(changed, path[:-1])
    key = path[-1]
    if action == "delete":
        del parent[key]
        return Mutation(changed, action, path, get(doc, path))
    new_key = draw(json_keys.filter(lambda k: k != key))
    clobbered = new_key in parent
    renamed = {new_key if k == key else k: v for k, v in parent.items() if k != new_key}
    parent.clear()
    parent.update(renamed)
    return Mutation(changed, action, path, get(doc, path), new_key, clobbered)


def related(problem_path: str, path: str) -> bool:
    """Whether one path is the other or lies under it."""
    if problem_path == path:
        return True
    short, long = sorted((problem_path, path), key=len)
    return bool(short) and long.startswith((short + ".", short + "["))


def existing_paths(doc: Any) -> set[str]:
    """Every path in ``doc``, and every path a missing key of a mapping in it would have."""
    out = set()
    for path, value in nodes(doc):
        out.add(render(path))
        if isinstance(value, dict):
            out.update(render((*path, key)) for key in KNOWN_KEYS)
    return out


@given(near_valid())
def test_near_valid_documents_raise_only_journey_errors(mutation: Mutation) -> None:
    assert_only_journey_errors(mutation.doc)


@given(near_valid())
def test_problems_name_paths_that_exist(mutation: Mutation) -> None:
    result = assert_only_journey_errors(mutation.doc)
    if not isinstance(result, jk.ValidationError):
        return
    known = existing_paths(mutation.doc)
    for problem in result.problems:
        assert problem.path in known, problem


@given(near_valid())
def test_problems_point_at_the_change(mutation: Mutation) -> None:
    """A change that breaks the document's shape is reported where it was made.

    Changes that keep the shape can break a rule elsewhere (a changed id leaves
    a reference dangling, a deleted list takes ids with it), so those are not
    checked here.
    """
    result = assert_only_journey_errors(mutation.doc)
    at = render(mutation.path)
    key = mutation.path[-1]
    if mutation.action == "replace":
        if kind(mutation.old) == kind(mutation.new) != "scalar":
            return
        if key in ("id", "from", "to") and isinstance(mutation.new, str):
            return
        if not isinstance(result, jk.ValidationError):
            return
        places = [at]
    elif mutation.action == "delete":
        if key == "id" or holds_ids(mutation.old):
            return
        if not isinstance(result, jk.ValidationError):
            return
        places = [at]
    else:
        in_emotions = mutation.path[-2:-1] == ("emotions",)
        new_at = render((*mutation.path[:-1], mutation.new))
        if mutation.new not in KNOWN_KEYS and not in_emotions:
            assert isinstance(result, jk.ValidationError), "an unknown key was accepted"
        if not isinstance(result, jk.ValidationError):
            return
        if mutation.clobbered or (key == "id" and mutation.new in KNOWN_KEYS):
            return  # a value is gone, or the id is derived now: references may dangle
        places = [at, new_at]
    paths = [p.path for p in result.problems]
    assert any(related(p, place) for p in paths for place in places), (places, paths)


# -- random text and bytes ----------------------------------------------------------------

yaml_pieces = st.sampled_from(
    [
        "journeykit: 1\n",
        "title: t\n",
        "stages:\n",
        "- name: s\n",
        "  touchpoints:\n",
        "  - ",
        "- ",
        "  ",
        ": ",
        "? ",
        "{",
        "}",
        "[",
        "]",
        ",",
        "&a ",
        "*a",
        "!!python/object/apply:os.system ['true']",
        "!!binary ",
        "!x ",
        "<<: ",
        "---\n",
        "...\n",
        "%YAML 1.2\n",
        "%TAG ! tag:x,2000:\n",
        "|\n",
        ">-\n",
        "'",
        '"',
        "\\",
        "#",
        "\t",
        "\n",
        "\r\n",
        "\ufeff",
        "\x00",
        "\x85",
        "\u2028",
        "1e5",
        "0o17",
        "0x1F",
        ".inf",
        ".nan",
        "9" * 5000,
        "~",
        "null",
        "2024-01-01",
    ]
)
yamlish = st.lists(yaml_pieces | texts(5), max_size=30).map("".join)
json_text_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(json_keys, inner, max_size=5),
    max_leaves=25,
)
documents_as_text = st.one_of(
    st.text(),
    texts(200),
    yamlish,
    json_text_values.map(json.dumps),
    json_text_values.map(lambda v: json.dumps({"journeykit": 1, "title": "t", "stages": v})),
    near_valid().map(lambda m: json.dumps(m.doc, ensure_ascii=False)),
    near_valid().map(lambda m: yaml.safe_dump(m.doc, allow_unicode=True)),
)


def assert_loads_raises_only_journey_errors(text: str | bytes, fmt: str | None) -> None:
    try:
        jk.loads(text, fmt)
    except jk.JourneyError as exc:
        str(exc)


@pytest.mark.parametrize("fmt", ["json", "yaml", None])
@given(text=documents_as_text)
def test_loads_text_raises_only_journey_errors(fmt: str | None, text: str) -> None:
    assert_loads_raises_only_journey_errors(text, fmt)


@pytest.mark.parametrize("fmt", ["json", "yaml", None])
@given(raw=st.binary() | documents_as_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_loads_bytes_raises_only_journey_errors(fmt: str | None, raw: bytes) -> None:
    assert_loads_raises_only_journey_errors(raw, fmt)
