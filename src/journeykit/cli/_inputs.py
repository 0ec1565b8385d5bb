"""The journey files named on a command line: files, directories and glob patterns.

A directory stands for the journey files under it, found by the suffixes of
the installed formats (``jk.file_formats()``), hidden files and directories
left out; a glob pattern (``journeys/**/*.yaml``) is expanded here, so that
it works where no shell expands it (Windows, a quoted pattern, pre-commit's
``args``). Everything comes in a stable order: the arguments' order, and
within a directory or a pattern, sorted by path.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

import journeykit as jk

_MAGIC = frozenset("*?[")


@attrs.frozen
class Input:
    """A journey file to read, or an argument that named none (``problem`` says why)."""

    path: str
    problem: str | None = None


def journey_suffixes() -> tuple[str, ...]:
    """The suffixes of every installed format's files (``.json``, ``.yaml``…), lower case."""
    return tuple(sorted({s for group in jk.file_formats().values() for s in group}))


def expand(arguments: Sequence[str]) -> list[Input]:
    """The files the arguments name, each once, in order.

    A file (or ``-``) is taken as it is, whatever its suffix; a missing one
    too, for the reader to report. A directory gives the journey files under
    it; a directory without any is an :class:`Input` with a ``problem``, and
    so is a pattern that matches nothing.
    """
    suffixes = journey_suffixes()
    seen: set[str] = set()
    found: list[Input] = []
    for argument in arguments:
        for item in _expand_one(argument, suffixes):
            key = item.path if item.path == "-" else os.path.normcase(os.path.abspath(item.path))
            if item.problem is None and key in seen:
                continue
            seen.add(key)
            found.append(item)
    return found


def _expand_one(argument: str, suffixes: tuple[str, ...]) -> Iterator[Input]:
    if argument == "-" or os.path.isfile(argument):
        yield Input(argument)
    elif os.path.isdir(argument):
        files = list(_walk(argument, suffixes))
        if not files:
            yield Input(argument, _no_journeys("in this directory", suffixes))
        yield from (Input(path) for path in files)
    elif _MAGIC & set(argument):
        matches = sorted(glob.glob(argument, recursive=True), key=_sort_key)
        if not matches:
            yield Input(argument, "no file matches this pattern")
        for match in matches:
            if os.path.isdir(match):
                yield from (Input(path) for path in _walk(match, suffixes))
            else:
                yield Input(match)
    else:
        yield Input(argument)  # missing: the reader says so


def _walk(top: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    """The journey files under ``top``, hidden ones left out, sorted by path."""
    found = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [
            os.path.join(folder, name)
            for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in suffixes
        ]
    return iter(sorted(found, key=_sort_key))


def _sort_key(path: str) -> tuple[str, ...]:
    return Path(path).parts


def _no_journeys(where: str, suffixes: tuple[str, ...]) -> str:
    return f"no journey files {where} (looked for {', '.join(suffixes)})"
