"""Input that is small but expensive, or valid but extreme: what one file may cost.

Each test here stands for a finding of fuzzing (issue 12): a file that took
minutes or gigabytes, a number that passed validation and then crashed an
analysis. Costs are checked by counting work (comparisons, lines run, items
read), never by the clock; ``benchmarks/hostile.py`` measures the time.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml

import journeykit as jk
from journeykit import _checks
from journeykit.errors import MAX_COUNTED_PROBLEMS, MAX_LISTED_PROBLEMS

BIGGEST_COUNT = 2**63 - 1
BIGGEST_FLOAT = sys.float_info.max


def doc(**top: Any) -> dict[str, Any]:
    return {"journeykit": 1, "title": "T", **top}


def refused(text: str | dict[str, Any], format: str | None = None) -> jk.JourneyError:
    with pytest.raises(jk.JourneyError) as info:
        jk.loads(text, format) if isinstance(text, str) else jk.from_dict(text)
    return info.value


# -- numbers -----------------------------------------------------------------------

FOUR_HUNDRED_DIGITS = int("9" * 400)


def one_touchpoint(**fields: Any) -> dict[str, Any]:
    return doc(stages=[{"name": "S", "touchpoints": [{"name": "A"}, {"name": "B", **fields}]}])


NUMBER_CASES = [
    pytest.param(
        one_touchpoint(metrics=[{"name": "m", "target": FOUR_HUNDRED_DIGITS}]),
        "stages[0].touchpoints[1].metrics[0].target",
        id="metric-target-400-digits",
    ),
    pytest.param(
        one_touchpoint(metrics=[{"name": "m", "value": 2 * 10**308}]),
        "stages[0].touchpoints[1].metrics[0].value",
        id="metric-value-past-the-largest-float",
    ),
    pytest.param(
        one_touchpoint(reach=BIGGEST_COUNT + 1), "stages[0].touchpoints[1].reach", id="reach-2^63"
    ),
    pytest.param(
        one_touchpoint(reach=FOUR_HUNDRED_DIGITS, exits=5),
        "stages[0].touchpoints[1].reach",
        id="reach-400-digits",
    ),
    pytest.param(
        one_touchpoint(evidence=[{"source": "s", "sample_size": FOUR_HUNDRED_DIGITS}]),
        "stages[0].touchpoints[1].evidence[0].sample_size",
        id="sample-size-400-digits",
    ),
    pytest.param(
        {**one_touchpoint(), "flows": [{"from": "a", "to": "b", "count": FOUR_HUNDRED_DIGITS}]},
        "flows[0].count",
        id="flow-count-400-digits",
    ),
    pytest.param(
        {
            **one_touchpoint(),
            "flows": [
                {
                    "from": "a",
                    "to": "b",
                    "duration": {"mean": 1, "median": 1, "p90": FOUR_HUNDRED_DIGITS},
                }
            ],
        },
        "flows[0].duration.p90",
        id="duration-400-digits",
    ),
]


@pytest.mark.parametrize(("data", "path"), NUMBER_CASES)
def test_numbers_that_cannot_be_a_float_are_refused_where_they_are(
    data: dict[str, Any], path: str
) -> None:
    for text in (json.dumps(data), yaml.safe_dump(data)):
        exc = refused(text)
        assert type(exc) is jk.ValidationError, exc
        assert [p.path for p in exc.problems] == [path]
        assert "too large" in str(exc)
        assert len(str(exc)) < 300  # 400 digits are not echoed


def test_a_number_too_large_is_refused_when_built_in_python_too() -> None:
    with pytest.raises(jk.ValidationError, match="target: an integer of 400 digits is too large"):
        jk.Metric(name="m", target=FOUR_HUNDRED_DIGITS)
    with pytest.raises(jk.ValidationError, match=r"count: .* is too large"):
        jk.Flow(source="a", target="b", count=BIGGEST_COUNT + 1)


def test_a_yaml_hex_integer_of_4000_digits_is_refused_at_load() -> None:
    # int("0x…", 16) has no digit limit; dumps would then fail on its 4,816 decimal digits.
    text = (
        "journeykit: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n"
        f"      - name: A\n        reach: 0x{'f' * 4000}\n"
    )
    exc = refused(text)
    assert type(exc) is jk.ValidationError
    assert [p.path for p in exc.problems] == ["stages[0].touchpoints[0].reach"]
    assert "an integer of about 4,816 digits is too large" in str(exc)


def journey_at_the_bounds(count: int = BIGGEST_COUNT, big: float = BIGGEST_FLOAT) -> jk.Journey:
    """Every count at 2**63 - 1 and metrics at the largest floats, of both signs."""

    def touchpoint(name: str) -> jk.Touchpoint:
        return jk.Touchpoint(
            name=name,
            reach=count,
            entries=count,
            exits=count,
            emotion=-1,
            metrics=[jk.Metric(name="m", value=big, target=-big)],
            pain_points=[jk.PainPoint(description=f"pain {name}", severity=5)],
            evidence=[jk.Evidence(source="s", sample_size=count)],
        )

    metric = jk.Metric(name="k", value=-big, target=big, better="lower")
    return jk.Journey(
        title="At the bounds",
        stages=[
            jk.Stage(name="One", touchpoints=[touchpoint("A"), touchpoint("B")], metrics=[metric]),
            jk.Stage(name="Two", touchpoints=[touchpoint("C"), touchpoint("D")]),
        ],
        flows=[
            jk.Flow(
                source=a,
                target=b,
                count=count,
                duration=jk.Duration(mean=big, median=big, p90=big),
            )
            for a, b in [("a", "b"), ("b", "c"), ("c", "d"), ("b", "a"), ("d", "a")]
        ],
    )


def test_numbers_at_the_bounds_go_through_every_analysis_and_view() -> None:
    # Before the bounds, an integer of 400 digits validated and then crashed check,
    # the funnel, loops, paths and the map with OverflowError.
    journey = journey_at_the_bounds()
    small = journey_at_the_bounds(count=1, big=1.0)
    assert jk.loads(jk.dumps(journey)) == journey
    assert jk.loads(jk.dumps(journey, "yaml")) == journey
    results: list[Any] = [
        jk.check(journey),
        jk.funnel(journey),
        jk.hotspots(journey),
        jk.emotion_curve(journey),
        jk.coverage(journey),
        jk.loops(journey),
        jk.paths(journey),
        jk.diff(small, journey),
        jk.diff(journey, small),
    ]
    for result in results[1:]:
        json.dumps(result.to_dict(), allow_nan=False)
    for view in ("map", "emotion", "hotspots", "coverage", "flow", "funnel"):
        assert str(jk.render(journey, view=view)).startswith("<svg")
    assert str(jk.render(journey, view="diff", base=small)).startswith("<svg")


# -- how many problems one error collects --------------------------------------------


def test_problems_past_the_first_hundred_are_counted_not_listed() -> None:
    exc = refused(doc(stages=[{} for _ in range(150)]))
    assert type(exc) is jk.ValidationError
    assert len(exc.problems) == MAX_LISTED_PROBLEMS == 100
    assert exc.problems.total == 150
    assert exc.problems.complete
    assert [p.path for p in exc.problems] == [f"stages[{i}].name" for i in range(100)]
    assert str(exc).startswith("150 problems; the first 100:\n  stages[0].name: is required")
    assert exc.lines()[-1] == "… and 50 more problems, not listed"
    assert len(exc.lines()) == 101


def test_a_million_empty_stages_stop_at_ten_thousand_problems() -> None:
    # 3 MB of "{}, ": today 92 s, 4.6 GB and a 35 MB message.
    text = '{"journeykit": 1, "title": "T", "stages": [' + ", ".join(["{}"] * 10**6) + "]}"
    exc = refused(text)
    assert type(exc) is jk.ValidationError
    assert exc.problems.total == MAX_COUNTED_PROBLEMS == 10_000
    assert not exc.problems.complete
    assert len(exc.problems) == 100
    assert str(exc).startswith("at least 10,000 problems (the search stopped); the first 100:")
    assert exc.lines()[-1] == "… and at least 9,900 more problems, not listed"
    assert len(str(exc)) < 8_000  # 100 problems, each with its line and column
    assert exc.problems[-1].line == 1
    assert exc.problems[-1].column == text.index("{}") + 1 + 99 * 4


def test_reading_stops_at_the_limit_so_later_items_are_never_read() -> None:
    # The proof that the search stops: an item after the limit that would raise is not read.
    stages: list[Any] = [{} for _ in range(MAX_COUNTED_PROBLEMS)] + [Explodes()]
    exc = refused(doc(stages=stages))
    assert type(exc) is jk.ValidationError
    assert not exc.problems.complete


class Explodes(dict[str, Any]):
    """A mapping that fails the test when anything reads it."""

    def __getitem__(self, key: str) -> Any:
        raise AssertionError("read after the limit")

    def __contains__(self, key: object) -> bool:
        raise AssertionError("read after the limit")

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("read after the limit")


def test_the_count_survives_wrapping_under_a_source_and_a_prefix() -> None:
    exc = refused(json.dumps(doc(stages=[{} for _ in range(150)])))
    assert isinstance(exc, jk.ValidationError)
    named = jk.ValidationError(exc.problems, source="big.json")
    assert named.problems.total == 150
    assert str(named).startswith("big.json: 150 problems; the first 100:")
    moved = exc.under("journeys[3]")
    assert moved.problems.total == 150
    assert moved.problems[0].path == "journeys[3].stages[0].name"


def test_a_journey_built_in_python_with_a_million_wrong_items_stops_too() -> None:
    with pytest.raises(jk.ValidationError) as info:
        jk.Journey(title="T", stages=[1] * 10**6)  # type: ignore[list-item]
    assert info.value.problems.total == MAX_COUNTED_PROBLEMS
    assert not info.value.problems.complete


def test_a_million_duplicate_ids_stop_at_the_limit() -> None:
    stage = jk.Stage(id="same", name="S")
    with pytest.raises(jk.ValidationError) as info:
        jk.Journey(title="T", stages=[stage] * 10**5)
    assert info.value.problems.total == MAX_COUNTED_PROBLEMS
    assert info.value.problems[0].path == "stages[1].id"


def test_unknown_fields_past_the_listed_ones_are_counted_without_suggestions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[int] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], *args: Any, **kwargs: Any) -> list[str]:
        compared.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    exc = refused(doc(**{f"extra{i}": 1 for i in range(5000)}))
    assert type(exc) is jk.ValidationError
    assert exc.problems.total == 5000
    assert len(compared) == MAX_LISTED_PROBLEMS


# -- references are checked in linear time --------------------------------------------


class CountedId(str):
    """An id that counts how often it is compared for equality."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        CountedId.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def comparisons_to_check_references(n: int) -> int:
    channels = [jk.Channel(id=CountedId(f"channel-{i}"), name="C", kind="online") for i in range(n)]
    touchpoints = [
        jk.Touchpoint(id=f"t{i}", name="T", channel=CountedId(f"channel-{i}")) for i in range(n)
    ]
    stage = jk.Stage(name="S", touchpoints=touchpoints)
    CountedId.comparisons = 0
    jk.Journey(title="T", channels=channels, stages=[stage])
    return CountedId.comparisons


def test_channel_references_are_checked_in_linear_time() -> None:
    # A list lookup per touchpoint made 100,000 touchpoints on 100,000 channels
    # cost 10**10 comparisons.
    small, large = comparisons_to_check_references(500), comparisons_to_check_references(2000)
    assert large <= 4 * small + 100, (small, large)


def test_a_suggestion_compares_at_most_two_hundred_known_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[int] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], *args: Any, **kwargs: Any) -> list[str]:
        compared.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    known = [f"touchpoint-{i:06d}" for i in range(100_000)]
    assert _checks.suggest("touchpoint-012345x", known) == "; did you mean 'touchpoint-012345'?"
    assert compared == [200]


def test_ids_of_many_items_with_one_name_are_assigned_in_linear_time() -> None:
    # Numbering each item by counting up from 2 past the ids taken made 16,000
    # stages of one name take 22 s and 100,000 never finish. Count the lines run
    # in the model's id derivation: linear work doubles with the size.
    small, large = lines_run_deriving_ids(2_000), lines_run_deriving_ids(4_000)
    assert large <= 2.2 * small, (small, large)


def lines_run_deriving_ids(n: int) -> int:
    from journeykit import model

    counted = {
        f.__code__
        for f in vars(model).values()
        if callable(f) and getattr(f, "__module__", "") == model.__name__ and hasattr(f, "__code__")
    }
    lines = 0

    def local(frame: Any, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal lines
        if event == "line":
            lines += 1
        return local

    def calls(frame: Any, event: str, arg: Any) -> Callable[..., Any] | None:
        return local if frame.f_code in counted else None

    stages = [jk.Stage(name="Same") for _ in range(n)]
    sys.settrace(calls)
    try:
        journey = jk.Journey(title="T", stages=stages)
    finally:
        sys.settrace(None)
    assert journey.stages[-1].id == f"same-{n}"
    return lines


# -- nesting and keys ----------------------------------------------------------------

DEEP = [
    pytest.param('{"journeykit": 1, "x": ' + "[" * 10_000 + "]" * 10_000 + "}", 1, 123, id="json"),
    pytest.param(
        '{"journeykit": 1,\n"x": ' + '{"a": ' * 10_000 + "1" + "}" * 10_000 + "}",
        2,
        6 + 6 * 99,
        id="json-objects",
    ),
    pytest.param("journeykit: 1\nx: " + "[" * 10_000 + "]" * 10_000 + "\n", 2, 103, id="yaml-flow"),
    pytest.param(
        "journeykit: 1\nx:\n" + "".join(" " * i + "-\n" for i in range(1, 3000)),
        102,
        101,
        id="yaml-block",
    ),
]


@pytest.mark.parametrize(("text", "line", "column"), DEEP)
def test_nested_too_deeply_names_a_line_and_column(text: str, line: int, column: int) -> None:
    exc = refused(text)
    assert type(exc) is jk.FormatError
    assert "nested too deeply: more than 100 levels" in str(exc)
    assert (exc.line, exc.column) == (line, column), str(exc)


@pytest.mark.parametrize("format", ["json", "yaml"])
def test_a_hundred_levels_are_read_and_a_hundred_and_one_refused(format: str) -> None:
    def nested(levels: int) -> str:
        # The top-level mapping is one level; "x" holds the others.
        inner = "[" * (levels - 1) + "]" * (levels - 1)
        return f'{{"journeykit": 1, "title": "T", "x": {inner}}}'

    exc = refused(nested(100), format)  # JSON is YAML too
    assert type(exc) is jk.ValidationError  # read, then "x: unknown field"
    exc = refused(nested(101), format)
    assert type(exc) is jk.FormatError
    assert "nested too deeply" in str(exc)


def test_brackets_inside_json_strings_do_not_count_as_nesting() -> None:
    quoted = json.dumps("[" * 500 + '\\"{' * 200)
    assert jk.loads(f'{{"journeykit": 1, "title": {quoted}}}').title.startswith("[[[")


@pytest.mark.parametrize(
    ("keys", "line", "column", "says"),
    [
        ("1: a\ntrue: b\n", 3, 1, "the key 1 is read as an integer"),
        ("x: {1: a, 1.0: b}\n", 3, 5, "the key 1 is read as an integer"),
        ("x: {true: a, 1: b}\n", 3, 5, "the key true is read as a boolean"),
        ("x: {1.0: a}\n", 3, 5, "the key 1.0 is read as a number"),
        ("~: a\n", 3, 1, "the key ~ is read as null"),
    ],
)
def test_yaml_keys_are_text_so_1_true_and_1_0_are_never_called_duplicates(
    keys: str, line: int, column: int, says: str
) -> None:
    exc = refused(f"journeykit: 1\ntitle: T\n{keys}")
    assert type(exc) is jk.FormatError
    assert says in str(exc)
    assert "duplicate" not in str(exc)
    assert "write it in quotes" in str(exc)
    assert (exc.line, exc.column) == (line, column)


def test_quoted_yaml_keys_that_read_alike_are_still_duplicates() -> None:
    exc = refused("journeykit: 1\ntitle: T\n'1': a\n\"1\": b\n")
    assert type(exc) is jk.FormatError
    assert "duplicate key '1'" in str(exc)
    assert (exc.line, exc.column) == (4, 1)
