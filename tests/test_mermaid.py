"""Mermaid journey diagrams: reading as Mermaid reads, errors where it fails, writing and notes.

The facts about Mermaid here (what its grammar takes, what it rejects) were
checked against Mermaid 11.17.2 itself, running in Node.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.formats.mermaid import emotion_to_score, score_to_emotion

COFFEE = Path(__file__).resolve().parent.parent / "examples" / "coffee-maker.json"
HOSPITAL = Path(__file__).resolve().parent.parent / "examples" / "hospital-visit.yaml"


def read(text: str) -> jk.Journey:
    """Read ``text``, failing on any warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return jk.from_mermaid(text)


def read_warned(text: str) -> tuple[jk.Journey, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        journey = jk.from_mermaid(text, source="d.mmd")
    assert all(issubclass(w.category, jk.FormatWarning) for w in caught)
    return journey, [str(w.message) for w in caught]


def tasks(journey: jk.Journey) -> list[tuple[str, str, float | None, list[str]]]:
    """(stage, touchpoint, emotion, persona names) for every touchpoint."""
    names = {p.id: p.name for p in journey.personas}
    return [
        (stage.name, tp.name, tp.emotion, [names[k] for k in tp.emotions])
        for stage in journey.stages
        for tp in stage.touchpoints
    ]


# -- the score converter -------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "emotion"), [(1, -1.0), (2, -0.5), (3, 0.0), (4, 0.5), (5, 1.0), (3.5, 0.25)]
)
def test_a_score_is_an_emotion_on_the_likert_scale(score: float, emotion: float) -> None:
    assert score_to_emotion(score) == emotion
    assert jk.scales.scale("likert").to_emotion(score) == emotion


@pytest.mark.parametrize(
    ("emotion", "score"),
    [(-1, 1), (-0.75, 2), (-0.4, 2), (-0.25, 2), (0, 3), (None, 3), (0.25, 4), (0.75, 4), (1, 5)],
)
def test_an_emotion_is_written_as_the_nearest_score_halves_to_even(
    emotion: float | None, score: int
) -> None:
    assert emotion_to_score(emotion) == score


def test_scores_off_the_scale_are_the_nearer_end_and_nan_is_none() -> None:
    assert score_to_emotion(0) == -1.0
    assert score_to_emotion(9) == 1.0
    assert score_to_emotion(float("nan")) is None


# -- reading -------------------------------------------------------------------

DOCS = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""


def test_sections_tasks_and_actors_become_stages_touchpoints_and_personas() -> None:
    journey = read(DOCS)
    assert journey.title == "My working day"
    assert [(p.id, p.name) for p in journey.personas] == [("me", "Me"), ("cat", "Cat")]
    assert tasks(journey) == [
        ("Go to work", "Make tea", 1.0, ["Me"]),
        ("Go to work", "Go upstairs", 0.0, ["Me"]),
        ("Go to work", "Do work", -1.0, ["Me", "Cat"]),
        ("Go home", "Go downstairs", 1.0, ["Me"]),
        ("Go home", "Sit down", 1.0, ["Me"]),
    ]
    assert journey.touchpoint("do-work").emotions == {"me": -1.0, "cat": -1.0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Spaces around colons and none after them; actors trimmed; empty ones left out.
        ("journey\nsection S\n  T : 2 :a , b,,  c ,", [("S", "T", -0.5, ["a", "b", "c"])]),
        ("journey\nsection S\nT: 5:\nU: 4", [("S", "T", 1.0, []), ("S", "U", 0.5, [])]),
        # Tasks before any section go into a stage of their own.
        (
            "journey\nT: 4: A\nsection S\nU: 2",
            [("Untitled section", "T", 0.5, ["A"]), ("S", "U", -0.5, [])],
        ),
        # Keywords in any case, statements on one line, tabs.
        ("journey TITLE t\n\tSECTION S\n\t\tT: 3", [("S", "T", 0.0, [])]),
        # The same actor twice is one persona.
        (
            "journey\nsection S\nT: 4: A, A\nU: 2: A",
            [("S", "T", 0.5, ["A"]), ("S", "U", -0.5, ["A"])],
        ),
        # %% lines, # to the end of a line, % where a token starts: comments.
        (
            "%% top\njourney\nsection S # a section\n  %% skipped\n%T: 1\n50% off: 4 # cheap",
            [("S", "50% off", 0.5, [])],
        ),
        # `%%` inside a task's data is not a comment: Mermaid reads the actor "Me %% x".
        ("journey\nsection S\nT: 5: Me %% x", [("S", "T", 1.0, ["Me %% x"])]),
        # Directives, anywhere.
        (
            "%%{init: {'theme': 'dark'}}%%\njourney\nsection S\nT%%{wrap}%%: 3",
            [("S", "T", 0.0, [])],
        ),
        # Entity codes show as their characters; <br> is a line break.
        (
            "journey\nsection A#58;B<br/>C\nT#35;1#59;: 3: #quot;X#quot;, Y#44;Z, #128;, #nope;",
            [("A:B\nC", "T#1;", 0.0, ['"X"', "Y,Z", "\u20ac", "&nope;"])],
        ),
        # A tag's double quotes become single quotes before Mermaid parses.
        ('journey\nsection S\nT: 3: <b class="x">y</b>', [("S", "T", 0.0, ["<b class='x'>y</b>"])]),
        # Scores are JavaScript numbers.
        (
            "journey\nsection S\nT: 0x4\nU: +2\nV: 1e0\nW: 2.5",
            [
                ("S", "T", 0.5, []),
                ("S", "U", -0.5, []),
                ("S", "V", -1.0, []),
                ("S", "W", -0.25, []),
            ],
        ),
        # CR and CRLF line ends.
        ("journey\r\nsection S\rT: 4\r\n", [("S", "T", 0.5, [])]),
        # Repeated names stay apart.
        ("journey\nsection S\nT: 1\nsection S\nT: 5", [("S", "T", -1.0, []), ("S", "T", 1.0, [])]),
        # A task named like a keyword that needs a space after it is a task.
        (
            "journey\nsection S\ntitle: 3\njourneyman: 4",
            [("S", "title", 0.0, []), ("S", "journeyman", 0.5, [])],
        ),
    ],
)
def test_the_grammar_as_mermaid_reads_it(text: str, expected: list[object]) -> None:
    assert tasks(read(text)) == expected


def test_repeated_names_get_distinct_ids() -> None:
    journey = read("journey\nsection S\nT: 1\nsection S\nT: 5")
    assert [s.id for s in journey.stages] == ["s", "s-2"]
    assert [tp.id for tp in journey.touchpoints] == ["t", "t-2"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("journey\nsection S", "Untitled journey"),
        ("journey\ntitle  Spaced  \n", "Spaced"),
        ("journey\ntitle A #not the title\n", "A"),
        ("journey\ntitle First\ntitle Second", "Second"),
        ("---\ntitle: From the front\nconfig:\n  theme: dark\n---\njourney\n", "From the front"),
        ("---\ntitle: Front\n---\njourney\ntitle Statement\n", "Statement"),
        ("---\ntitle: 2024\n---\njourney\n", "2024"),
        # ts-dedent and trim, as mermaid.run applies them, let the front matter be indented.
        ("\n    ---\n    title: Indented\n    ---\n     journey\n    section S\n", "Indented"),
        ("journey\naccTitle: Only the accessible one\n", "Only the accessible one"),
        # Mermaid's `title` takes the next line when nothing follows it on its own.
        ("journey\ntitle\nsection S\n", "section S"),
        ("journey\ntitle #65;#38;B\n", "A&B"),
    ],
)
def test_the_title(text: str, title: str) -> None:
    assert read(text).title == title


@pytest.mark.parametrize(
    ("text", "objective"),
    [
        ("journey\naccDescr: One line; with # and : kept\n", "One line; with # and : kept"),
        ("journey\naccDescr {\n    Two lines\n      here\n  }title T\n", "Two lines\nhere"),
        ("journey\naccDescr {}\nsection S\n", ""),
        ("journey\naccDescr: first\naccDescr: last\n", "last"),
    ],
)
def test_accdescr_is_the_objective(text: str, objective: str) -> None:
    assert read(text).objective == objective


@pytest.mark.parametrize(
    ("text", "line", "column", "says"),
    [
        (
            "flowchart LR\n  A --> B",
            1,
            1,
            "expected 'journey', the first word of a Mermaid user journey diagram; "
            "found 'flowchart'",
        ),
        ("JOURNEY\nsection S", 1, 1, "expected 'journey'"),
        ("", 1, 1, "found nothing but comments"),
        ("%% only\n%% comments\n", 1, 1, "found nothing but comments"),
        ("journeyman\n", 1, 1, "expected 'journey' alone, found 'journeyman'"),
        (
            "journey\nsection S\n  Make tea\n",
            3,
            11,
            "expected ':' and a score after the task 'Make tea'",
        ),
        ("journey\nsection S\nT:\n", 3, 2, "expected a score after ':' in the task 'T'"),
        (
            "journey\nsection S\nTask #comment: 5\n",
            3,
            6,
            "after the task 'Task' (a task reads 'Task name: score: Actor, Actor'); '#' starts",
        ),
        ("journey\n: 5: Me\n", 2, 1, "expected a task name before ':'"),
        ("journey\nsection A: b\n", 2, 10, "expected a task name before ':'"),
        ("journey\ntitle a; b\n", 2, 8, "';' cannot stand here"),
        ("journey\nsection S\nT: 5; Me\n", 3, 5, "';' cannot stand here"),
        (
            "journey\nsection S\nT; x: 5\n",
            3,
            2,
            "';' cannot stand in a task name ('T'); write #59;",
        ),
        (
            "journey\nsection S\nJourney planning: 5\n",
            3,
            1,
            "'Journey' is the diagram's first word",
        ),
        (
            "journey\nsection S\naccDescr {\nnever closed\n",
            3,
            1,
            "'accDescr {' is never closed with '}'",
        ),
        ("journey\naccTitle:   \n\n", 2, 1, "'accTitle' has no text before the diagram ends"),
        (
            "%% a\n---\ntitle: x\n---\njourney\n",
            2,
            1,
            "found '---' (a front matter must come first",
        ),
        ("---\ntitle: x\n---\n%% a\n\njourney\nsection S\nT 5\n", 8, 4, "expected ':'"),
        ("journey\r\nsection S\r\nbad\r\n", 3, 4, "expected ':'"),
        ("---\ntitle: [\n---\njourney\n", 2, 9, "in the front matter: invalid YAML"),
    ],
)
def test_what_mermaid_rejects_is_a_format_error_with_line_and_column(
    text: str, line: int, column: int, says: str
) -> None:
    with pytest.raises(jk.FormatError) as caught:
        jk.from_mermaid(text, source="d.mmd")
    error = caught.value
    assert (error.source, error.line, error.column) == ("d.mmd", line, column)
    assert says in error.reason
    assert str(error).startswith(f"d.mmd, line {line}, column {column}: ")


def test_a_file_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.mermaid"
    path.write_text("journey\n  section S\n    no colon\n", encoding="utf-8")
    with pytest.raises(jk.FormatError, match=re.escape(f"{path}, line 3, column 13: expected ':'")):
        jk.load(path)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "journey\nsection S\nT: 7: A",
            "line 3, column 3: the score 7 is outside 1 to 5; it is read as 5",
        ),
        (
            "journey\nsection S\nT: : A",
            "line 3, column 3: the score 0 is outside 1 to 5; it is read as 1",
        ),
        (
            "journey\nsection S\nT: 2rem: A",
            "line 3, column 3: the score '2rem' is not a number; "
            "the task and its actors keep no emotion",
        ),
        (
            "journey\nsection S\nT: 4: A: B",
            "line 3, column 8: Mermaid ignores the text after a third ':' in a task (' B')",
        ),
        (
            "journey\naccTitle: Other\ntitle T\n",
            "line 2, column 11: accTitle 'Other' is not kept: "
            "journeykit names a map by its title ('T')",
        ),
    ],
)
def test_what_is_read_differently_is_warned_about_with_line_and_column(
    text: str, says: str
) -> None:
    _, messages = read_warned(text)
    assert messages == [f"d.mmd, {says}"]


def test_a_score_that_is_not_a_number_keeps_the_task_without_emotion() -> None:
    journey, _ = read_warned("journey\nsection S\nT: 2rem: A")
    assert journey.touchpoint("t").emotion is None
    assert journey.touchpoint("t").emotions == {}


# -- writing -------------------------------------------------------------------


def test_a_journey_mermaid_can_hold_is_written_without_notes() -> None:
    assert jk.to_mermaid(read(DOCS)) == DOCS


def test_objective_is_written_as_accdescr() -> None:
    journey = jk.Journey(title="T", objective="Why:\n#1; & <b>", stages=[jk.Stage(name="S")])
    text = jk.to_mermaid(journey)
    assert text.splitlines() == [
        "journey",
        "    title T",
        "    accDescr: Why#58;#10;#35;1#59; #38; #60;b#62;",
        "    section S",
    ]
    assert read(text) == journey


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Plain name", "Plain name"),
        ("a: b # c; d", "a#58; b #35; c#59; d"),
        ("two\nlines", "two<br>lines"),
        ("literal <br> tag", "literal #60;br> tag"),
        ("100%% sure %%{x}", "100#37;% sure #37;%{x}"),
        ("  padded  ", "#32;#32;padded#32;#32;"),
        ("journey planning", "#106;ourney planning"),
        ("Title page", "#84;itle page"),
        ("section break", "#115;ection break"),
        ("accDescr {x}", "#97;ccDescr {x}"),
        ("% done", "#37; done"),
        ("journeys", "journeys"),
        ("title", "title"),
        ("#35;", "#35;35#59;"),
    ],
)
def test_task_names_are_written_so_that_mermaid_reads_them_back(name: str, written: str) -> None:
    journey = jk.Journey(
        title="T", stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name=name, emotion=0)])]
    )
    text = jk.to_mermaid(journey)
    assert text.splitlines()[3] == f"      {written}: 3"
    assert read(text) == journey


def test_actors_with_commas_and_colons_are_written_as_entities() -> None:
    personas = [jk.Persona(id="a", name="Smith, J.: nurse"), jk.Persona(id="b", name="B")]
    tp = jk.Touchpoint(name="T", emotion=0.5, emotions={"a": 0.5, "b": 0.5})
    journey = jk.Journey(
        title="T", personas=personas, stages=[jk.Stage(name="S", touchpoints=[tp])]
    )
    text = jk.to_mermaid(journey)
    assert "      T: 4: Smith#44; J.#58; nurse, B\n" in text
    assert read(text) == journey


def test_what_mermaid_cannot_hold_is_kept_in_notes() -> None:
    journey = jk.load(COFFEE)
    text = jk.to_mermaid(journey)
    notes = [line.strip() for line in text.splitlines() if line.strip().startswith("%%")]
    assert notes
    assert all(line.startswith("%% journeykit: {") for line in notes)
    assert read(text) == journey
    assert jk.to_mermaid(read(text)) == text
    # The notes hold valid JSON once Mermaid's escapes are undone.
    for line in notes:
        assert isinstance(json.loads(line.removeprefix("%% journeykit: ")), dict)


def test_notes_escape_what_mermaid_would_read_before_dropping_a_comment() -> None:
    tp = jk.Touchpoint(name="T", thoughts=["100%%{init}", '<b x="y">', "a=b"])
    journey = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[tp])])
    note = jk.to_mermaid(journey).splitlines()[-1]
    assert note.count("%") == 2
    assert "<" not in note
    assert "=" not in note
    assert read(jk.to_mermaid(journey)) == journey


def test_each_note_follows_the_line_of_its_item() -> None:
    journey = jk.load(HOSPITAL)
    lines = jk.to_mermaid(journey).splitlines()
    seen = 0
    for i, line in enumerate(lines):
        if "%% journeykit:" not in line:
            continue
        seen += 1
        data = json.loads(line.split("%% journeykit: ", 1)[1])
        before = lines[i - 1].strip()
        if "id" not in data:
            assert before.startswith(("title ", "accDescr: "))
        elif before.startswith("section "):
            shown = read(f"journey\n{before}").stages[0].name
            assert shown == journey.stage(data["id"]).name
        else:
            shown = read(f"journey\n{before}").touchpoints[0].name
            assert shown == journey.touchpoint(data["id"]).name
    assert seen > len(journey.stages)


def test_notes_false_writes_the_bare_diagram_and_says_what_it_leaves_out() -> None:
    journey = jk.load(COFFEE)
    with pytest.warns(jk.FormatWarning) as caught:
        text = jk.to_mermaid(journey, notes=False)
    assert "%%" not in text
    message = str(caught[0].message)
    assert message.startswith(
        "to_mermaid(notes=False) leaves out what Mermaid cannot hold: of the journey: "
    )
    for field in ("scope", "personas", "channels", "flows", "pain_points (", "channel ("):
        assert field in message
    bare = read(text)
    assert [tp.name for tp in bare.touchpoints] == [tp.name for tp in journey.touchpoints]


def test_notes_false_is_silent_when_nothing_is_left_out() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert jk.to_mermaid(read(DOCS), notes=False) == DOCS


def test_a_diagram_longer_than_mermaid_draws_is_warned_about() -> None:
    touchpoints = [jk.Touchpoint(name=f"Step {i}", thoughts=["x" * 200]) for i in range(300)]
    journey = jk.Journey(title="Long", stages=[jk.Stage(name="S", touchpoints=touchpoints)])
    with pytest.warns(
        jk.FormatWarning, match="Mermaid draws at most 50,000 unless its maxTextSize"
    ):
        jk.to_mermaid(journey)


# -- notes that no longer match their lines --------------------------------------


def _noted() -> tuple[jk.Journey, str]:
    personas = [jk.Persona(id="p", name="Pat", goals=["Tea"])]
    first = jk.Touchpoint(
        id="boil",
        name="Boil",
        emotion=0.3,
        emotions={"p": 0.3},
        pain_points=[jk.PainPoint(id="slow", description="Slow kettle", severity=3)],
    )
    second = jk.Touchpoint(
        id="brew",
        name="Brew",
        emotion=-0.2,
        opportunities=[jk.Opportunity(id="fast", description="Faster", addresses=["slow"])],
    )
    journey = jk.Journey(
        title="Tea",
        personas=personas,
        stages=[jk.Stage(name="Kitchen", touchpoints=[first, second])],
        flows=[jk.Flow(source="boil", target="brew", count=3)],
    )
    return journey, jk.to_mermaid(journey)


def test_an_edited_score_wins_over_the_noted_emotion() -> None:
    journey, text = _noted()
    assert "Boil: 4: Pat" in text
    edited, messages = read_warned(text.replace("Boil: 4: Pat", "Boil: 2: Pat"))
    assert edited.touchpoint("boil").emotion == -0.5
    assert edited.touchpoint("boil").emotions == {"p": -0.5}
    assert edited.touchpoint("boil").pain_points == journey.touchpoint("boil").pain_points
    assert len(messages) == 1
    assert "emotions no longer match the task's score and actors" in messages[0]


def test_a_deleted_task_drops_the_flows_and_references_to_it() -> None:
    _, text = _noted()
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("Boil:"))
    del lines[at : at + 2]  # the task and its note
    edited, messages = read_warned("\n".join(lines))
    assert [tp.id for tp in edited.touchpoints] == ["brew"]
    assert edited.flows == ()
    assert edited.touchpoint("brew").opportunities[0].addresses == ()
    assert any("pain point 'slow'" in m and "the reference is dropped" in m for m in messages)
    assert any("the flow 'boil' → 'brew'" in m and "it is dropped" in m for m in messages)


def test_an_added_task_and_actor_join_the_noted_ones() -> None:
    _, text = _noted()
    edited = read(text.replace("      Brew: ", "      Pour: 5: Pat, Sam\n      Brew: "))
    assert [p.name for p in edited.personas] == ["Pat", "Sam"]
    assert edited.personas[0].goals == ("Tea",)
    assert edited.touchpoint("pour").emotions == {"p": 1.0, "sam": 1.0}


def test_a_noted_name_that_differs_from_its_line_loses() -> None:
    text = 'journey\nsection S\n  T: 3\n  %% journeykit: {"name": "Other", "reach": 5}\n'
    journey, messages = read_warned(text)
    assert journey.touchpoint("t").name == "T"
    assert journey.touchpoint("t").reach == 5
    assert messages == [
        "d.mmd, line 3, column 3: the journeykit note's name differs from the task line; "
        "the diagram wins"
    ]


@pytest.mark.parametrize(
    ("note", "line", "column", "says"),
    [
        ("{nope}", 3, 19, "in a journeykit note: invalid JSON: Expecting property name"),
        ('{"a": 1, "a": 2}', 3, 27, "in a journeykit note: duplicate key 'a'"),
        ("[1]", 3, 18, "a journeykit note holds a JSON object, not a list"),
        ("", 3, 3, "needs a JSON object after 'journeykit:'"),
        (
            '{"touchpoints": []}',
            3,
            18,
            "cannot hold 'touchpoints': the section's tasks are its touchpoints",
        ),
    ],
)
def test_a_broken_note_is_a_format_error_with_line_and_column(
    note: str, line: int, column: int, says: str
) -> None:
    text = f"journey\nsection S\n  %% journeykit: {note}\n  T: 3\n"
    with pytest.raises(jk.FormatError) as caught:
        jk.from_mermaid(text, source="d.mmd")
    assert (caught.value.line, caught.value.column) == (line, column)
    assert says in caught.value.reason


def test_a_note_cannot_hold_the_stages_and_one_item_has_one_note() -> None:
    with pytest.raises(
        jk.FormatError, match="cannot hold 'stages': the diagram's sections are the stages"
    ):
        jk.from_mermaid('journey\n%% journeykit: {"stages": []}\n')
    with pytest.raises(
        jk.FormatError,
        match=r"line 4, column 1: a second journeykit note for the task \(the first is on line 3\)",
    ):
        jk.from_mermaid('journey\nT: 3\n%% journeykit: {}\n%% journeykit: {"reach": 1}\n')


def test_a_note_with_an_unknown_field_is_a_validation_error_with_its_path() -> None:
    with pytest.raises(
        jk.ValidationError,
        match=r"d.mmd, line 4, column 17: stages\[0\]\.touchpoints\[0\]\.chanel: unknown field; "
        r"did you mean 'channel'\?",
    ):
        jk.from_mermaid(
            'journey\nsection S\nT: 3\n%% journeykit: {"chanel": "web"}\n', source="d.mmd"
        )


def test_from_mermaid_takes_utf8_bytes() -> None:
    assert jk.from_mermaid(DOCS.encode()).title == "My working day"


def test_a_warning_points_at_the_callers_line() -> None:
    with pytest.warns(jk.FormatWarning) as caught:
        jk.loads("journey\nsection S\nT: 9")
    assert caught[0].filename == __file__
