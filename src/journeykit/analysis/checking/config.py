"""Settings of the journey rules, and where they are read from.

A project keeps its settings in a ``[tool.journeykit.check]`` table of
``pyproject.toml``, or in the ``[check]`` table of a ``journeykit.toml`` or
``.journeykit.toml`` (these files hold what the ``[tool.journeykit]`` table
would hold; the ``check`` level leaves room for the other commands). Keys are
kebab-case::

    [tool.journeykit.check]
    select = ["JK"]                # codes or prefixes; default: every rule
    ignore = ["JK6", "JK203"]      # codes or prefixes
    stale-days = 180               # JK501: a map older than this is stale
    evidence-max-age-days = 365    # JK502: evidence older than this is stale
    loop-share = 0.1               # JK104: a loop carrying more of the customers is reported
    fail-on = "warning"            # the CLI exits 1 on findings this bad or worse

    [tool.journeykit.check.per-file-ignores]
    "legacy/*.json" = ["JK3"]      # glob → codes or prefixes not reported in those files

:func:`find_config` looks for the file the way ruff does: from a directory
up to the root, the closest directory holding one of ``.journeykit.toml``,
``journeykit.toml`` or ``pyproject.toml`` wins, in that order of preference
within a directory. A ``pyproject.toml`` without a ``[tool.journeykit]``
table is passed over. Settings from several files are not merged.

``per-file-ignores`` patterns are matched as ruff matches its own: against
the file's path relative to the directory of the configuration file, and
against the file's name alone (``*`` also matches ``/``; ``**/`` also
matches no directory at all).
"""

from __future__ import annotations

import difflib
import fnmatch
import math
import os
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from journeykit._atomic import checked_path
from journeykit._checks import show, suggest
from journeykit.analysis.checking._registry import codes
from journeykit.analysis.findings import SEVERITIES, Severity
from journeykit.errors import JourneyError

__all__ = [
    "CONFIG_FILES",
    "Config",
    "ConfigError",
    "find_config",
    "find_config_file",
    "load_config",
    "normalize_selectors",
]

CONFIG_FILES = (".journeykit.toml", "journeykit.toml", "pyproject.toml")
"""The files :func:`find_config` looks for, in order of preference."""

_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "stale-days": "stale_days",
    "evidence-max-age-days": "evidence_max_age_days",
    "loop-share": "loop_share",
    "fail-on": "fail_on",
    "per-file-ignores": "per_file_ignores",
}
_SECTIONS = ("check",)


class ConfigError(JourneyError, ValueError):
    """The settings of the journey rules are wrong: a bad key, value or code."""


def _selectors() -> set[str]:
    """Every valid selector: ``JK`` (all rules), a family, a prefix or a code."""
    return {code[:n] for code in codes() for n in range(2, len(code) + 1)}


def _nearest(selector: str, known: set[str], limit: int = 10) -> str:
    """A close spelling (``JK2O1``: JK201), else the codes or prefixes nearest by their start.

    ``JK9`` is nearer the families JK1 … JK8 than the bare ``JK`` that a
    spelling match offers; ``JK105`` is nearest JK101 … JK104.
    """
    close = difflib.get_close_matches(selector, sorted(known), n=1, cutoff=0.6)
    if close and not selector.startswith(close[0]):
        return f"; did you mean {show(close[0])}?"
    every = sorted(codes())
    start = next(
        (
            selector[:n]
            for n in range(len(selector), 0, -1)
            if any(code.startswith(selector[:n]) for code in every)
        ),
        "",
    )
    near = [code for code in every if code.startswith(start)]
    if len(near) > limit:
        width = max(len(start) + 1, 3)
        near = sorted({code[:width] for code in near})
    if len(near) == 1:
        return f"; did you mean {show(near[0])}?"
    return f"; the nearest that are: {', '.join(near)} (docs/rules.md lists every rule)"


def normalize_selectors(values: str | Iterable[str], where: str) -> tuple[str, ...]:
    """Rule codes or prefixes, upper-cased and checked against the registered rules.

    ``where`` names the setting in error messages (``"select"``, ``"--ignore"``).
    """
    if isinstance(values, str):
        values = [values]
    elif not isinstance(values, Iterable):
        raise ConfigError(f"{where}: expected a list of rule codes, got {show(values)}")
    known = _selectors()
    out = []
    for value in values:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a rule code, got {show(value)}")
        selector = value.strip().upper()
        if selector not in known:
            raise ConfigError(
                f"{where}: {show(value)} is not a rule code or prefix{_nearest(selector, known)}"
            )
        out.append(selector)
    return tuple(out)


def _check_days(value: Any, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{where}: expected a whole number of days ≥ 0, got {show(value)}")


def _check_share(value: Any, where: str) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise ConfigError(
            f"{where}: expected a number ≥ 0 (a share, 0.1 is 10%), got {show(value)}"
        )


def _selected(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else normalize_selectors(value, "select")


def _ignored(value: str | Iterable[str]) -> tuple[str, ...]:
    return normalize_selectors(value, "ignore")


PerFileIgnores = tuple[tuple[str, tuple[str, ...]], ...]


def _per_file(value: Mapping[str, Iterable[str]] | PerFileIgnores) -> PerFileIgnores:
    """``{pattern: codes}`` as ``((pattern, codes), ...)``, the codes checked."""
    where = "per-file-ignores"
    pairs = value.items() if isinstance(value, Mapping) else value
    if isinstance(pairs, str) or not isinstance(pairs, Iterable):
        raise ConfigError(f"{where}: expected a table of file patterns, got {show(value)}")
    out = []
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ConfigError(f"{where}: expected a table of file patterns, got {show(value)}")
        pattern, selectors = pair
        if not isinstance(pattern, str) or not pattern.strip():
            raise ConfigError(f"{where}: expected a file pattern, got {show(pattern)}")
        if isinstance(selectors, str) or not isinstance(selectors, Iterable):
            raise ConfigError(
                f"{where}.{show(pattern)}: expected a list of rule codes, got {show(selectors)}"
            )
        out.append((pattern, normalize_selectors(selectors, f"{where}.{show(pattern)}")))
    return tuple(out)


def _folder(value: str | os.PathLike[str] | None) -> Path | None:
    return None if value is None else checked_path(value, "root")


@attrs.frozen(kw_only=True)
class Config:
    """Settings of :func:`~journeykit.analysis.checking.check`.

    Parameters
    ----------
    select : str or list of str, optional
        The rules to run, as codes or prefixes (``"JK2"`` is every JK2xx);
        ``None`` (the default) runs every rule.
    ignore : str or list of str, default ()
        The rules not to run, as codes or prefixes.
    stale_days : int, default 180
        JK501 reports a map last updated more than this many days ago.
    evidence_max_age_days : int, default 365
        JK502 reports evidence collected more than this many days ago.
    loop_share : float, default 0.1
        JK104 reports a loop whose trips round are more than this share of
        the journey's customers.
    fail_on : {"error", "warning", "info"}, default "warning"
        The mildest severity that makes ``journeykit check`` exit 1. The
        function :func:`check` itself does not use it.
    per_file_ignores : mapping of str to list of str, default {}
        File pattern → rules not to run on the files it matches (see
        :meth:`ignores_for`), like ruff's ``per-file-ignores``.
    root : path, optional
        The directory ``per_file_ignores`` patterns start from: the
        configuration file's own, for settings read from one; else the
        current directory.

    Raises
    ------
    ConfigError
        When a code is unknown or a value is out of range.
    """

    select: tuple[str, ...] | None = attrs.field(default=None, converter=_selected)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_ignored)
    stale_days: int = 180
    evidence_max_age_days: int = 365
    loop_share: float = 0.1
    fail_on: Severity = "warning"
    per_file_ignores: PerFileIgnores = attrs.field(default=(), converter=_per_file)
    root: Path | None = attrs.field(default=None, converter=_folder, eq=False)

    def __attrs_post_init__(self) -> None:
        _check_days(self.stale_days, "stale-days")
        _check_days(self.evidence_max_age_days, "evidence-max-age-days")
        _check_share(self.loop_share, "loop-share")
        if self.fail_on not in SEVERITIES:
            options = ", ".join(repr(s) for s in SEVERITIES)
            raise ConfigError(f"fail-on: {show(self.fail_on)} is not one of {options}")

    def ignores_for(self, file: str | os.PathLike[str]) -> tuple[str, ...]:
        """The codes and prefixes ``per_file_ignores`` turns off for ``file``.

        A pattern matches the file's path relative to :attr:`root` (with
        ``/`` between directories) or the file's name alone.

        Parameters
        ----------
        file : str or os.PathLike
            The path of a journey file, absolute or relative to the current
            directory; it need not exist.

        Returns
        -------
        tuple of str
            The selectors of every pattern that matches, in the order of
            ``per_file_ignores``; empty when none does.

        Examples
        --------
        >>> config = Config(per_file_ignores={"legacy/**/*.json": ["JK3"], "draft-*": ["JK"]})
        >>> config.ignores_for("legacy/old.json"), config.ignores_for("maps/draft-1.yaml")
        (('JK3',), ('JK',))
        >>> config.ignores_for("maps/current.json")
        ()
        """
        if not self.per_file_ignores:
            return ()
        absolute = Path(os.path.abspath(checked_path(file, "file")))
        root = Path(os.path.abspath(self.root or Path.cwd()))
        try:
            relative: str | None = absolute.relative_to(root).as_posix()
        except ValueError:  # outside the root: only patterns on the name can match
            relative = None
        found: list[str] = []
        for pattern, selectors in self.per_file_ignores:
            if _matches(pattern, relative, absolute.name):
                found += selectors
        return tuple(found)


def _matches(pattern: str, relative: str | None, name: str) -> bool:
    patterns = {pattern, pattern.replace("**/", "")}  # "**/" may stand for no directory
    return any(
        fnmatch.fnmatchcase(name, p) or (relative is not None and fnmatch.fnmatchcase(relative, p))
        for p in patterns
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file: {exc.strerror}") from None
    except ValueError as exc:  # a TOML syntax error, or bytes that are not UTF-8
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _journeykit_table(path: Path, document: dict[str, Any]) -> tuple[Any, str] | None:
    """The journeykit settings in a parsed file and their table's name, if any."""
    if path.name != "pyproject.toml":
        return document, ""
    tool = document.get("tool")
    if not isinstance(tool, dict) or "journeykit" not in tool:
        return None
    return tool["journeykit"], "tool.journeykit"


def _from_table(table: Any, table_name: str, path: Path) -> Config:
    top = f"{path}: [{table_name}]" if table_name else f"{path}:"
    check_table = f"{table_name}.check" if table_name else "check"
    where = f"{path}: [{check_table}]"
    if not isinstance(table, dict):
        raise ConfigError(f"{top} expected a table, got {show(table)}")
    for key in table:
        if key in _KEYS:
            raise ConfigError(f"{top} {key!r} belongs in the [{check_table}] table")
        if key not in _SECTIONS:
            raise ConfigError(f"{top} unknown key {key!r}{suggest(key, _SECTIONS)}")
    section = table.get("check", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{top} 'check' must be a table, got {show(section)}")
    for key, value in section.items():
        if key not in _KEYS:
            raise ConfigError(f"{where} unknown key {key!r}{suggest(key, _KEYS)}")
        if key in ("select", "ignore") and not isinstance(value, list):
            raise ConfigError(f"{where} {key}: expected a list of rule codes, got {show(value)}")
        if key == "per-file-ignores":
            _check_per_file_table(value, f"{where} {key}")
    try:
        settings = {_KEYS[key]: value for key, value in section.items()}
        return Config(**settings, root=path.parent)
    except ConfigError as exc:
        raise ConfigError(f"{where} {exc}") from None


def _check_per_file_table(value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table of file patterns, got {show(value)}")
    for pattern, selectors in value.items():
        if not isinstance(selectors, list):
            raise ConfigError(
                f"{where}.{show(pattern)}: expected a list of rule codes, got {show(selectors)}"
            )


def load_config(path: str | os.PathLike[str]) -> Config:
    """The settings in a ``pyproject.toml``, ``journeykit.toml`` or other TOML file.

    A ``pyproject.toml`` without a ``[tool.journeykit]`` table gives the defaults.

    Raises
    ------
    ConfigError
        When the file cannot be read, is not TOML, or holds an unknown key or a bad value.
    """
    path = checked_path(path)
    found = _journeykit_table(path, _read_toml(path))
    return Config() if found is None else _from_table(*found, path)


def _locate(start: str | os.PathLike[str]) -> tuple[Path, Any, str] | None:
    folder = checked_path(start, "start").resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate_folder / name
            if path.is_file():
                found = _journeykit_table(path, _read_toml(path))
                if found is not None:
                    return (path, *found)
    return None


def find_config_file(start: str | os.PathLike[str]) -> Path | None:
    """The configuration file that applies to ``start`` (a directory or a file), if any."""
    found = _locate(start)
    return None if found is None else found[0]


def find_config(start: str | os.PathLike[str]) -> Config:
    """The settings that apply to ``start``; the defaults when no file is found.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = pathlib.Path(tmp)
    ...     _ = (root / "journeykit.toml").write_text('[check]\\nignore = ["jk6"]\\n')
    ...     (root / "maps").mkdir()
    ...     find_config(root / "maps").ignore
    ('JK6',)
    """
    found = _locate(start)
    return Config() if found is None else _from_table(found[1], found[2], found[0])
