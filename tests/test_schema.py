"""The JSON Schema of the file format (src/journeykit/formats/schema-v1.json)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import journeykit as jk

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "src" / "journeykit" / "formats" / "schema-v1.json"
EXAMPLES = sorted(
    p for p in (ROOT / "examples").glob("*") if p.suffix in {".json", ".yaml", ".yml"}
)
JSON_EXAMPLES = [p for p in EXAMPLES if p.suffix == ".json"]

Doc = dict[str, Any]


def load_schema() -> Doc:
    with SCHEMA_PATH.open(encoding="utf-8") as f:
        schema: Doc = json.load(f)
    return schema


SCHEMA = load_schema()
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def errors(doc: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


MINIMAL: Doc = {"journeykit": 1, "title": "Hello"}

FULL: Doc = {
    "journeykit": 1,
    "title": "Buying a kettle",
    "objective": "Find where shoppers give up.",
    "scope": "New customers, online and in shops.",
    "updated": "2024-02-29",
    "ignore": ["JK6"],
    "personas": [
        {
            "id": "student",
            "name": "Student",
            "description": "Lives in a shared flat.",
            "segment": "Low budget",
            "goals": ["Tea fast"],
            "motivations": ["Old kettle broke"],
            "frustrations": ["Hidden fees"],
            "quote": "Just make it boil.",
        },
        {"name": "Parent"},
    ],
    "channels": [
        {"id": "web", "name": "Website", "kind": "online"},
        {"name": "Shop", "kind": "offline"},
    ],
    "stages": [
        {
            "id": "consider",
            "name": "Consideration",
            "goal": "Pick a kettle",
            "ignore": ["jk101"],
            "touchpoints": [
                {
                    "id": "compare",
                    "name": "Compares models",
                    "channel": "web",
                    "lane": "customer",
                    "actions": ["Opens two tabs"],
                    "motivations": ["Price"],
                    "questions": ["Which is quieter?"],
                    "thoughts": ["Too many options"],
                    "emotion": -0.4,
                    "emotions": {"student": -1, "parent": 0.5},
                    "ignore": [" JK3 ", "JK402"],
                    "pain_points": [
                        {
                            "id": "too-many",
                            "description": "Too many similar models",
                            "severity": 4,
                            "evidence": [
                                {
                                    "source": "interview",
                                    "reference": "Study 12",
                                    "sample_size": 0,
                                    "collected": "2024-01-15",
                                    "ignore": ["JK502"],
                                }
                            ],
                            "ignore": ["JK201"],
                        }
                    ],
                    "opportunities": [
                        {
                            "id": "table",
                            "description": "A comparison table",
                            "addresses": ["too-many"],
                            "owner": "Web team",
                            "impact": 5,
                            "effort": 1,
                            "status": "in-progress",
                            "ignore": ["JK202"],
                        }
                    ],
                    "evidence": [
                        {
                            "source": "events",
                            "sample_size": 12000,
                            "period": {"start": "2024-01-01", "end": "2024-01-31"},
                        }
                    ],
                    "metrics": [
                        {
                            "name": "Conversion",
                            "value": 0.031,
                            "target": 0.04,
                            "unit": "ratio",
                            "better": "higher",
                            "evidence": [{"source": "analytics"}],
                            "ignore": ["JK602"],
                        }
                    ],
                    "reach": 12000,
                    "entries": 9000,
                    "exits": 0,
                },
                {"id": "buy", "name": "Buys", "lane": "frontstage", "emotion": 1},
            ],
            "metrics": [{"name": "Drop-off", "value": 12, "unit": "%", "better": "lower"}],
        },
        {"name": "Use"},
    ],
    "flows": [
        {
            "from": "compare",
            "to": "buy",
            "count": 800,
            "duration": {"mean": 5400.5, "median": 3600, "p90": 7200},
            "evidence": [{"source": "events", "sample_size": 800}],
            "ignore": ["JK104"],
        },
        {"from": "buy", "to": "compare"},
    ],
}

VALID = {
    "minimal": MINIMAL,
    "full": FULL,
    "empty lists": {**MINIMAL, "personas": [], "channels": [], "stages": [], "flows": []},
    "bounds": {
        **MINIMAL,
        "stages": [
            {
                "name": "S",
                "touchpoints": [
                    {
                        "name": "T",
                        "emotion": -1,
                        "reach": 0,
                        "pain_points": [{"description": "P", "severity": 5}],
                        "opportunities": [{"description": "O", "impact": 1, "effort": 5}],
                    }
                ],
            }
        ],
    },
}


def _at(path: str) -> Callable[[Doc], tuple[Any, str]]:
    """A getter for the container and key at a dotted path into ``FULL``."""

    def get(doc: Doc) -> tuple[Any, str]:
        *parents, last = path.split(".")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        return node, last

    return get


def setting(path: str, value: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        node, key = _at(path)(doc)
        node[key] = value

    return change


def deleting(path: str) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        node, key = _at(path)(doc)
        del node[key]

    return change


TP = "stages.0.touchpoints.0"

INVALID: dict[str, Callable[[Doc], None]] = {
    "emotion 1.7": setting(f"{TP}.emotion", 1.7),
    "emotion -1.01": setting(f"{TP}.emotion", -1.01),
    "emotions value 2": setting(f"{TP}.emotions.student", 2),
    "emotions value a string": setting(f"{TP}.emotions.student", "sad"),
    "emotions a list": setting(f"{TP}.emotions", [0.5]),
    "severity 0": setting(f"{TP}.pain_points.0.severity", 0),
    "severity 6": setting(f"{TP}.pain_points.0.severity", 6),
    "severity 2.5": setting(f"{TP}.pain_points.0.severity", 2.5),
    "severity missing": deleting(f"{TP}.pain_points.0.severity"),
    "severity true": setting(f"{TP}.pain_points.0.severity", True),
    "impact false": setting(f"{TP}.opportunities.0.impact", False),
    "entries -1": setting(f"{TP}.entries", -1),
    "exits 1.5": setting(f"{TP}.exits", 1.5),
    "period without end": deleting(f"{TP}.evidence.0.period.end"),
    "period start not a date": setting(f"{TP}.evidence.0.period.start", "January"),
    "duration without p90": deleting("flows.0.duration.p90"),
    "duration mean negative": setting("flows.0.duration.mean", -1),
    "duration median a string": setting("flows.0.duration.median", "1h"),
    "reach true": setting(f"{TP}.reach", True),
    "reach -1": setting(f"{TP}.reach", -1),
    "reach past 64 bits": setting(f"{TP}.reach", 2**63),
    "count past 64 bits": setting("flows.0.count", 2**63),
    "metric value past a double": setting(f"{TP}.metrics.0.value", 10**309),
    "metric target past a double": setting(f"{TP}.metrics.0.target", -(10**309)),
    "duration p90 past a double": setting("flows.0.duration.p90", 10**309),
    "count true": setting("flows.0.count", True),
    "sample_size -3": setting(f"{TP}.pain_points.0.evidence.0.sample_size", -3),
    "emotion true": setting(f"{TP}.emotion", True),
    "metric value false": setting(f"{TP}.metrics.0.value", False),
    "unknown key touchpionts": lambda d: d["stages"][0].update(
        touchpionts=d["stages"][0].pop("touchpoints")
    ),
    "unknown top-level key": setting("author", "me"),
    "unknown flow key source": setting("flows.0.source", "compare"),
    "missing title": deleting("title"),
    "blank title": setting("title", "  "),
    "title a number": setting("title", 3),
    "missing journeykit": deleting("journeykit"),
    "journeykit 2": setting("journeykit", 2),
    "journeykit '1'": setting("journeykit", "1"),
    "journeykit true": setting("journeykit", True),
    "channel kind web": setting("channels.0.kind", "web"),
    "channel kind missing": deleting("channels.0.kind"),
    "lane unknown": setting(f"{TP}.lane", "back-stage"),
    "status unknown": setting(f"{TP}.opportunities.0.status", "doing"),
    "better unknown": setting(f"{TP}.metrics.0.better", "up"),
    "empty id": setting("personas.0.id", ""),
    "id a number": setting("personas.0.id", 7),
    "blank name": setting("stages.0.name", ""),
    "missing name": deleting("personas.0.name"),
    "missing evidence source": deleting(f"{TP}.evidence.0.source"),
    "flow without to": deleting("flows.0.to"),
    "date with slashes": setting("updated", "2024/02/29"),
    "date not in the calendar": setting("updated", "2023-02-29"),
    "date with a time": setting("updated", "2024-02-29T10:00:00"),
    "date with a newline": setting("updated", "2024-02-29\n"),
    "date a number": setting("updated", 20240229),
    "text too long": setting("objective", "x" * 100_001),
    "goals a string": setting("personas.0.goals", "Tea fast"),
    "goals holding a number": setting("personas.0.goals", [1]),
    "stages an object": setting("stages", {"name": "S"}),
    "null where a string belongs": setting(f"{TP}.channel", None),
    "ignore a string": setting("ignore", "JK6"),
    "ignore with a space inside": setting(f"{TP}.ignore", ["JK 201"]),
    "ignore holding a number": setting("flows.0.ignore", [104]),
    "ignore an empty code": setting("stages.0.ignore", [""]),
    "ignore not a code": setting(f"{TP}.pain_points.0.ignore", ["E501!"]),
}


def invalid_doc(name: str) -> Doc:
    doc = copy.deepcopy(FULL)
    INVALID[name](doc)
    return doc


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == "https://journeykit.invalid/schema/v1.json"
    assert SCHEMA["title"]
    assert "cannot be written in JSON Schema" in SCHEMA["description"]


def _objects(node: Any) -> Iterator[Doc]:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_every_def_is_documented_and_every_record_closed() -> None:
    for name, definition in SCHEMA["$defs"].items():
        assert definition.get("title"), name
        assert definition.get("description"), name
    for obj in _objects(SCHEMA):
        if "properties" in obj:
            assert obj["additionalProperties"] is False, obj.get("title")
        else:  # the emotions mapping: persona id -> emotion
            assert obj["additionalProperties"] == {"$ref": "#/$defs/emotion"}


@pytest.mark.parametrize("name", list(VALID))
def test_valid_documents_pass(name: str) -> None:
    assert errors(VALID[name]) == []


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_documents_fail(name: str) -> None:
    assert errors(invalid_doc(name)), f"the schema accepted: {name}"


@pytest.mark.parametrize("doc", [[MINIMAL], "journeykit: 1", None, 1])
def test_top_level_must_be_a_mapping(doc: Any) -> None:
    assert errors(doc)


def test_full_document_uses_every_property() -> None:
    """``FULL`` exercises every key the schema knows, so the tests above cover them all."""
    used: set[tuple[str, str]] = set()

    def walk(node: Any, schema: Doc) -> None:
        schema = _resolve(schema)
        if isinstance(node, dict) and "properties" in schema:
            for key, value in node.items():
                used.add((schema["title"], key))
                walk(value, schema["properties"][key])
        elif isinstance(node, list) and "items" in schema:
            for value in node:
                walk(value, schema["items"])

    walk(FULL, SCHEMA)
    known = {(d["title"], key) for d in SCHEMA["$defs"].values() for key in d.get("properties", {})}
    assert known - used == set()


def _resolve(schema: Doc) -> Doc:
    while "$ref" in schema:
        schema = SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


@pytest.mark.skipif(not JSON_EXAMPLES, reason="no JSON examples yet")
@pytest.mark.parametrize("path", JSON_EXAMPLES, ids=lambda p: p.name)
def test_json_examples_pass_as_written(path: Path) -> None:
    with path.open(encoding="utf-8-sig") as f:
        doc = json.load(f)
    assert errors(doc) == []


@pytest.mark.skipif(not EXAMPLES, reason="no examples yet")
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_loaded_examples_pass(path: Path) -> None:
    # YAML goes through journeykit's own reader, which keeps dates as strings.
    import journeykit

    doc = journeykit.to_dict(journeykit.load(path))
    assert errors(doc) == []


@pytest.mark.parametrize("name", list(VALID))
def test_valid_documents_round_trip_through_journeykit(name: str) -> None:
    import journeykit

    doc = journeykit.to_dict(journeykit.from_dict(VALID[name]))
    assert errors(doc) == []


def test_schema_function_returns_the_file() -> None:
    import journeykit

    assert journeykit.schema() == load_schema()


@pytest.mark.parametrize("name", list(INVALID))
def test_journeykit_refuses_what_the_schema_refuses(name: str) -> None:
    with pytest.raises(jk.JourneyError):
        jk.from_dict(invalid_doc(name))
