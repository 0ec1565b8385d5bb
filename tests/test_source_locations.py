"""Problems and findings of a journey read from a file name its line and column there.

Each position is checked against the text itself: in JSON the value that
starts there is decoded and compared with the item the steps name; in YAML
the nodes that start there are built and compared; in Mermaid the line
holds the item as the writer writes it, or its note's JSON holds it there.
"""

from __future__ import annotations

import copy
import functools
import io
import json
import pickle
import re
import warnings
from datetime import date
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from conftest import a_share
from journeykit.cli import main
from journeykit.formats._positions import Steps, positions
from journeykit.formats._text import _Loader
from journeykit.formats.mermaid import _names, emotion_to_score
from journeykit.formats.mermaid._scores import task_emotion
from journeykit.testing import journeys

TODAY = date(2026, 10, 1)
FORMATS = ("json", "yaml", "mermaid")
SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_MISSING = object()
_KEYS = {jk.Flow: {"from": "source", "to": "target"}}


# -- what stands at a position -------------------------------------------------


@functools.lru_cache(maxsize=8)
def line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def offset_of(text: str, line: int, column: int) -> int:
    """The offset of a 1-based line and column (lines end at each "\\n")."""
    return line_starts(text)[line - 1] + column - 1


def line_at(text: str, line: int) -> str:
    starts = line_starts(text)
    end = starts[line] - 1 if line < len(starts) else len(text)
    return text[starts[line - 1] : end].rstrip("\r")


def json_value_at(text: str, line: int, column: int) -> Any:
    return json.JSONDecoder().raw_decode(text, offset_of(text, line, column))[0]


def yaml_values_at(text: str, line: int, column: int) -> list[Any]:
    """Every value whose YAML node starts at the position (a mapping and its first key do)."""
    return yaml_values(text).get((line, column), [])


@functools.lru_cache(maxsize=8)
def yaml_values(text: str) -> dict[tuple[int, int], list[Any]]:
    """The value of every node of a YAML text, by where the node starts."""
    loader = _Loader(text)
    try:
        found: dict[tuple[int, int], list[Any]] = {}
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop()
            where = (node.start_mark.line + 1, node.start_mark.column + 1)
            found.setdefault(where, []).append(loader.construct_object(node, deep=True))
            if isinstance(node, yaml.MappingNode):
                stack.extend(part for pair in node.value for part in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return found
    finally:
        loader.dispose()


def deepest(journey: jk.Journey, steps: Steps) -> tuple[Any, Steps, Steps]:
    """The last model object on the way along ``steps``, its steps, and the steps after it."""
    value: Any = journey
    item, at = journey, 0
    for i, step in enumerate(steps):
        if isinstance(step, int) and isinstance(value, tuple) and step < len(value):
            value = value[step]
        elif isinstance(step, str) and attrs.has(type(value)):
            name = _KEYS.get(type(value), {}).get(step, step)
            if name not in attrs.fields_dict(type(value)):
                break
            value = getattr(value, name)
        else:
            break
        if attrs.has(type(value)):
            item, at = value, i + 1
    return item, steps[:at], steps[at:]


def plain_at(data: Any, steps: Steps) -> Any:
    for step in steps:
        inside = isinstance(data, list) and isinstance(step, int) and step < len(data)
        if not (inside or (isinstance(data, dict) and isinstance(step, str) and step in data)):
            return _MISSING
        data = data[step]
    return data


_PLAIN: dict[int, tuple[jk.Journey, dict[str, Any]]] = {}


def plain_of(journey: jk.Journey) -> dict[str, Any]:
    """``jk.to_dict(journey)``, made once per journey."""
    kept = _PLAIN.get(id(journey))
    if kept is None or kept[0] is not journey:
        if len(_PLAIN) > 8:
            _PLAIN.clear()
        kept = _PLAIN[id(journey)] = (journey, jk.to_dict(journey))
    return kept[1]


def expected_values(journey: jk.Journey, steps: Steps) -> list[Any]:
    """What may stand at the position of ``steps``: its value, else the nearest one holding it.

    Never anything above the item the steps lead into.
    """
    plain = plain_of(journey)
    _, item_steps, _ = deepest(journey, steps)
    for end in range(len(steps), len(item_steps) - 1, -1):
        value = plain_at(plain, steps[:end])
        if value is not _MISSING:
            return [value]
    return []


def mermaid_shows(text: str, line: int, column: int, journey: jk.Journey, steps: Steps) -> bool:
    """Whether the diagram shows, at the position, what ``steps`` name in ``journey``."""
    row = line_at(text, line)
    rest = row[column - 1 :]
    if row.lstrip().startswith("%% journeykit:") and column > row.index(":") + 1:
        value = json.JSONDecoder().raw_decode(row, column - 1)[0]
        return value in expected_values(journey, steps)
    item, _, after = deepest(journey, steps)
    field = after[0] if after else None
    if isinstance(item, jk.Journey):
        if field == "title":
            return rest.startswith(_names.write_title(item.title))
        if field == "objective":
            return rest.startswith(_names.write_description(item.objective))
        if field == "stages" and item.stages:  # the first section
            return rest.startswith(f"section {_names.write_name(item.stages[0].name)}")
        if field == "personas" and item.personas:  # the first actor
            return rest.startswith(_names.write_actor(item.personas[0].name))
        return rest.startswith("journey")
    if isinstance(item, jk.Persona):
        return rest.startswith(_names.write_actor(item.name))
    if isinstance(item, jk.Stage):
        name = _names.write_name(item.name)
        if field == "touchpoints" and item.touchpoints:  # the first task
            return rest.startswith(_names.write_task(item.touchpoints[0].name) + ":")
        return rest.startswith(name if field == "name" else f"section {name}")
    if isinstance(item, jk.Touchpoint):
        if field == "emotions" and len(after) > 1 and after[1] in item.emotions:
            return rest.startswith(_names.write_actor(journey.persona(str(after[1])).name))
        if field in ("emotion", "emotions"):  # the score
            score = emotion_to_score(task_emotion(item.emotion, item.emotions.values()))
            return rest.startswith(str(score))
        return rest.startswith(_names.write_task(item.name) + ":")
    return False


def shows(
    text: str, format: str, where: tuple[int, int], journey: jk.Journey, steps: Steps
) -> bool:
    line, column = where
    if format == "json":
        return json_value_at(text, line, column) in expected_values(journey, steps)
    if format == "yaml":
        wanted = expected_values(journey, steps)
        return any(value in wanted for value in yaml_values_at(text, line, column))
    return mermaid_shows(text, line, column, journey, steps)


# -- every item and field of a journey -------------------------------------------


def all_steps(journey: jk.Journey) -> list[Steps]:
    """The steps to every item of the journey, to each of its fields, and to one it lacks."""
    found: list[Steps] = []

    def visit(data: Any, steps: Steps) -> None:
        found.append(steps)
        if isinstance(data, dict):
            found.append((*steps, "no-such-field"))
            for key, value in data.items():
                visit(value, (*steps, key))
        elif isinstance(data, list):
            for i, value in enumerate(data):
                visit(value, (*steps, i))

    plain = dict(plain_of(journey))
    del plain["journeykit"]
    visit(plain, ())
    return found


def quietly(function: Any, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jk.FormatWarning)
        return function(*args, **kwargs)


def read(journey: jk.Journey, format: str) -> tuple[str, jk.Journey]:
    text = quietly(jk.dumps, journey, format)
    return text, quietly(jk.loads, text, format)


# -- a journey in all three formats --------------------------------------------

SAMPLE = {
    "journeykit": 1,
    "title": "Renewing a passport",
    "personas": [
        {"id": "first-timer", "name": "First timer"},
        {"id": "renewer", "name": "Renewer"},
        {"id": "abroad", "name": "Lives abroad"},
    ],
    "channels": [{"id": "web", "name": "Website", "kind": "online"}],
    "stages": [
        {
            "id": "apply",
            "name": "Apply",
            "metrics": [{"name": "Completion", "value": 0.6, "target": 0.8}],
            "touchpoints": [
                {
                    "id": "form",
                    "name": "Fills in the form",
                    "channel": "web",
                    "emotion": -0.5,
                    "emotions": {"first-timer": -0.5},
                    "pain_points": [
                        {"id": "photo-rules", "description": "Photo rules unclear", "severity": 4}
                    ],
                },
                {"id": "pays", "name": "Pays the fee", "channel": "web"},
            ],
        },
        {"id": "wait", "name": "Wait"},
    ],
    "flows": [
        {"from": "form", "to": "pays", "count": 900},
        {"from": "pays", "to": "form", "count": 800},
    ],
}


@pytest.fixture(params=FORMATS)
def sample(request: pytest.FixtureRequest) -> tuple[str, str, jk.Journey]:
    format = request.param
    text, journey = read(jk.from_dict(SAMPLE), format)
    return format, text, journey


def test_every_finding_of_a_journey_read_from_a_file_has_its_position(
    sample: tuple[str, str, jk.Journey],
) -> None:
    format, text, journey = sample
    findings = jk.check(journey, today=TODAY)
    codes = {f.code for f in findings}
    assert {"JK101", "JK104", "JK201", "JK302", "JK602", "JK702", "JK801"} <= codes
    for finding in findings:
        where = (finding.location.line, finding.location.column)
        assert None not in where, finding
        assert shows(text, format, where, journey, finding.location.steps), (finding, where)


def test_every_item_and_field_points_at_itself(sample: tuple[str, str, jk.Journey]) -> None:
    format, text, journey = sample
    wanted = all_steps(journey)
    for steps, where in zip(wanted, positions(journey, wanted), strict=True):
        assert where is not None, steps
        assert shows(text, format, where, journey, steps), (steps, where)


def test_items_in_json_start_at_their_brace() -> None:
    text = jk.dumps(jk.from_dict(SAMPLE), "json")
    journey = jk.loads(text, "json")
    form = journey.touchpoint("form")
    finding = next(f for f in jk.check(journey, today=TODAY) if f.code == "JK201")
    line = finding.location.line
    assert line is not None
    assert line_at(text, line).strip() == "{"
    assert line_at(text, line + 1).strip() == '"id": "photo-rules",'
    [where] = positions(journey, [("stages", 0, "touchpoints", 0)])
    assert json_value_at(text, *where) == jk.to_dict(journey)["stages"][0]["touchpoints"][0]
    assert form.id == "form"


def test_items_in_yaml_start_at_their_first_key() -> None:
    text = jk.dumps(jk.from_dict(SAMPLE), "yaml")
    journey = jk.loads(text, "yaml")
    [root, touchpoint, emotion] = positions(
        journey,
        [(), ("stages", 0, "touchpoints", 0), ("stages", 0, "touchpoints", 0, "emotion")],
    )
    assert root == (1, 1)
    assert line_at(text, touchpoint[0])[touchpoint[1] - 1 :] == "id: form"
    assert line_at(text, touchpoint[0])[: touchpoint[1] - 1].strip() == "-"
    assert line_at(text, emotion[0]).strip() == "emotion: -0.5"
    assert line_at(text, emotion[0])[emotion[1] - 1 :] == "-0.5"


def test_mermaid_points_at_the_task_the_section_and_into_notes() -> None:
    text = jk.dumps(jk.from_dict(SAMPLE), "mermaid")
    journey = jk.loads(text, "mermaid")
    findings = {f.code: f for f in jk.check(journey, today=TODAY)}
    no_emotion = findings["JK302"].location
    assert line_at(text, no_emotion.line)[no_emotion.column - 1 :].startswith("Pays the fee: ")
    empty = findings["JK101"].location
    assert line_at(text, empty.line).strip() == "section Wait"
    pain = findings["JK201"].location
    assert line_at(text, pain.line).lstrip().startswith("%% journeykit:")
    assert json_value_at(text, pain.line, pain.column)["id"] == "photo-rules"
    assert findings["JK801"].location.line == 1  # the journey: the `journey` keyword


# -- the journey as a whole ----------------------------------------------------


@pytest.mark.parametrize(
    ("format", "text", "where"),
    [
        ("json", '\n\n  {"journeykit": 1, "title": "T", "stages": [{"name": "S"}]}', (3, 3)),
        ("yaml", "# a comment\n\njourneykit: 1\ntitle: T\nstages:\n- name: S\n", (3, 1)),
        ("mermaid", "%% a comment\n\n  journey\n  section S\n", (3, 3)),
    ],
)
def test_a_finding_on_the_journey_points_at_its_start(
    format: str, text: str, where: tuple[int, int]
) -> None:
    journey = jk.loads(text, format)
    finding = next(f for f in jk.check(journey, today=TODAY) if f.code == "JK701")
    assert finding.location.steps == ("personas",)  # no personas: the journey's start
    assert (finding.location.line, finding.location.column) == where


# -- text that counts ------------------------------------------------------------


def test_columns_count_characters_not_bytes() -> None:
    prefix = '{"journeykit": 1, "title": "😀 é € 日本", "stages": ['
    text = prefix + '{"name": "S"}]}'
    finding = next(f for f in jk.check(jk.loads(text), today=TODAY) if f.code == "JK101")
    assert finding.location.column == len(prefix) + 1
    assert len(prefix.encode("utf-8")) > len(prefix)


@pytest.mark.parametrize("format", ["json", "yaml"])
def test_crlf_line_ends(format: str) -> None:
    text = jk.dumps(jk.from_dict(SAMPLE), format)
    crlf = text.replace("\n", "\r\n")
    journey = jk.loads(crlf, format)
    for finding in jk.check(journey, today=TODAY):
        where = (finding.location.line, finding.location.column)
        assert shows(text, format, where, journey, finding.location.steps), finding


def test_crlf_line_ends_in_mermaid() -> None:
    text = jk.dumps(jk.from_dict(SAMPLE), "mermaid")
    journey = jk.loads(text.replace("\n", "\r\n"), "mermaid")
    for finding in jk.check(journey, today=TODAY):
        where = (finding.location.line, finding.location.column)
        assert mermaid_shows(text, *where, journey, finding.location.steps), finding


@pytest.mark.parametrize("format", FORMATS)
def test_a_byte_order_mark_takes_no_column(format: str, tmp_path: Any) -> None:
    text = jk.dumps(jk.from_dict(SAMPLE), format)
    path = tmp_path / f"journey.{'mmd' if format == 'mermaid' else format}"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    from_file = jk.load(path)
    from_text = jk.loads("\ufeff" + text, format)
    for journey in (from_file, from_text):
        [root, stage] = positions(journey, [(), ("stages", 1)])
        assert root == (1, 1)
        assert shows(text, format, stage, journey, ("stages", 1))


def test_tabs_count_as_one_column() -> None:
    diagram = "journey\n\tsection S\n\t\tTask:\t2:\tMe\n"
    journey = jk.loads(diagram, "mermaid")
    [section, task, score, actor] = positions(
        journey,
        [
            ("stages", 0),
            ("stages", 0, "touchpoints", 0),
            ("stages", 0, "touchpoints", 0, "emotion"),
            ("personas", 0),
        ],
    )
    assert (section, task, score, actor) == ((2, 2), (3, 3), (3, 9), (3, 12))
    # YAML allows tabs only in quoted text and comments.
    document = 'journeykit: 1\ntitle: "\tT"  #\ttab\nstages:\n- {name: "\t\tS", reach: 1}\n'
    with pytest.raises(jk.ValidationError) as info:
        jk.loads(document, "yaml")
    [problem] = info.value.problems
    assert (problem.path, problem.line, problem.column) == ("stages[0].reach", 4, 17)
    assert document.split("\n")[3][16:].startswith("reach")


# -- validation problems ---------------------------------------------------------

BROKEN = {
    "json": """{
  "journeykit": 1,
  "title": "Broken",
  "stages": [
    {"name": "Fine"},
    {
      "nmae": "Typo",
      "touchpoints": [{"name": "T", "emotion": 1.7}]
    }
  ]
}
""",
    "yaml": """journeykit: 1
title: Broken
stages:
- name: Fine
- nmae: Typo
  touchpoints:
  - name: T
    emotion: 1.7
""",
    "mermaid": """journey
  title Broken
  section Fine
  section Typo
    %% journeykit: {"nmae": "x"}
    T: 3
    %% journeykit: {"pain_points": [{"description": "d", "severity": 9}]}
""",
}
EXPECTED = {
    "json": {
        "stages[1].name": (6, 5),  # the mapping that lacks it
        "stages[1].nmae": (7, 7),  # the key
        "stages[1].touchpoints[0].emotion": (8, 48),  # the value
    },
    "yaml": {
        "stages[1].name": (5, 3),
        "stages[1].nmae": (5, 3),
        "stages[1].touchpoints[0].emotion": (8, 14),
    },
    "mermaid": {
        "stages[1].nmae": (5, 21),  # in the section's note
        "stages[1].touchpoints[0].pain_points[0].severity": (7, 70),  # in the task's note
    },
}


@pytest.mark.parametrize("format", FORMATS)
def test_validation_problems_name_their_line_and_column(format: str) -> None:
    with pytest.raises(jk.ValidationError) as info:
        jk.loads(BROKEN[format], format, source=f"broken.{format}")
    got = {p.path: (p.line, p.column) for p in info.value.problems}
    assert got == EXPECTED[format]
    for line, (path, (row, column)) in zip(info.value.lines(), got.items(), strict=True):
        assert line.startswith(f"broken.{format}, line {row}, column {column}: {path}: ")


def test_one_problem_among_many_items() -> None:
    stages: list[dict[str, Any]] = [{"name": f"Stage {i}"} for i in range(1_500)]
    stages[1_234]["goal"] = ["not", "text"]
    document = {"journeykit": 1, "title": "T", "stages": stages}
    for format in ("json", "yaml"):
        text = json.dumps(document, indent=1) if format == "json" else yaml.safe_dump(document)
        with pytest.raises(jk.ValidationError) as info:
            jk.loads(text, format)
        [problem] = info.value.problems
        assert problem.path == "stages[1234].goal"
        assert "not" in line_at(text, problem.line) or format == "json"
        if format == "json":
            assert json_value_at(text, problem.line, problem.column) == ["not", "text"]
        else:
            assert yaml_values_at(text, problem.line, problem.column) == [["not", "text"]]


def test_a_finding_among_many_items_points_at_its_item() -> None:
    stages = [{"name": f"Stage {i}", "touchpoints": [{"name": f"T{i}"}]} for i in range(3_000)]
    stages[2_500] = {"name": "Empty"}
    text = json.dumps({"journeykit": 1, "title": "T", "stages": stages}, indent=2)
    journey = jk.loads(text)
    [finding] = jk.check(journey, select="JK101", today=TODAY)
    assert json_value_at(text, finding.location.line, finding.location.column) == {"name": "Empty"}


# -- changed journeys never point at another item ----------------------------------


def test_a_changed_item_has_no_position_and_the_others_keep_theirs() -> None:
    text = jk.dumps(jk.from_dict(SAMPLE), "yaml")
    journey = jk.loads(text, "yaml")
    moved = journey.add_touchpoint("apply", jk.Touchpoint(name="New first"), index=0)
    moved = moved.replace_touchpoint("pays", reach=5)
    by_id = {f.location.ids[0]: f.location for f in jk.check(moved, select="JK302", today=TODAY)}
    assert by_id["new-first"].line is None
    assert by_id["pays"].line is None  # replaced: its emotion-less self is new
    before = {f.location.ids[0]: f.location for f in jk.check(journey, select="JK2", today=TODAY)}
    after = {f.location.ids[0]: f.location for f in jk.check(moved, select="JK2", today=TODAY)}
    # The pain point moved from touchpoints[0] to touchpoints[1], and still points at itself.
    assert after["photo-rules"].steps != before["photo-rules"].steps
    assert (after["photo-rules"].line, after["photo-rules"].column) == (
        before["photo-rules"].line,
        before["photo-rules"].column,
    )


def test_an_item_standing_twice_has_no_position() -> None:
    journey = jk.loads(jk.dumps(jk.from_dict(SAMPLE), "json"))
    apply = journey.stage("apply")
    twice = journey.replace_stage("apply", metrics=apply.metrics * 2)
    findings = jk.check(twice, select="JK602", today=TODAY)
    assert len(findings) == 2
    assert all(f.location.line is None for f in findings)
    once = jk.check(journey.evolve(title="Changed"), select="JK602", today=TODAY)
    assert once[0].location.line is not None


def test_items_from_two_files_have_no_positions() -> None:
    first = jk.loads(jk.dumps(jk.from_dict(SAMPLE), "json"))
    second = jk.loads(jk.dumps(jk.from_dict(SAMPLE), "yaml"), "yaml")
    wait = second.stage("wait")
    mixed = first.evolve(stages=[first.stage("apply"), wait])
    assert all(f.location.line is None for f in jk.check(mixed, today=TODAY))
    alone = first.evolve(stages=[first.stage("apply"), jk.Stage(name="Other")])
    assert all(f.location.line is not None for f in jk.check(alone, select="JK2", today=TODAY))


def test_a_journey_built_in_python_has_no_positions() -> None:
    journey = jk.from_dict(SAMPLE)
    assert all(f.location.line is None for f in jk.check(journey, today=TODAY))
    assert all(p is None for p in positions(journey, all_steps(journey)))


EDITS = ("none", "emotion", "insert", "remove", "reverse", "title", "twice", "swap")


def edit(journey: jk.Journey, how: str, pick: int) -> jk.Journey:
    touchpoints = journey.touchpoints
    tp = touchpoints[pick % len(touchpoints)] if touchpoints else None
    stages = journey.stages
    if how == "emotion" and tp is not None:
        return journey.replace_touchpoint(tp.id, emotion=0.25 if tp.emotion != 0.25 else -0.25)
    if how == "insert" and stages:
        stage = stages[pick % len(stages)]
        new = jk.Touchpoint(name="Inserted", id="inserted-touchpoint-x")
        return journey.add_touchpoint(stage.id, new, index=pick % (len(stage.touchpoints) + 1))
    if how == "remove" and tp is not None:
        return journey.remove_touchpoint(tp.id)
    if how == "reverse":
        return journey.evolve(stages=stages[::-1], personas=journey.personas[::-1])
    if how == "title":
        return journey.evolve(title="Another title")
    if how == "twice" and stages:
        stage = stages[pick % len(stages)]
        return journey.replace_stage(stage.id, metrics=stage.metrics * 2)
    if how == "swap" and len(stages) > 1:
        first, second = stages[0], stages[1]
        return journey.evolve(
            stages=[
                attrs.evolve(first, touchpoints=second.touchpoints),
                attrs.evolve(second, touchpoints=first.touchpoints),
                *stages[2:],
            ]
        )
    return journey


@settings(a_share(0.4), suppress_health_check=SLOW.suppress_health_check)
@given(
    journeys(max_stages=4, max_touchpoints=6),
    st.sampled_from(FORMATS),
    st.sampled_from(EDITS),
    st.integers(0, 100),
)
def test_positions_point_at_the_item_they_name_after_any_change(
    journey: jk.Journey, format: str, how: str, pick: int
) -> None:
    text, loaded = read(journey, format)
    try:
        changed = edit(loaded, how, pick)
    except jk.ValidationError:
        changed = loaded  # an edit this journey does not allow
    wanted = all_steps(changed)
    found = positions(changed, wanted)
    if changed is loaded:
        assert None not in found
    for steps, where in zip(wanted, found, strict=True):
        if where is not None:
            assert shows(text, format, where, changed, steps), (steps, where)
    for finding in jk.check(changed, today=TODAY):
        location = finding.location
        if location.line is not None:
            assert shows(text, format, (location.line, location.column), changed, location.steps)
        elif changed is loaded:
            pytest.fail(f"{finding} has no position")


# -- what positions leave alone --------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
def test_a_loaded_journey_equals_the_one_built_in_python(format: str) -> None:
    built = jk.from_dict(SAMPLE)
    loaded = jk.loads(jk.dumps(built, format), format)
    assert loaded == built
    assert hash(loaded) == hash(built)
    assert jk.to_dict(loaded) == jk.to_dict(built)
    assert jk.dumps(loaded, format) == jk.dumps(built, format)
    assert repr(loaded.stages) == repr(built.stages)
    for copied in (pickle.loads(pickle.dumps(loaded)), copy.deepcopy(loaded)):
        assert copied == built
        assert all(f.location.line is None for f in jk.check(copied, today=TODAY))
    # A shallow copy is a new journey holding the very items read: they keep their positions.
    shallow = copy.copy(loaded)
    assert shallow == built
    for finding in jk.check(shallow, today=TODAY):
        assert (finding.location.line is None) == (len(finding.location.steps) < 2)
    assert b"_read_at" not in pickle.dumps(loaded)


# -- standard input through the CLI ---------------------------------------------


def test_check_reads_positions_from_standard_input() -> None:
    text = jk.dumps(jk.from_dict(SAMPLE), "yaml")
    out = io.StringIO()
    code = main(
        ["check", "-", "--no-config", "--format", "json", "--select", "JK201"],
        stdout=out,
        stderr=io.StringIO(),
        stdin=io.StringIO(text),
    )
    assert code == 1
    [report] = json.loads(out.getvalue())
    location = report["location"]
    assert location["path"] == "stages[0].touchpoints[0].pain_points[0]"
    assert line_at(text, location["line"])[location["column"] - 1 :] == "id: photo-rules"


def test_validate_reads_positions_from_standard_input() -> None:
    err = io.StringIO()
    code = main(
        ["validate", "-"], stdout=io.StringIO(), stderr=err, stdin=io.StringIO(BROKEN["yaml"])
    )
    assert code == 2
    assert "<stdin>:5:3: stages[1].nmae: unknown field" in err.getvalue()


def test_a_subclassed_item_is_walked_past_safely() -> None:
    @attrs.frozen(kw_only=True)
    class Noted(jk.Stage):
        note: str = ""

    journey = jk.loads(jk.dumps(jk.from_dict(SAMPLE), "json"))
    apply = journey.stage("apply")
    custom = Noted(id="apply", name="Apply", touchpoints=apply.touchpoints, note="x")
    changed = journey.evolve(stages=[custom, journey.stage("wait")])
    findings = jk.check(changed, today=TODAY)
    # Nothing is looked for past an item of a class journeykit does not know.
    assert all(f.location.line is None for f in findings if f.location.steps[:2] == ("stages", 0))
    wait = [f for f in findings if f.location.steps == ("stages", 1)]
    assert wait
    assert all(f.location.line is not None for f in wait)
