"""Journey rules: check a journey against the practice of journey mapping.

:func:`check` runs the rules over a journey and returns what they found;
:func:`rules` lists them. Rule codes are stable; their first digit is the
family (JK1 structure and flow, JK2 acting on insights, JK3 evidence and
emotion, JK4 channels, JK5 freshness, JK6 measurement, JK7 personas, JK8
purpose). ``docs/rules.md`` describes every rule.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime

import attrs

from journeykit._checks import require
from journeykit.analysis._records import Origin, Results

# Importing the built-in rules registers them.
from journeykit.analysis.checking import builtin_rules as _builtin_rules  # noqa: F401
from journeykit.analysis.checking import suppressions as _suppressions
from journeykit.analysis.checking._registry import Context, Rule, codes, registered
from journeykit.analysis.checking.config import (
    Config,
    ConfigError,
    find_config,
    find_config_file,
    load_config,
    normalize_selectors,
)
from journeykit.analysis.findings import Finding
from journeykit.model import Journey

__all__ = [
    "Config",
    "ConfigError",
    "Rule",
    "check",
    "enabled_codes",
    "find_config",
    "find_config_file",
    "load_config",
    "rules",
]

Layer = tuple[tuple[str, ...] | None, tuple[str, ...]]


def rules() -> Results[Rule]:
    """Every registered rule, by code.

    Returns
    -------
    Results of Rule
        Every rule that :func:`check` runs (when selected), sorted by code.

    Examples
    --------
    >>> [(r.code, r.name, r.severity) for r in rules()][:2]
    [('JK101', 'stage-without-touchpoints', 'warning'),
     ('JK102', 'unreachable-touchpoint', 'error')]
    """
    return Results(registered())


def enabled_codes(*layers: Layer) -> frozenset[str]:
    """The rule codes left running after applying ``(select, ignore)`` layers in turn.

    This is ruff's resolution. Every rule runs by default. Within a layer,
    a more specific selector (``JK201``) beats a less specific one (``JK2``),
    and at the same specificity ``ignore`` beats ``select``. A layer whose
    ``select`` is not ``None`` starts afresh from what it selects; a layer
    with only ``ignore`` takes rules away from what the layers before left.
    Selectors are expected upper-case and valid, as :class:`Config` holds them.

    >>> sorted(enabled_codes((("JK2",), ("JK202",)), (None, ("JK203",))))
    ['JK201']
    >>> sorted(enabled_codes((("JK201",), ("JK2",))))
    ['JK201']
    """
    enabled = set(codes())
    for select, ignore in layers:
        choices = [(s, True) for s in select or ()] + [(s, False) for s in ignore]
        updates: dict[str, bool] = {}
        for selector, on in sorted(choices, key=lambda choice: (len(choice[0]), not choice[1])):
            updates.update((code, on) for code in codes() if code.startswith(selector))
        if select is not None:
            enabled = set()
        enabled |= {code for code, on in updates.items() if on}
        enabled -= {code for code, on in updates.items() if not on}
    return frozenset(enabled)


_FIELD_ORDER = {
    name: rank
    for rank, name in enumerate(
        (
            "title",
            "objective",
            "scope",
            "updated",
            "personas",
            "channels",
            "stages",
            "touchpoints",
            "emotion",
            "emotions",
            "pain_points",
            "opportunities",
            "evidence",
            "metrics",
            "flows",
        )
    )
}


def _document_order(finding: Finding) -> tuple[tuple[tuple[int, int], ...], str]:
    """Sort key: where the finding's steps lead in the file, then its code."""
    key: list[tuple[int, int]] = []
    for step in finding.location.steps:
        if isinstance(step, int) and key:
            key[-1] = (key[-1][0], step)
        else:
            key.append((_FIELD_ORDER.get(str(step), len(_FIELD_ORDER)), -1))
    return tuple(key), finding.code


def _placed(journey: Journey, findings: list[Finding]) -> list[Finding]:
    """The findings, with the line and column of their item in the file it was read from."""
    if not findings:
        return findings
    from journeykit.formats._positions import positions

    placed = []
    for finding, position in zip(
        findings, positions(journey, [f.location.steps for f in findings]), strict=True
    ):
        if position is not None:
            where = attrs.evolve(finding.location, line=position[0], column=position[1])
            finding = attrs.evolve(finding, location=where)
        placed.append(finding)
    return placed


def check(
    journey: Journey,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    config: Config | None = None,
    today: date | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
) -> Results[Finding]:
    """Check a journey against the rules of journey-mapping practice.

    Parameters
    ----------
    journey : Journey
    select : str or iterable of str, optional
        Run only these rules: codes or prefixes, so ``"JK2"`` means every
        JK2xx. Like ``--select`` on ruff's command line, it replaces both the
        ``select`` and the ``ignore`` of ``config``.
    ignore : str or iterable of str, optional
        Do not run these rules (codes or prefixes), on top of ``config``'s.
    config : Config, optional
        Settings, for instance from :func:`find_config`; the defaults when omitted.
    today : datetime.date, optional
        The date the freshness rules (JK5) measure from; the current date when
        omitted. Pass it to get the same findings on every day.
    path : str or path-like, optional
        The file the journey was read from: the rules that ``config``'s
        ``per_file_ignores`` turn off for it do not run.

    Returns
    -------
    Results[Finding]
        The findings in document order of their location, then by code.
        When the journey was read from a file (:func:`journeykit.load`,
        :func:`journeykit.loads`), each finding's ``location.line`` and
        ``location.column`` say where its item stands in that file; items
        changed or added since have none (docs/format.md, "Where problems are").

    Raises
    ------
    ConfigError
        When a code in ``select`` or ``ignore`` matches no rule.

    Notes
    -----
    The selection is resolved as :func:`enabled_codes` describes, with the
    configuration as the first layer and the arguments as the second. Each
    rule looks at every part of the journey a bounded number of times.

    Examples
    --------
    >>> import datetime
    >>> import journeykit as jk
    >>> journey = jk.Journey(
    ...     title="Renewing a passport",
    ...     objective="Find where applicants give up.",
    ...     updated="2026-01-10",
    ...     personas=[jk.Persona(name="First-time applicant")],
    ...     stages=[
    ...         jk.Stage(name="Apply", touchpoints=[
    ...             jk.Touchpoint(name="Fills in the form", emotion=-0.3, pain_points=[
    ...                 jk.PainPoint(description="Photo rules are unclear", severity=4),
    ...             ]),
    ...         ]),
    ...         jk.Stage(name="Wait"),
    ...     ],
    ... )
    >>> findings = check(journey, ignore=["JK3", "JK6"], today=datetime.date(2026, 3, 1))
    >>> for finding in findings:
    ...     print(finding)
    stages[0].touchpoints[0].pain_points[0]: JK201 [warning]
        no opportunity addresses pain point 'photo-rules-are-unclear' (severity 4)
    stages[1]: JK101 [warning] stage 'wait' has no touchpoints
    >>> findings[0].location.ids
    ('photo-rules-are-unclear',)
    """
    require(journey, Journey, "journey", "check")
    config = Config() if config is None else config
    arguments: Layer = (
        None if select is None else normalize_selectors(select, "select"),
        () if ignore is None else normalize_selectors(ignore, "ignore"),
    )
    enabled = enabled_codes((config.select, config.ignore), arguments)
    if path is not None:
        off = config.ignores_for(path)
        enabled = frozenset(code for code in enabled if not code.startswith(off))
    if today is None:
        today = date.today()
    elif isinstance(today, datetime):
        today = today.date()
    findings: list[Finding] = []
    contexts = {
        rule.code: Context(
            rule, today, config.stale_days, config.evidence_max_age_days, config.loop_share
        )
        for rule in registered()
        if rule.code in enabled
    }
    for context in contexts.values():
        findings.extend(context.rule.function(journey, context))
    findings = _suppressed(journey, findings, contexts)
    findings.sort(key=_document_order)
    findings = _placed(journey, findings)
    used = {
        "select": arguments[0],
        "ignore": arguments[1],
        "config": config,
        "today": today,
        "path": path,
    }
    return Results(findings, origin=Origin("check", journey, used))


def _suppressed(
    journey: Journey, findings: list[Finding], contexts: dict[str, Context]
) -> list[Finding]:
    """The findings that no ``ignore`` of the journey suppresses, and JK503's on those lists."""
    found = _suppressions.suppressions(journey)
    if not found:
        return findings
    kept, _, suppressing = _suppressions.apply(findings, found)
    unused_rule = contexts.get(_suppressions.UNUSED_SUPPRESSION)
    if unused_rule is not None:
        ran = set(contexts) - {_suppressions.UNUSED_SUPPRESSION}
        stale = _suppressions.unused(found, suppressing, ran, unused_rule)
        kept += _suppressions.apply(stale, found)[0]
    return kept
