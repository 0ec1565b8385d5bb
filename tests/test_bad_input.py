"""Malformed input: every case fails with the right JourneyError, and says where.

Each case names the exact error class and the location the message must give:
the paths of the problems for a :class:`~journeykit.ValidationError`, the line
and column for a :class:`~journeykit.FormatError` about the text itself. Any
other exception (a ``ValueError`` from deep inside a parser, a
``RecursionError``) makes the case fail, since ``pytest.raises`` only catches
``JourneyError``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk

# -- building documents -------------------------------------------------------


def doc(**top: Any) -> dict[str, Any]:
    """A minimal valid journey document with ``top`` added at the top level."""
    return {"journeykit": 1, "title": "T", **top}


def with_touchpoint(**fields: Any) -> dict[str, Any]:
    """A journey whose second touchpoint (``stages[0].touchpoints[1]``) has ``fields``."""
    return doc(stages=[{"name": "S", "touchpoints": [{"name": "A"}, {"name": "B", **fields}]}])


def js(data: Any, **literal: str) -> str:
    """JSON text of ``data``; each string ``"@name"`` is replaced by ``literal[name]`` raw."""
    text = json.dumps(data)
    for name, raw in literal.items():
        text = text.replace(json.dumps(f"@{name}"), raw)
    return text


TP1 = "stages[0].touchpoints[1]"


@dataclass(frozen=True)
class Case:
    id: str
    text: str | bytes
    error: type[jk.JourneyError]
    paths: tuple[str, ...] | None = None  # ValidationError: every problem's path, in order
    line: int | None = None  # FormatError: where in the text
    column: int | None = None
    says: str | None = None  # a fragment the message must contain
    suffix: str = ".json"  # bytes are written to a file with this suffix and loaded
    format: str | None = None  # text is read with this format (guessed when None)


def invalid(id: str, text: str | bytes, *paths: str, says: str | None = None, **kw: Any) -> Any:
    case = Case(id, text, jk.ValidationError, paths=paths, says=says, **kw)
    return pytest.param(case, id=id)


def unreadable(
    id: str,
    text: str | bytes,
    line: int | None,
    column: int | None,
    says: str | None = None,
    **kw: Any,
) -> Any:
    case = Case(id, text, jk.FormatError, line=line, column=column, says=says, **kw)
    return pytest.param(case, id=id)


FIVE_THOUSAND_DIGITS = "9" * 5000

# A YAML journey with one touchpoint; its emotion starts at line 7, column 18.
YAML_TOUCHPOINT = """\
journeykit: 1
title: T
stages:
  - name: S
    touchpoints:
      - name: A
        emotion: {emotion}
"""

BILLION_LAUGHS = (
    "journeykit: 1\ntitle: T\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
)

CASES = [
    # -- wrong types ----------------------------------------------------------
    invalid(
        "string-for-number", js(with_touchpoint(emotion="high")), f"{TP1}.emotion", says="'high'"
    ),
    invalid("number-for-string", js(doc(stages=[{"name": 5}])), "stages[0].name"),
    invalid("list-for-mapping", js(doc(stages=[["S"]])), "stages[0]", says="expected a mapping"),
    invalid("mapping-for-list", js(doc(stages={"name": "S"})), "stages", says="expected a list"),
    invalid("list-for-emotions-mapping", js(with_touchpoint(emotions=[0.5])), f"{TP1}.emotions"),
    invalid("string-for-list-of-strings", js(with_touchpoint(actions="click")), f"{TP1}.actions"),
    invalid(
        "number-in-list-of-strings", js(with_touchpoint(actions=["a", 3])), f"{TP1}.actions[1]"
    ),
    invalid(
        "severity-true",
        js(with_touchpoint(pain_points=[{"description": "d", "severity": True}])),
        f"{TP1}.pain_points[0].severity",
        says="True",
    ),
    invalid(
        "count-false",
        js(
            doc(
                stages=[{"name": "S", "touchpoints": [{"name": "A"}, {"name": "B"}]}],
                flows=[{"from": "a", "to": "b", "count": False}],
            )
        ),
        "flows[0].count",
        says="False",
    ),
    invalid(
        "id-number-yaml",
        "journeykit: 1\ntitle: T\npersonas:\n  - id: 5\n    name: P\n",
        "personas[0].id",
    ),
    invalid(
        "id-true-yaml",
        "journeykit: 1\ntitle: T\npersonas:\n  - id: true\n    name: P\n",
        "personas[0].id",
    ),
    # -- numbers that are not finite, or too large ------------------------------
    invalid("json-NaN", js(with_touchpoint(emotion="@x"), x="NaN"), f"{TP1}.emotion"),
    invalid("json-Infinity", js(with_touchpoint(emotion="@x"), x="Infinity"), f"{TP1}.emotion"),
    invalid(
        "json-minus-Infinity", js(with_touchpoint(emotion="@x"), x="-Infinity"), f"{TP1}.emotion"
    ),
    # 1e400 overflows to infinity; the reader names the literal as written, and where.
    unreadable(
        "json-1e400",
        js(with_touchpoint(emotion="@x"), x="1e400"),
        line=1,
        column=114,
        says="'1e400' is too large",
    ),
    unreadable(
        "yaml-1e400",
        YAML_TOUCHPOINT.format(emotion="1e400"),
        line=7,
        column=18,
        says="'1e400' is too large",
    ),
    invalid(
        "yaml-.inf", YAML_TOUCHPOINT.format(emotion=".inf"), "stages[0].touchpoints[0].emotion"
    ),
    # YAML 1.2 core schema: .nan is a float, so this is a range problem, not a syntax one.
    invalid(
        "yaml-.nan", YAML_TOUCHPOINT.format(emotion=".nan"), "stages[0].touchpoints[0].emotion"
    ),
    invalid(
        "yaml-.NaN", YAML_TOUCHPOINT.format(emotion=".NaN"), "stages[0].touchpoints[0].emotion"
    ),
    # Python refuses to convert integers of more than 4300 digits; the reader must say where.
    unreadable(
        "json-integer-5000-digits",
        '{"journeykit": 1,\n "title": "T",\n "stages": [{"name": "S", "touchpoints": '
        f'[{{"name": "A", "emotion": {FIVE_THOUSAND_DIGITS}}}]}}]}}',
        line=3,
        column=68,
    ),
    unreadable(
        "yaml-integer-5000-digits",
        YAML_TOUCHPOINT.format(emotion=FIVE_THOUSAND_DIGITS),
        line=7,
        column=18,
    ),
    # -- values out of range ------------------------------------------------------
    invalid("emotion-1.7", js(with_touchpoint(emotion=1.7)), f"{TP1}.emotion", says="1.7"),
    invalid(
        "severity-0",
        js(with_touchpoint(pain_points=[{"description": "d", "severity": 0}])),
        f"{TP1}.pain_points[0].severity",
    ),
    invalid(
        "severity-6",
        js(with_touchpoint(pain_points=[{"description": "d", "severity": 6}])),
        f"{TP1}.pain_points[0].severity",
    ),
    invalid("reach-negative", js(with_touchpoint(reach=-1)), f"{TP1}.reach", says="-1"),
    invalid(
        "emotions-value-2",
        js(
            doc(
                personas=[{"id": "p", "name": "P"}],
                stages=[
                    {
                        "name": "S",
                        "touchpoints": [{"name": "A"}, {"name": "B", "emotions": {"p": 2}}],
                    }
                ],
            )
        ),
        f"{TP1}.emotions.p",
    ),
    invalid(
        "date-not-a-date",
        "journeykit: 1\ntitle: T\nupdated: 2024-13-45\n",
        "updated",
        says="2024-13-45",
    ),
    invalid("date-iso-week", js(doc(updated="2024W011")), "updated"),
    # -- ids ----------------------------------------------------------------------
    invalid(
        "duplicate-touchpoint-id",
        js(
            doc(
                stages=[
                    {
                        "name": "S",
                        "touchpoints": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}],
                    }
                ]
            )
        ),
        f"{TP1}.id",
        says="stages[0].touchpoints[0]",
    ),
    invalid(
        "stage-and-persona-share-id",
        js(doc(personas=[{"id": "x", "name": "P"}], stages=[{"id": "x", "name": "S"}])),
        "stages[0].id",
        says="personas[0]",
    ),
    invalid("empty-id", js(doc(stages=[{"id": "", "name": "S"}])), "stages[0].id"),
    invalid(
        "empty-id-in-yaml-file",
        b'journeykit: 1\ntitle: T\npersonas:\n  - id: ""\n    name: P\n',
        "personas[0].id",
        suffix=".yaml",
    ),
    # -- references that do not resolve ---------------------------------------------
    invalid(
        "dangling-channel",
        js({**with_touchpoint(channel="wbe"), "channels": [{"name": "Web", "kind": "online"}]}),
        f"{TP1}.channel",
        says="did you mean 'web'?",
    ),
    invalid(
        "dangling-emotions-persona",
        js(
            {
                **with_touchpoint(emotions={"busy-parnet": 0.3}),
                "personas": [{"name": "Busy parent"}],
            }
        ),
        f"{TP1}.emotions",
        says="did you mean 'busy-parent'?",
    ),
    invalid(
        "dangling-opportunity-address",
        js(
            with_touchpoint(
                pain_points=[{"id": "slow", "description": "d", "severity": 3}],
                opportunities=[{"description": "o", "addresses": ["slow", "slwo"]}],
            )
        ),
        f"{TP1}.opportunities[0].addresses[1]",
        says="'slwo'",
    ),
    invalid(
        "dangling-flow-from",
        js({**with_touchpoint(), "flows": [{"from": "zz", "to": "b"}]}),
        "flows[0].from",
    ),
    invalid(
        "dangling-flow-to",
        js({**with_touchpoint(), "flows": [{"from": "a", "to": "zz"}]}),
        "flows[0].to",
    ),
    invalid(
        "duplicate-flow-pair",
        js(
            {
                **with_touchpoint(),
                "flows": [{"from": "a", "to": "b"}, {"from": "a", "to": "b", "count": 3}],
            }
        ),
        "flows[1]",
    ),
    # -- keys ---------------------------------------------------------------------------
    invalid(
        "unknown-key-with-suggestion",
        js(doc(stages=[{"name": "S", "touchpionts": []}])),
        "stages[0].touchpionts",
        says="did you mean 'touchpoints'?",
    ),
    invalid(
        "flow-source-instead-of-from",
        js(doc(flows=[{"source": "a", "to": "b"}])),
        "flows[0].from",
        "flows[0].source",
    ),
    unreadable(
        "duplicate-key-json",
        '{"journeykit": 1,\n  "title": "T",\n  "title": "U"}',
        3,
        3,
        says="'title'",
    ),
    unreadable(
        "duplicate-key-yaml", "journeykit: 1\ntitle: T\nscope: s\ntitle: U\n", 4, 1, says="'title'"
    ),
    unreadable(
        "duplicate-key-nested-json",
        '{"journeykit": 1, "title": "T", "stages": [\n'
        ' {"name": "S",\n   "goal": "g", "name": "R"}]}',
        3,
        17,
        says="'name'",
    ),
    # -- the version and the required keys --------------------------------------------
    invalid("missing-version", js({"title": "T"}), "journeykit", says="missing"),
    invalid("future-version-2", js({"journeykit": 2, "title": "T"}), "journeykit", says="upgrade"),
    invalid("version-as-string", js({"journeykit": "1", "title": "T"}), "journeykit", says="'1'"),
    invalid("version-true", js({"journeykit": True, "title": "T"}), "journeykit"),
    invalid("missing-title", js({"journeykit": 1}), "title", says="required"),
    invalid(
        "missing-stage-name", js(doc(stages=[{"goal": "g"}])), "stages[0].name", says="required"
    ),
    invalid("blank-title", js(doc(title="   ")), "title"),
    # -- text -----------------------------------------------------------------------------
    invalid(
        "unpaired-surrogate",
        r'{"journeykit": 1, "title": "T", "personas": [{"name": "\ud800"}]}',
        "personas[0].name",
        says="surrogate",
    ),
    unreadable(
        "control-char-in-yaml-plain-scalar",
        "journeykit: 1\ntitle: T\nstages:\n  - name: a\x01b\n",
        4,
        12,
        says="U+0001",
    ),
    unreadable("control-char-in-json-string", '{"journeykit": 1, "title": "a\x01b"}', 1, 30),
    # -- encodings (bytes, read from a file) ----------------------------------------------
    unreadable("invalid-utf8", b'{"journeykit": 1,\n "title": "a\xff"}', 2, 13, says="0xff"),
    unreadable(
        "invalid-utf8-yaml",
        b"journeykit: 1\ntitle: ab\xc3\x28\n",
        2,
        10,
        says="0xc3",
        suffix=".yaml",
    ),
    # The BOM is not part of the text: the bad byte is the 12th character of line 1.
    unreadable("invalid-utf8-after-bom", b'\xef\xbb\xbf{"title": "\xff"}', 1, 12, says="0xff"),
    unreadable("utf16-file", '{"journeykit": 1, "title": "T"}'.encode("utf-16"), 1, 1),
    unreadable("bom-in-the-middle", '{"journeykit": 1, "title": "T"\ufeff}', 1, 31),
    unreadable("bom-in-the-middle-bytes", '{"journeykit": 1,\n"title":\ufeff "T"}'.encode(), 2, 9),
    # -- documents that are not a journey at all ------------------------------------------
    unreadable("empty-file", b"", None, None, says="empty"),
    unreadable("whitespace-only", " \n\t\r\n  ", None, None, says="empty"),
    unreadable("bom-only", b"\xef\xbb\xbf\n", None, None, says="empty"),
    invalid("top-level-list", "[1, 2]", "", says="top level"),
    invalid("top-level-null", "null", "", says="top level"),
    invalid("top-level-string", '"journey"', "", says="top level"),
    invalid("top-level-number-json", "1", "", says="top level", format="json"),
    unreadable("json-syntax", '{"journeykit": 1,\n "title": "T",\n "stages": [}', 3, 13),
    unreadable("trailing-data", '{"journeykit": 1, "title": "T"} x', 1, 33),
    unreadable("yaml-as-json", "journeykit: 1\ntitle: T\n", 1, 1, format="json"),
    unreadable("two-yaml-documents", "journeykit: 1\ntitle: T\n---\ntitle: U\n", 3, 1),
    # -- YAML features the format refuses ---------------------------------------------
    unreadable(
        "yaml-python-tag",
        'journeykit: 1\ntitle: !!python/object/apply:os.system ["echo hi"]\n',
        2,
        8,
    ),
    unreadable("yaml-custom-tag", "journeykit: 1\ntitle: !mine T\n", 2, 8),
    unreadable("yaml-alias", "journeykit: 1\ntitle: T\nscope: *t\n", 3, 8, says="alias"),
    # docs/format.md: "Anchors, aliases and custom tags are refused" - an anchor alone too.
    unreadable("yaml-anchor-alone", "journeykit: 1\ntitle: &t T\n", 2, 8, says="anchor"),
    # Refused at its first anchor (line 3), long before anything could be expanded.
    unreadable("yaml-billion-laughs", BILLION_LAUGHS, 3, 5, says="anchor"),
    unreadable("yaml-tab-indentation", "journeykit: 1\ntitle: T\nstages:\n\t- name: S\n", 4, 1),
    unreadable("yaml-complex-key", "journeykit: 1\ntitle: T\n? [a, b]\n: x\n", 3, 3),
    # Keys are text, as in JSON (and 1, 1.0 and true, three keys in YAML, are one in Python).
    unreadable("yaml-number-key", "journeykit: 1\ntitle: T\n5: x\n", 3, 1, says="quotes"),
]


def raised(case: Case, tmp_path: Path) -> tuple[jk.JourneyError, str | None]:
    """Load the case; return the error and the file name used, if any."""
    if isinstance(case.text, bytes):
        path = tmp_path / f"doc{case.suffix}"
        path.write_bytes(case.text)
        with pytest.raises(jk.JourneyError) as info:
            jk.load(path)
        return info.value, str(path)
    with pytest.raises(jk.JourneyError) as info:
        jk.loads(case.text, format=case.format)
    return info.value, None


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_with_a_location(case: Case, tmp_path: Path) -> None:
    exc, source = raised(case, tmp_path)
    message = str(exc)
    assert type(exc) is case.error, f"{type(exc).__name__}: {message}"
    if source is not None:
        assert message.startswith(source), message
    if case.says is not None:
        assert case.says in message
    if isinstance(exc, jk.ValidationError):
        assert [p.path for p in exc.problems] == list(case.paths or ())
        for problem in exc.problems:
            assert problem.message
            if problem.path:
                assert f"{problem.path}: {problem.message}" in message
    else:
        assert isinstance(exc, jk.FormatError)
        assert (exc.line, exc.column) == (case.line, case.column), message
        if case.line is not None:
            assert f"line {case.line}, column {case.column}" in message
    assert len(message) < 1000


def test_there_are_many_cases() -> None:
    assert len(CASES) >= 30


# -- cases that load -------------------------------------------------------------


def test_leading_bom_is_ignored(tmp_path: Path) -> None:
    # RFC 8259, section 8.1: JSON text must not begin with a byte order mark, but a
    # parser "MAY ignore the presence of a byte order mark rather than treating it
    # as an error"; editors on Windows add one, so journeykit ignores it.
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{"journeykit": 1, "title": "With BOM"}')
    assert jk.load(path).title == "With BOM"
    assert jk.loads(path.read_bytes()).title == "With BOM"
    assert jk.loads(path.read_bytes().decode("utf-8")).title == "With BOM"
    yaml_path = tmp_path / "bom.yaml"
    yaml_path.write_bytes(b"\xef\xbb\xbfjourneykit: 1\ntitle: With BOM\n")
    assert jk.load(yaml_path).title == "With BOM"


def test_yaml_ids_that_look_like_booleans_or_dates_stay_strings() -> None:
    text = """\
journeykit: 1
title: T
updated: 2024-01-01
stages:
  - id: no
    name: No
  - id: on
    name: On
  - id: 2024-01-01
    name: New year
  - id: yes
    name: Yes
  - id: off
    name: Off
"""
    journey = jk.loads(text)
    assert [s.id for s in journey.stages] == ["no", "on", "2024-01-01", "yes", "off"]
    assert all(type(s.id) is str for s in journey.stages)
    assert journey.stage("2024-01-01").name == "New year"
    assert journey.updated is not None
    assert journey.updated.isoformat() == "2024-01-01"


# -- deep nesting -----------------------------------------------------------------

DEPTH = 10_000

DEEP = [
    pytest.param(js(doc(x="@x"), x="[" * DEPTH + "]" * DEPTH), id="json-lists"),
    pytest.param(js(doc(x="@x"), x='{"a": ' * DEPTH + "1" + "}" * DEPTH), id="json-objects"),
    pytest.param(js(doc(stages="@x"), x="[" * DEPTH + "]" * DEPTH), id="json-lists-in-stages"),
    pytest.param(
        "journeykit: 1\ntitle: T\nx: " + "[" * DEPTH + "]" * DEPTH + "\n", id="yaml-flow-lists"
    ),
    pytest.param(
        "journeykit: 1\ntitle: T\nx: " + "{a: " * DEPTH + "1" + "}" * DEPTH + "\n",
        id="yaml-flow-mappings",
    ),
    pytest.param(
        "journeykit: 1\ntitle: T\nx:\n" + "".join(" " * i + "-\n" for i in range(1, 3000)),
        id="yaml-block-lists",
    ),
]


@pytest.mark.parametrize("text", DEEP)
def test_deep_nesting_is_refused_cleanly(text: str) -> None:
    with pytest.raises(jk.JourneyError) as info:
        jk.loads(text)
    assert type(info.value) is jk.FormatError
    assert "nested too deeply" in str(info.value)


def test_moderate_nesting_in_a_known_field_is_located() -> None:
    # Deep enough to be odd, within the readers' limit (100 levels): the model says where.
    text = js(doc(stages="@x"), x="[" * 90 + "]" * 90)
    with pytest.raises(jk.JourneyError) as info:
        jk.loads(text)
    assert type(info.value) is jk.ValidationError
    assert [p.path for p in info.value.problems] == ["stages[0]"]


# -- huge values are refused and never echoed -------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def test_fifty_megabyte_title_is_refused_without_echoing_it() -> None:
    title = "x" * FIFTY_MB
    with pytest.raises(jk.JourneyError) as info:
        jk.loads('{"journeykit": 1, "title": "' + title + '"}')
    exc = info.value
    assert type(exc) is jk.ValidationError
    assert [p.path for p in exc.problems] == ["title"]
    assert "100,000" in str(exc)
    assert len(str(exc)) < 1000


MEGABYTE_KEY = "k" * 1_000_000

HUGE = [
    pytest.param(js(doc(**{MEGABYTE_KEY: 1})), id="unknown-key"),
    pytest.param(
        js({**with_touchpoint(emotions={MEGABYTE_KEY: 5}), "personas": [{"name": "P"}]}),
        id="emotions-key",
    ),
    pytest.param(js(with_touchpoint(channel=MEGABYTE_KEY)), id="channel-reference"),
    pytest.param(js(doc(flows=[{"from": MEGABYTE_KEY, "to": "b"}])), id="flow-reference"),
    pytest.param(
        js(doc(stages=[{"id": MEGABYTE_KEY, "name": "S"}, {"id": MEGABYTE_KEY, "name": "R"}])),
        id="duplicate-id",
    ),
]


@pytest.mark.parametrize("text", HUGE)
def test_huge_user_values_are_not_echoed_in_messages(text: str) -> None:
    with pytest.raises(jk.JourneyError) as info:
        jk.loads(text)
    assert type(info.value) is jk.ValidationError
    assert len(str(info.value)) < 1000
    for problem in info.value.problems:
        assert len(problem.path) < 300
        assert len(problem.message) < 500


def test_huge_duplicate_key_is_reported_briefly() -> None:
    key = "d" * 100_000
    with pytest.raises(jk.JourneyError) as info:
        jk.loads('{"journeykit": 1, "title": "T", "' + key + '": 1, "' + key + '": 2}')
    exc = info.value
    assert type(exc) is jk.FormatError
    assert (exc.line, exc.column) == (1, 100_040)
    assert len(str(exc)) < 1000


# -- several problems at once -------------------------------------------------------


def test_every_problem_is_listed_at_once() -> None:
    text = js(
        doc(
            stages=[
                {
                    "name": "S",
                    "touchpoints": [
                        {"name": "A", "emotion": 1.7, "reach": -1},
                        {"name": "B", "pain_points": [{"description": "d", "severity": 0}]},
                    ],
                },
                {"name": "R", "touchpionts": []},
            ]
        )
    )
    with pytest.raises(jk.JourneyError) as info:
        jk.loads(text)
    exc = info.value
    assert type(exc) is jk.ValidationError
    paths = [p.path for p in exc.problems]
    assert len(paths) >= 3
    assert set(paths) == {
        "stages[0].touchpoints[0].emotion",
        "stages[0].touchpoints[0].reach",
        "stages[0].touchpoints[1].pain_points[0].severity",
        "stages[1].touchpionts",
    }
    assert str(exc).startswith(f"{len(paths)} problems:")
    for problem in exc.problems:
        assert f"  line 1, column {problem.column}: {problem.path}: " in str(exc)


def test_problems_of_a_part_and_of_its_container_are_listed_together() -> None:
    # A bad title and a bad pain point: fixing one should not reveal the other.
    text = js(
        {
            **with_touchpoint(emotion=1.7, pain_points=[{"description": "d", "severity": 9}]),
            "title": 5,
        }
    )
    with pytest.raises(jk.JourneyError) as info:
        jk.loads(text)
    exc = info.value
    assert type(exc) is jk.ValidationError
    assert {p.path for p in exc.problems} == {
        "title",
        f"{TP1}.emotion",
        f"{TP1}.pain_points[0].severity",
    }


def test_errors_name_their_source_file(tmp_path: Path) -> None:
    path = tmp_path / "journey.yaml"
    path.write_text("journeykit: 1\ntitle: T\nstages:\n  - name: S\n    goal: [1]\n", "utf-8")
    with pytest.raises(jk.JourneyError) as info:
        jk.load(path)
    exc = info.value
    assert type(exc) is jk.ValidationError
    assert exc.lines() == [
        f"{path}, line 5, column 11: stages[0].goal: expected a string, got a list"
    ]
