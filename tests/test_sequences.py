"""Collection fields take any sequence, as their types say, and keep tuples."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

import pytest

import journeykit as jk


class Steps(Sequence[jk.Touchpoint]):
    """A sequence that is neither a list nor a tuple."""

    def __init__(self, *items: jk.Touchpoint) -> None:
        self._items = items

    @overload
    def __getitem__(self, i: int) -> jk.Touchpoint: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[jk.Touchpoint]: ...
    def __getitem__(self, i: int | slice) -> jk.Touchpoint | Sequence[jk.Touchpoint]:
        return self._items[i]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[jk.Touchpoint]:
        return iter(self._items)


def test_lists_and_other_sequences_are_kept_as_tuples() -> None:
    stage = jk.Stage(name="S", touchpoints=Steps(jk.Touchpoint(name="A")))
    journey = jk.Journey(title="T", stages=[stage], personas=(jk.Persona(name="P"),))
    assert type(journey.stages) is tuple
    assert type(journey.personas) is tuple
    assert type(journey.stages[0].touchpoints) is tuple
    touchpoint = jk.Touchpoint(name="A", actions=["look", "buy"], emotions={"p": 0.5})
    assert touchpoint.actions == ("look", "buy")
    assert type(touchpoint.emotions) is jk.model.FrozenMap
    assert jk.Touchpoint(name="A", actions=["x"]) == jk.Touchpoint(name="A", actions=("x",))


def test_text_is_not_taken_for_a_list_of_texts() -> None:
    # A str is a Sequence[str]: the type allows it, validation does not.
    with pytest.raises(jk.ValidationError, match="actions: expected a list of strings, got 'look'"):
        jk.Touchpoint(name="A", actions="look")


def test_what_is_not_a_sequence_is_reported() -> None:
    with pytest.raises(jk.ValidationError, match="stages: expected a list, got a set"):
        jk.Journey(title="T", stages={jk.Stage(name="S")})  # type: ignore[arg-type]
