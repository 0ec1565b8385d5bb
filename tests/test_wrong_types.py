"""Every public function, called with a wrong type, fails with a JourneyError naming the argument.

For each public function and class, a valid call is written down; hypothesis
then swaps one argument of it for a value of the wrong kind (a path string,
an analysis result, None, a list, a dict, a number, a BytesIO) and calls
again. The call may succeed (None is a valid ``theme``, a path string a valid
file), or fail with a :class:`~journeykit.JourneyError` whose message names
the argument (or the path it was given). Any other exception fails the test.
"""

from __future__ import annotations

import inspect
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
import journeykit.events
import journeykit.scales

EXAMPLE = Path(__file__).parent.parent / "examples" / "coffee-maker.json"


def _journey() -> jk.Journey:
    return jk.load(EXAMPLE)


def _events() -> list[dict[str, Any]]:
    """A small event table as a list of rows (turned into a polars frame where needed)."""
    return [
        {"customer": "a", "at": "2026-01-01T10:00:00", "touchpoint": "Ad"},
        {"customer": "a", "at": "2026-01-01T10:05:00", "touchpoint": "Shop"},
        {"customer": "b", "at": "2026-01-02T09:00:00", "touchpoint": "Ad"},
    ]


def _frame() -> Any:
    pl = pytest.importorskip("polars")
    return pl.DataFrame(_events()).with_columns(pl.col("at").str.to_datetime())


COLUMNS = {"case": "customer", "timestamp": "at", "touchpoint": "touchpoint"}


def valid_calls(tmp: Path) -> dict[str, tuple[Callable[..., Any], dict[str, Any]]]:
    """Each public callable with keyword arguments that make a valid call."""
    j = _journey()
    frame = _frame()
    aggregate = jk.events.aggregate(frame, **COLUMNS)
    saved = tmp / "counts.json"
    aggregate.save(saved)
    csv = tmp / "events.csv"
    csv.write_text("customer,at,touchpoint\na,2026-01-01T10:00:00,Ad\n", encoding="utf-8")
    tp = jk.Touchpoint(name="Ad")
    stage = jk.Stage(name="S", touchpoints=[tp])
    return {
        "check": (jk.check, {"journey": j}),
        "coverage": (jk.coverage, {"journey": j}),
        "diff": (jk.diff, {"old": j, "new": j}),
        "dump": (jk.dump, {"journey": j, "file": tmp / "out.json"}),
        "dumps": (jk.dumps, {"journey": j}),
        "convert": (jk.convert, {"source": EXAMPLE, "target": tmp / "out.mmd"}),
        "file_formats": (jk.file_formats, {}),
        "from_mermaid": (jk.from_mermaid, {"text": "journey\n  section S\n    T: 4: Me\n"}),
        "to_mermaid": (jk.to_mermaid, {"journey": j}),
        "emotion_curve": (jk.emotion_curve, {"journey": j}),
        "from_dict": (jk.from_dict, {"data": jk.to_dict(j)}),
        "from_networkx": (jk.from_networkx, {"graph": jk.to_networkx(j)}),
        "funnel": (jk.funnel, {"journey": j}),
        "hotspots": (jk.hotspots, {"journey": j, "top": 3}),
        "load": (jk.load, {"file": EXAMPLE}),
        "loads": (jk.loads, {"text": EXAMPLE.read_text(encoding="utf-8")}),
        "loops": (jk.loops, {"journey": j}),
        "paths": (jk.paths, {"journey": j, "top": 2}),
        "render": (jk.render, {"subject": j}),
        "save": (jk.save, {"subject": j, "file": tmp / "map.svg"}),
        "scene": (jk.scene, {"subject": j, "view": "emotion"}),
        "views": (jk.views, {}),
        "slugify": (jk.slugify, {"text": "Hello"}),
        "to_dict": (jk.to_dict, {"journey": j}),
        "to_networkx": (jk.to_networkx, {"journey": j}),
        "Touchpoint": (jk.Touchpoint, {"name": "Ad", "emotion": 0.5, "reach": 10}),
        "Stage": (jk.Stage, {"name": "S", "touchpoints": [tp]}),
        "Journey": (jk.Journey, {"title": "T", "stages": [stage]}),
        "Persona": (jk.Persona, {"name": "P", "goals": ["Save time"]}),
        "Channel": (jk.Channel, {"name": "Web", "kind": "online"}),
        "PainPoint": (jk.PainPoint, {"description": "Slow", "severity": 3}),
        "Opportunity": (jk.Opportunity, {"description": "Faster", "impact": 3, "effort": 2}),
        "Metric": (jk.Metric, {"name": "CSAT", "value": 4.2}),
        "Evidence": (jk.Evidence, {"source": "survey", "sample_size": 12}),
        "Flow": (jk.Flow, {"source": "ad", "target": "shop", "count": 3}),
        "Duration": (jk.Duration, {"mean": 3.0, "median": 2.0, "p90": 5.0}),
        "events.discover": (jk.events.discover, {"table": frame, **COLUMNS}),
        "events.aggregate": (jk.events.aggregate, {"table": frame, **COLUMNS}),
        "events.refresh": (jk.events.refresh, {"designed": j, "observed": aggregate}),
        "events.compare": (jk.events.compare, {"designed": j, "observed": aggregate}),
        "events.load_aggregate": (jk.events.load_aggregate, {"source": saved}),
        "events.match": (jk.events.match, {"designed": j, "names": ["Ad"]}),
        "events.read": (jk.events.read, {"source": csv}),
        "scales.scale": (jk.scales.scale, {"name": "nps"}),
        "scales.net_promoter_score": (
            jk.scales.net_promoter_score,
            {"promoters": 5, "detractors": 2, "answers": 10},
        ),
    }


ALIASES = {
    # Where a message names the argument as the file format or the caller knows it.
    ("Flow", "source"): "from",
    ("Flow", "target"): "to",
    ("scales.scale", "name"): "scale",
}
DOCUMENTS = {
    ("from_dict", "data"),
    ("loads", "text"),
    ("from_mermaid", "text"),
    ("convert", "source"),
    ("load", "file"),
    ("events.load_aggregate", "source"),
    ("events.read", "source"),
}
"""Arguments holding a whole document or file: errors in its content name the place inside."""


def wrong_values(tmp: Path, j: jk.Journey) -> dict[str, Any]:
    """Values of the wrong kind for almost any argument, by label."""
    return {
        "a path string": str(tmp / "bank.yaml"),
        "an analysis result": jk.hotspots(j),
        "None": None,
        "a list": [1, "two"],
        "a dict": {},
        "a float": 2.5,
        "a BytesIO": io.BytesIO(b"not a journey"),
    }


WRONG = ["a path string", "an analysis result", "None", "a list", "a dict", "a float", "a BytesIO"]


def _names(with_arguments: bool = False) -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        calls = valid_calls(Path(tmp))
    return sorted(name for name, (_, kwargs) in calls.items() if kwargs or not with_arguments)


def test_every_public_callable_is_covered(tmp_path: Path) -> None:
    """A public function added later must get a valid call here."""
    covered = set(valid_calls(tmp_path))
    public = {n for n in jk.__all__ if callable(getattr(jk, n)) and not n.endswith("Error")} - {
        "SmallTextWarning",  # a warning class, not a function of user input
        "Problem",
        "FormatWarning",
        "Finding",
        "Theme",
        "Period",
        "renderers",
        "schema",
    }
    public |= {
        f"events.{n}" for n in jk.events.__all__ if inspect.isfunction(getattr(jk.events, n))
    }
    public -= {"events.merge"}  # takes aggregates only: tested in test_events_merge.py
    assert public <= covered, sorted(public - covered)


@pytest.mark.parametrize("name", _names())
def test_the_valid_call_succeeds(name: str, tmp_path: Path) -> None:
    function, kwargs = valid_calls(tmp_path)[name]
    function(**kwargs)


@pytest.mark.parametrize("name", _names(with_arguments=True))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_wrong_argument_raises_a_journey_error_naming_it(
    name: str, tmp_path: Path, data: st.DataObject
) -> None:
    function, kwargs = valid_calls(tmp_path)[name]
    argument = data.draw(st.sampled_from(sorted(kwargs)), label="argument")
    label = data.draw(st.sampled_from(WRONG), label="value")
    value = wrong_values(tmp_path, _journey())[label]
    try:
        function(**{**kwargs, argument: value})
    except jk.JourneyError as exc:
        message = str(exc)
        if (name, argument) in DOCUMENTS and not isinstance(exc, jk.ArgumentError):
            return
        argument = ALIASES.get((name, argument), argument)
        assert argument in message or (isinstance(value, str) and value[:25] in message), (
            f"{name}({argument}=<{label}>): {message}"
        )
