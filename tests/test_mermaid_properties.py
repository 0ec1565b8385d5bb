"""Properties of Mermaid reading and writing, for any valid journey and any text."""

from __future__ import annotations

import json
import re
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeykit as jk
from journeykit.formats.mermaid import emotion_to_score
from journeykit.formats.mermaid._js import WS
from journeykit.formats.mermaid._scores import task_emotion
from journeykit.testing import journeys, texts

SLOW = settings(suppress_health_check=[HealthCheck.too_slow])


def quietly_read(text: str) -> jk.Journey:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jk.FormatWarning)
        return jk.from_mermaid(text)


def quietly_write(journey: jk.Journey, notes: bool = True) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jk.FormatWarning)
        return jk.to_mermaid(journey, notes=notes)


@SLOW
@given(journeys())
def test_writing_again_what_was_read_gives_the_same_text(journey: jk.Journey) -> None:
    text = quietly_write(journey)
    assert quietly_write(jk.from_mermaid(text)) == text


@SLOW
@given(journeys())
def test_notes_keep_the_whole_journey(journey: jk.Journey) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # reading what the writer wrote warns about nothing
        assert jk.from_mermaid(quietly_write(journey)) == journey


@SLOW
@given(journeys())
def test_without_notes_the_diagram_keeps_what_mermaid_holds(journey: jk.Journey) -> None:
    bare = jk.from_mermaid(quietly_write(journey, notes=False))
    assert bare.title == journey.title
    assert bare.objective == journey.objective
    assert [s.name for s in bare.stages] == [s.name for s in journey.stages]
    names = {p.id: p.name for p in journey.personas}
    bare_names = {p.id: p.name for p in bare.personas}
    for tp, got in zip(journey.touchpoints, bare.touchpoints, strict=True):
        assert got.name == tp.name
        score = emotion_to_score(task_emotion(tp.emotion, tp.emotions.values()))
        assert got.emotion == (score - 3) / 2
        assert list(dict.fromkeys(names[k] for k in tp.emotions)) == [
            bare_names[k] for k in got.emotions
        ]


# Every line the writer puts out is one of these (then Mermaid's own grammar
# decides; tests/test_mermaid.py and the conformance test pin that down).
_IN_TITLE = r"(?:[^#;\n\r]|#[0-9]+;)"  # any character but syntax, or an entity code
_IN_NAME = r"(?:[^#:;\n\r]|#[0-9]+;)"
LINE = re.compile(
    rf"journey|    title {_IN_TITLE}+|    accDescr: {_IN_TITLE}*|    section {_IN_NAME}+"
    rf"|      (?:[^#:;%{WS}]|#[0-9]+;){_IN_NAME}*: [1-5](?:: {_IN_NAME}*)?"
    r"|( {4}| {6})%% journeykit: \{[^%<>=\n\r]*\}"
)


@SLOW
@given(journeys())
def test_every_written_line_has_a_shape_mermaid_takes(journey: jk.Journey) -> None:
    text = quietly_write(journey)
    assert text.endswith("\n")
    for line in text[:-1].split("\n"):
        assert LINE.fullmatch(line), line
    assert "%%{" not in text


_LINES = st.lists(
    st.one_of(
        texts(max_size=30),
        st.sampled_from(
            ["section S", "title T", "T: 3: A, B", "%% journeykit: {}", "accDescr {", "}"]
        ),
    ),
    max_size=8,
)


@given(st.sampled_from(["journey\n", "journey ", "", "---\ntitle: x\n---\njourney\n"]), _LINES)
def test_any_text_reads_as_a_journey_or_fails_with_a_journey_error(
    head: str, lines: list[str]
) -> None:
    text = head + "\n".join(lines)
    where: tuple[int | None, int | None] = (0, 0)
    try:
        journey = quietly_read(text)
    except jk.FormatError as error:
        where = (error.line, error.column)
    except jk.ValidationError:
        return
    else:
        assert quietly_read(quietly_write(journey)) == journey
    assert None not in where


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(texts(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    [
        "id",
        "name",
        "emotion",
        "emotions",
        "personas",
        "flows",
        "channel",
        "pain_points",
        "opportunities",
        "reach",
        "goal",
        "metrics",
        "scope",
        "title",
        "objective",
        "x",
    ]
)
_NOTES = st.dictionaries(_KEYS, _JSON, max_size=3).map(
    lambda d: "%% journeykit: " + json.dumps(d).replace("%", "\\u0025")
)


@given(st.lists(_NOTES, min_size=3, max_size=3))
def test_any_note_reads_or_fails_with_a_journey_error(notes: list[str]) -> None:
    text = (
        f"journey\n  title T\n{notes[0]}\n  section S\n{notes[1]}\n"
        f"    Task: 4: Ann, Bo\n{notes[2]}\n    Other: 2: Bo\n"
    )
    try:
        journey = quietly_read(text)
    except (jk.FormatError, jk.ValidationError):
        return
    assert quietly_read(quietly_write(journey)) == journey


@SLOW
@given(journeys(), st.data())
def test_a_diagram_edited_line_by_line_reads_or_fails_with_a_journey_error(
    journey: jk.Journey, data: st.DataObject
) -> None:
    """Deleting, repeating and swapping lines (as in a wiki) never breaks the reader."""
    lines = quietly_write(journey).splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(lines) - 1))
        edit = data.draw(st.sampled_from(["delete", "repeat", "swap"]))
        if edit == "delete" and len(lines) > 1:
            del lines[at]
        elif edit == "repeat":
            lines.insert(at, lines[at])
        elif at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
    try:
        edited = quietly_read("\n".join(lines))
    except (jk.FormatError, jk.ValidationError):
        return
    assert quietly_read(quietly_write(edited)) == edited
