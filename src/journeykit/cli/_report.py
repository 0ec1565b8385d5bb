"""Printing what the commands found: findings and invalid files, in text, JSON, GitHub or SARIF.

Findings of the rules and the problems of files that cannot be read are
both :class:`Entry` records, so every format reports them side by side. An
invalid file is reported under the code ``JK000`` (``invalid-file``), one
entry per problem, with its line and column when the reader knows them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import attrs

import journeykit as jk
from journeykit.analysis.findings import SEVERITIES, Finding, Severity
from journeykit.cli._common import Streams, one_line, plural
from journeykit.cli._style import finding_line

FORMATS = ("text", "json", "github", "sarif")
"""The values of ``--format`` wherever findings are printed."""

INVALID_FILE = "JK000"
"""The code under which a file that cannot be read as a journey is reported."""

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES_DOC = "rules.md"
"""The page of the documentation that describes every code."""


@attrs.frozen
class RuleInfo:
    """What a report says about a code: its name, severity and description."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str = ""


INVALID_FILE_RULE = RuleInfo(
    INVALID_FILE,
    "invalid-file",
    "error",
    "the file cannot be read as a journey",
    "The file cannot be read, is not JSON, YAML or a Mermaid journey diagram, or breaks the "
    "rules of the journey format (docs/format.md). Nothing else is checked in it.",
)


@attrs.frozen
class Entry:
    """One line of a report: a finding, or a problem that makes a file invalid."""

    file: str
    code: str
    severity: Severity
    message: str
    path: str = ""
    ids: tuple[str, ...] = ()
    line: int | None = None
    column: int | None = None
    hint: str = ""

    @classmethod
    def of_finding(cls, file: str, finding: Finding) -> Entry:
        where = finding.location
        return cls(
            file,
            finding.code,
            finding.severity,
            finding.message,
            where.path,
            where.ids,
            where.line,
            where.column,
            finding.hint,
        )

    @property
    def invalid(self) -> bool:
        return self.code == INVALID_FILE

    def to_dict(self) -> dict[str, Any]:
        """The record of ``--format json``: a finding's ``to_dict()`` with its ``file``."""
        location: dict[str, Any] = {"path": self.path, "ids": list(self.ids)}
        if self.line is not None:
            location["line"] = self.line
            if self.column is not None:
                location["column"] = self.column
        return {
            "file": self.file,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "location": location,
            "hint": self.hint,
        }


def invalid_file(file: str, exc: jk.JourneyError) -> list[Entry]:
    """The entries of a file that cannot be read as a journey: one per problem."""
    if isinstance(exc, jk.ValidationError):
        entries = [
            Entry(file, INVALID_FILE, "error", p.message, p.path, (), p.line, p.column)
            for p in exc.problems
        ]
        unlisted = exc.problems.total - len(exc.problems)
        if unlisted > 0 or not exc.problems.complete:
            more = "" if exc.problems.complete else "at least "
            message = f"… and {more}{unlisted:,} more problems, not listed"
            entries.append(Entry(file, INVALID_FILE, "error", message))
        return entries
    if isinstance(exc, jk.FormatError):
        return [Entry(file, INVALID_FILE, "error", exc.reason, "", (), exc.line, exc.column)]
    return [Entry(file, INVALID_FILE, "error", one_line(exc))]


# -- text --------------------------------------------------------------------


def report_error(exc: jk.JourneyError, io: Streams) -> None:
    """A file that cannot be read, on standard error, as ``validate`` reports it in text."""
    for entry in invalid_file(getattr(exc, "source", None) or "<input>", exc):
        print(text_line(entry), file=io.err)


def _where(entry: Entry) -> str:
    """``file:line:col`` when the line is known, else ``file:path``."""
    if entry.line is not None:
        column = f":{entry.column}" if entry.column is not None else ""
        return f"{entry.file}:{entry.line}{column}"
    return f"{entry.file}:{entry.path or 'journey'}"


def text_line(entry: Entry) -> str:
    """A finding as ``file:line:col: CODE [severity] message`` (``file:path:`` without a line).

    A problem of an invalid file reads as its error always has:
    ``file:line:col: path: message``, or ``file: path: message``.
    """
    if entry.invalid:
        problem = f"{entry.path}: {entry.message}" if entry.path else entry.message
        if entry.line is None:
            return f"{entry.file}: {problem}"
        return f"{_where(entry)}: {problem}"
    return f"{_where(entry)}: {entry.code} [{entry.severity}] {entry.message}"


def write_text(entries: Sequence[Entry], io: Streams, *, summary: bool = True) -> None:
    """Findings one a line with their hints, then a summary; invalid files on standard error."""
    for entry in entries:
        if entry.invalid:
            print(text_line(entry), file=io.err)
            continue
        line = finding_line(text_line(entry), entry.code, entry.severity, on=io.style.out)
        print(line, file=io.out)
        if entry.hint:
            print(f"  hint: {entry.hint}", file=io.out)
    if summary and not io.quiet:
        print(findings_summary(entries), file=io.out)


def findings_summary(entries: Sequence[Entry]) -> str:
    """``Found 3 findings (1 error, 2 warnings).``, or ``All checks passed!``."""
    findings = [entry for entry in entries if not entry.invalid]
    unreadable = len({entry.file for entry in entries if entry.invalid})
    if not findings:
        summary = "No findings" if unreadable else "All checks passed!"
    else:
        counts = Counter(entry.severity for entry in findings)
        parts = [plural(counts[s], s) for s in reversed(SEVERITIES) if counts[s]]
        summary = f"Found {plural(len(findings), 'finding')} ({', '.join(parts)})"
    if unreadable:
        return f"{summary}; {plural(unreadable, 'file')} could not be checked."
    return summary if summary.endswith("!") else f"{summary}."


# -- json --------------------------------------------------------------------


def write_json(entries: Sequence[Entry], io: Streams) -> None:
    """A JSON array of records, each a finding's ``to_dict()`` with its ``file``."""
    records = [entry.to_dict() for entry in entries]
    print(json.dumps(records, indent=2, ensure_ascii=False, allow_nan=False), file=io.out)


# -- GitHub Actions ------------------------------------------------------------

_ANNOTATION = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(text: str, *, property: bool = False) -> str:
    """Text made safe for a GitHub Actions workflow command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def write_github(entries: Sequence[Entry], io: Streams) -> None:
    """GitHub Actions annotations, one a line, on the line and column when known."""
    for entry in entries:
        where = f"file={_escape(entry.file, property=True)}"
        if entry.line is not None:
            where += f",line={entry.line}"
            if entry.column is not None:
                where += f",col={entry.column}"
        message = f"{entry.path or 'journey'}: {entry.message}"
        if entry.invalid and not entry.path:
            message = entry.message
        if entry.hint:
            message += f"\nhint: {entry.hint}"
        print(
            f"::{_ANNOTATION[entry.severity]} {where},title={entry.code}::{_escape(message)}",
            file=io.out,
        )


# -- SARIF ---------------------------------------------------------------------

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def anchor(rule: RuleInfo) -> str:
    """The anchor of a code's heading in docs/rules.md (``## JK201 · unaddressed-pain-point``).

    GitHub's heading ids: lower case, punctuation (the middle dot) dropped,
    each space a hyphen.
    """
    return f"{rule.code.lower()}--{rule.name}"


def docs_url() -> str | None:
    """The base URL of the documentation: the ``Documentation`` project URL of the package.

    ``None`` when the installed package names none; the SARIF rules then
    carry their description without a link.
    """
    from importlib import metadata

    try:
        urls: list[str] = metadata.metadata("journeykit").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip().rstrip("/") + "/"
    return None


def _uri(file: str, root: Path) -> tuple[str, bool]:
    """The file as a URI, and whether it is relative to ``root`` (``%SRCROOT%``).

    Within ``root``, the relative path (``/`` between directories, escaped
    as a URI); elsewhere, an absolute ``file:`` URI.
    """
    absolute = Path(os.path.abspath(root / file))
    try:
        relative = absolute.relative_to(os.path.abspath(root))
    except ValueError:
        return absolute.as_uri(), False
    return quote(relative.as_posix()), True


def sarif(
    entries: Sequence[Entry],
    rules: Mapping[str, RuleInfo],
    *,
    root: str | os.PathLike[str] | None = None,
    docs: str | None = None,
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run: the rules reported and a result per entry.

    ``rules`` describes the codes; ``root`` is the directory relative file
    names start from (``%SRCROOT%``, the current directory by default);
    ``docs``, the base URL of the documentation, gives each rule a
    ``helpUri`` into its ``rules.md``.
    """
    base = Path.cwd() if root is None else Path(root)
    used = sorted({entry.code for entry in entries})
    index = {code: i for i, code in enumerate(used)}
    descriptors = [_descriptor(rules.get(code) or _unknown(code), docs) for code in used]
    results = [_result(entry, index[entry.code], base) for entry in entries]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "journeykit",
                "version": jk.__version__,
                "semanticVersion": jk.__version__,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": _folder_uri(base)}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if docs:
        run["tool"]["driver"]["informationUri"] = docs
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _folder_uri(folder: Path) -> str:
    uri = Path(os.path.abspath(folder)).as_uri()
    return uri if uri.endswith("/") else f"{uri}/"


def _unknown(code: str) -> RuleInfo:
    return RuleInfo(code, code.lower(), "warning", code)


def _descriptor(rule: RuleInfo, docs: str | None) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }
    if rule.doc:
        descriptor["fullDescription"] = {"text": rule.doc}
        descriptor["help"] = {"text": rule.doc, "markdown": rule.doc}
    if docs:
        descriptor["helpUri"] = f"{docs}{RULES_DOC}#{anchor(rule)}"
    return descriptor


def _result(entry: Entry, rule_index: int, root: Path) -> dict[str, Any]:
    text = f"{entry.path}: {entry.message}" if entry.invalid and entry.path else entry.message
    if entry.hint:
        text += f" (hint: {entry.hint})"
    result: dict[str, Any] = {
        "ruleId": entry.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[entry.severity],
        "message": {"text": text},
    }
    location: dict[str, Any] = {}
    if entry.file != "<stdin>":
        uri, relative = _uri(entry.file, root)
        artifact: dict[str, Any] = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if entry.line is not None:
            region: dict[str, Any] = {"startLine": entry.line}
            if entry.column is not None:
                region["startColumn"] = entry.column
            physical["region"] = region
        location["physicalLocation"] = physical
    if entry.path:
        location["logicalLocations"] = [{"fullyQualifiedName": entry.path, "kind": "element"}]
    if location:
        result["locations"] = [location]
    if not entry.invalid:
        # Stable across edits that move the item: the file, the code and the ids involved.
        key = "\0".join((entry.file, entry.code, *entry.ids))
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        result["partialFingerprints"] = {"journeykitFinding/v1": digest}
    return result


def write_sarif(entries: Sequence[Entry], rules: Mapping[str, RuleInfo], io: Streams) -> None:
    """The SARIF 2.1.0 log of ``entries``, for code scanning (``upload-sarif``)."""
    log = sarif(entries, rules, docs=docs_url())
    print(json.dumps(log, indent=2, ensure_ascii=False, allow_nan=False), file=io.out)


def write(
    entries: Sequence[Entry],
    format: str,
    io: Streams,
    rules: Mapping[str, RuleInfo],
    *,
    summary: bool = True,
) -> None:
    """``entries`` in ``format``: one of :data:`FORMATS`."""
    if format == "json":
        write_json(entries, io)
    elif format == "github":
        write_github(entries, io)
    elif format == "sarif":
        write_sarif(entries, rules, io)
    else:
        write_text(entries, io, summary=summary)


def check_rules(codes: Iterable[RuleInfo] = ()) -> dict[str, RuleInfo]:
    """The codes of ``journeykit check``: its rules, ``JK000`` and ``extra`` ones."""
    from journeykit.analysis.checking import rules

    known = {r.code: RuleInfo(r.code, r.name, r.severity, r.summary, r.doc) for r in rules()}
    known[INVALID_FILE] = INVALID_FILE_RULE
    known.update((info.code, info) for info in codes)
    return known
