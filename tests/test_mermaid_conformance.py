"""Mermaid's own journey diagrams import as Mermaid reads them.

The diagrams come from Mermaid's docs and tests; the shared conformance
folder beside the repository holds them with their sources (SOURCES.md) and
task counts (expected.json). They are read from there, never copied in; the
tests skip when the folder is absent.

``MERMAID`` below is what Mermaid 11.17.2 itself reads from each diagram
(its journey database after ``mermaid.run``'s dedent and trim: title,
accDescr, sections and each task's name, score and people), recorded by
running Mermaid on the files. journeykit keeps the text as Mermaid shows it:
names trimmed, empty actors left out.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk

FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "conformance" / "mermaid"

Task = tuple[str, float, str]  # name, score, people as written after the second ":"


def _day(sit_down: int) -> list[tuple[str, list[Task]]]:
    return [
        (
            "Go to work",
            [("Make tea", 5, "Me"), ("Go upstairs", 3, "Me"), ("Do work", 1, "Me, Cat")],
        ),
        ("Go home", [("Go downstairs", 5, "Me"), ("Sit down", sit_down, "Me")]),
    ]


FAMILY = "Dad, Mum, Child 1, Child 2"
LABEL = (
    "This is {}long label that will be split into multiple lines to test the wrapping functionality"
)
DARKOOB = "Darkoob userf deliberately increasing the size of this label to check if distance between legend and diagram is  maintained"  # noqa: E501
ADDING = "Adding journey diagram functionality to mermaid"

# file: (title, accDescr, [(section, [(task, score, people)])])
MERMAID: dict[str, tuple[str, str, list[tuple[str, list[Task]]]]] = {
    "01-docs-my-working-day.mmd": ("My working day", "", _day(5)),
    "02-docs-accessibility-acctitle-accdescr.mmd": (
        "My working day",
        "My User Journey Diagram Description",
        _day(5),
    ),
    "03-demo-frontmatter-title-acc.mmd": (
        "My working day",  # from the front matter
        "2 main sections: work and home, each with just a few tasks",
        _day(3),
    ),
    "04-platform-go-shopping-crlf-multi-actor.mmd": (
        "Go shopping",
        "",
        [
            (
                "Get to the shops",
                [
                    ("Get car keys", 5, "Dad"),
                    ("Get into car", 5, FAMILY),
                    ("Really drive to supermarket", 3, "Dad"),
                ],
            ),
            (
                "Do shopping",
                [
                    ("Do actual shop", 3, "Mum"),
                    ("Get in the way", 2, "Dad, Child 1, Child 2"),
                    ("Pay", 2, "Dad"),
                ],
            ),
            (
                "Go home",
                [
                    ("Lose keys", 3, "Dad"),
                    ("Get cross", 1, "Dad, Child 1"),
                    ("Find keys", 4, "Mum"),
                    ("Get into car", 4, FAMILY),
                    ("Drive home", 3, "Dad"),
                ],
            ),
        ],
    ),
    "05-cypress-simple-empty-section.mmd": (ADDING, "", [("Order from website", [])]),
    "06-cypress-my-working-day-indented.mmd": ("My working day", "", _day(3)),
    "07-cypress-ecommerce.mmd": (
        "E-Commerce",
        "",
        [
            ("Order from website", [("Add to cart", 5, "Me")]),
            ("Checkout from website", [("Add payment details", 5, "Me")]),
        ],
    ),
    "08-cypress-webhook-repeated-section-spaced-colons.mmd": (
        "Web hook life cycle",
        "",
        [
            (
                "Darkoob",
                [
                    ("Make preBuilt", 5, "Darkoob user"),
                    ("register slug", 5, DARKOOB),
                    ("Map slug to a Prebuilt Job", 5, "Darkoob user"),
                ],
            ),
            (
                "External Service",
                [
                    ("set Darkoob slug as hook for an Event", 5, "admin Exjjjnjjjj qwerty"),
                    ("listen to the events", 5, "External Service"),
                    ("call darkoob endpoint", 5, "External Service"),
                ],
            ),
            (
                "Darkoob",
                [("check for inputs", 5, "DarkoobAPI"), ("run the prebuilt job", 5, "DarkoobAPI")],
            ),
        ],
    ),
    "09-cypress-long-word-actor.mmd": (
        "Long Word Test",
        "",
        [("Test", [("VeryLongWord", 5, "Supercalifragilisticexpialidocious")])],
    ),
    "10-cypress-long-sentence-actor.mmd": (
        "Whitespace Test",
        "",
        [
            (
                "Test",
                [
                    (
                        "TextWithSpaces",
                        5,
                        "Gustavo Fring is played by Giancarlo Esposito and is a character in "
                        "Breaking Bad.",
                    )
                ],
            )
        ],
    ),
    "11-cypress-long-actor-labels.mmd": (
        "User Journey Example",
        "",
        [
            (
                "Onboarding",
                [
                    ("Sign Up", 5, LABEL.format("a ")),
                    ("Browse Features", 3, LABEL.format("another ")),
                    ("Use Core Functionality", 4, LABEL.format("yet another ")),
                ],
            ),
            ("Engagement", [("Browse Features", 3, ""), ("Use Core Functionality", 4, "")]),
        ],
    ),
    "12-cypress-frontmatter-title-style-nonnumeric-score.mmd": (
        "User Journey Example",
        "",
        [
            ("Onboarding", [("Sign Up", 5, "John, Shahir"), ("Complete Profile", 4, "John")]),
            ("Engagement", [("Browse Features", 3, "John"), ("Use Core Functionality", 4, "John")]),
            (
                "Retention",
                # `size: 2rem` is a task whose score is Number(" 2rem"), NaN.
                [
                    ("Revisit Application", 5, "John"),
                    ("Invite Friends", 3, "John"),
                    ("size", math.nan, ""),
                ],
            ),
        ],
    ),
    "13-theme-init-directive-acc.mmd": ("My working day", "This is a description", _day(5)),
    "14-unit-task-definition-edge-cases.mmd": (
        ADDING,
        "",
        [
            (
                "Documentation",
                [
                    ("A task", 5, "Alice, Bob, Charlie"),
                    ("B task", 3, "Bob, Charlie"),
                    ("C task", 5, ""),
                    ("D task", 5, "Charlie, Alice"),
                    ("E task", 5, ""),  # Mermaid's people: [""], an actor without a name
                ],
            ),
            ("Another section", [("P task", 5, ""), ("Q task", 5, ""), ("R task", 5, "")]),
        ],
    ),
    "15-unit-accdescr-multiline.mmd": (
        ADDING,
        "A user journey for\nfamily shopping",
        [("Order from website", [])],
    ),
}

# expected.json counts 12 tasks in file 04, which has 11 task lines; Mermaid
# 11.17.2 reads 11 (one per line; "Get into car" twice, in two sections).
COUNT_CORRECTIONS = {"04-platform-go-shopping-crlf-multi-actor.mmd": 11}
# expected.json leaves file 12 open (null): Mermaid reads 7 tasks, the last
# with a score that is not a number.
COUNT_DECIDED = {"12-cypress-frontmatter-title-style-nonnumeric-score.mmd": 7}

WARNINGS = {
    "02-docs-accessibility-acctitle-accdescr.mmd": [
        "accTitle 'My User Journey Diagram' is not kept"
    ],
    "03-demo-frontmatter-title-acc.mmd": ["accTitle 'Very simple journey demo' is not kept"],
    "12-cypress-frontmatter-title-style-nonnumeric-score.mmd": [
        "line 21, column 14: the score '2rem' is not a number"
    ],
    "13-theme-init-directive-acc.mmd": ["accTitle 'This is a title' is not kept"],
    "15-unit-accdescr-multiline.mmd": ["line 6, column 11: accTitle 'Adding acc journey"],
}


def _folder() -> Path:
    if not FOLDER.is_dir():
        pytest.skip(f"the Mermaid conformance diagrams are not at {FOLDER}")
    return FOLDER


def _read(name: str) -> tuple[jk.Journey, list[str]]:
    path = _folder() / name
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        journey = jk.load(path)
    return journey, [str(w.message) for w in caught if issubclass(w.category, jk.FormatWarning)]


def test_every_diagram_in_the_folder_is_checked() -> None:
    names = sorted(p.name for p in _folder().glob("*.mmd"))
    assert names == sorted(MERMAID)


@pytest.mark.parametrize("name", sorted(MERMAID))
def test_the_diagram_imports_as_mermaid_reads_it(name: str) -> None:
    journey, _ = _read(name)
    title, description, sections = MERMAID[name]
    assert journey.title == title
    assert journey.objective == description
    assert [s.name for s in journey.stages] == [section for section, _ in sections]
    personas = {p.id: p.name for p in journey.personas}
    got = [
        [(tp.name, tp.emotion, [personas[k] for k in tp.emotions]) for tp in stage.touchpoints]
        for stage in journey.stages
    ]
    wanted = []
    for _, tasks in sections:
        wanted.append(
            [
                (
                    task,
                    None if math.isnan(score) else (score - 3) / 2,
                    [p.strip() for p in people.split(",") if p.strip()]
                    if not math.isnan(score)
                    else [],
                )
                for task, score, people in tasks
            ]
        )
    assert got == wanted
    for stage in journey.stages:
        for tp in stage.touchpoints:
            assert set(tp.emotions.values()) <= {tp.emotion}
    actors = [
        p.strip()
        for _, tasks in sections
        for _, s, ps in tasks
        if not math.isnan(s)
        for p in ps.split(",")
    ]
    assert [p.name for p in journey.personas] == list(dict.fromkeys(a for a in actors if a))


@pytest.mark.parametrize("name", sorted(MERMAID))
def test_the_task_count_is_the_expected_one(name: str) -> None:
    expected: dict[str, Any] = json.loads((_folder() / "expected.json").read_text("utf-8"))
    count = expected[name]["tasks"]
    count = COUNT_CORRECTIONS.get(name, COUNT_DECIDED.get(name, count))
    journey, _ = _read(name)
    assert len(journey.touchpoints) == count
    assert sum(len(tasks) for _, tasks in MERMAID[name][2]) == count


@pytest.mark.parametrize("name", sorted(MERMAID))
def test_only_what_is_changed_or_left_out_is_warned_about(name: str) -> None:
    _, messages = _read(name)
    wanted = WARNINGS.get(name, [])
    assert len(messages) == len(wanted), messages
    for message, part in zip(messages, wanted, strict=True):
        assert message.startswith(f"{FOLDER / name}, line ")
        assert part in message


@pytest.mark.parametrize("name", sorted(MERMAID))
def test_the_imported_journey_writes_back_and_reads_the_same(name: str) -> None:
    journey, _ = _read(name)
    text = jk.to_mermaid(journey)
    assert jk.from_mermaid(text) == journey
    assert jk.to_mermaid(jk.from_mermaid(text)) == text
