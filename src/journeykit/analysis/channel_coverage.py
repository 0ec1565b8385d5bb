"""Channel coverage: how many touchpoints each channel has in each stage, and the gaps.

The matrix has one row per channel the journey declares, in the order it
declares them, then a row ``None`` for the touchpoints without a channel
(only when there are some), and one column per stage in journey order.

Gaps are the empty cells of channels the journey uses, and the stages that
depend on one channel:

``interrupted``
    the channel has touchpoints in a stage before this one and in a stage
    after it, but none here: customers lose it midway;
``missing``
    the channel has touchpoints elsewhere in the journey, but none here (and
    not on both sides);
``single-channel``
    every touchpoint of the stage that has a channel is on the same one.

Channels the journey declares but never uses have no gaps (their row is all
zeros), and neither do touchpoints without a channel.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from journeykit import _checks as c
from journeykit._checks import require
from journeykit.analysis._records import NOT_DATA, Origin, Record, Results, _pandas
from journeykit.errors import UnknownIdError
from journeykit.model import Journey

__all__ = ["GAP_KINDS", "Coverage", "Gap", "coverage"]

GapKind = Literal["single-channel", "interrupted", "missing"]
GAP_KINDS: tuple[GapKind, ...] = ("single-channel", "interrupted", "missing")
"""The kinds of coverage gap."""


@attrs.frozen(kw_only=True)
class Gap(Record):
    """A hole in the channel × stage matrix.

    Attributes
    ----------
    kind : {"single-channel", "interrupted", "missing"}
        ``interrupted``: :attr:`channel` is used in stages before and after
        :attr:`stage` but not in it. ``missing``: :attr:`channel` is used
        elsewhere in the journey but not in :attr:`stage`.
        ``single-channel``: :attr:`stage` is served only by :attr:`channel`.
    stage : str
        The stage id.
    channel : str
        The channel id.
    """

    kind: GapKind
    stage: str
    channel: str

    def __str__(self) -> str:
        if self.kind == "interrupted":
            return (
                f"channel {self.channel!r} has no touchpoint in stage {self.stage!r}, "
                "though it has some before and after"
            )
        if self.kind == "missing":
            return f"channel {self.channel!r} has no touchpoint in stage {self.stage!r}"
        return f"stage {self.stage!r} is served by channel {self.channel!r} alone"


@attrs.frozen(kw_only=True)
class Coverage(Record):
    """Touchpoint counts per channel and stage, with the gaps.

    Attributes
    ----------
    channels : tuple of (str or None)
        The rows: declared channels in journey order, then ``None`` for
        touchpoints without a channel when there are any.
    stages : tuple of str
        The columns: stage ids in journey order.
    counts : tuple of tuple of int
        ``counts[row][column]``: touchpoints of that channel in that stage.
    gaps : Results[Gap]
        By stage; in a stage, a ``single-channel`` gap first, then the empty
        cells (``interrupted`` or ``missing``) in channel order.
    origin : Origin or None
        The journey it was counted from (not part of :meth:`to_dict`).
    """

    channels: tuple[str | None, ...]
    stages: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    gaps: Results[Gap]
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False, metadata=NOT_DATA)

    def count(self, channel: str | None, stage: str) -> int:
        """The number of touchpoints on ``channel`` in ``stage`` (``None``: no channel).

        Parameters
        ----------
        channel : str or None
            A channel id of :attr:`channels`, or ``None`` for touchpoints
            without a channel (0 when every touchpoint has one).
        stage : str
            A stage id of :attr:`stages`.

        Returns
        -------
        int
            The count in that cell of :attr:`counts`.

        Raises
        ------
        UnknownIdError
            The channel or the stage is not in the matrix; the message
            suggests the nearest id.
        """
        if stage not in self.stages:
            raise UnknownIdError(
                f"no stage with id {c.show(stage)}{c.suggest(str(stage), self.stages)}"
            )
        if channel not in self.channels:
            if channel is None:
                return 0
            known = [ch for ch in self.channels if ch is not None]
            raise UnknownIdError(
                f"no channel with id {c.show(channel)}{c.suggest(str(channel), known)}"
            )
        return self.counts[self.channels.index(channel)][self.stages.index(stage)]

    def to_frame(self) -> Any:
        """The matrix as a ``pandas.DataFrame``: channels as rows, stages as columns.

        The row of touchpoints without a channel is labelled ``None``. Needs pandas.

        Returns
        -------
        pandas.DataFrame
            The counts as int64, indexed by ``channel`` (rows) and ``stage``
            (columns), in journey order.

        Raises
        ------
        MissingDependencyError
            pandas is not installed.
        """
        pd = _pandas()
        return pd.DataFrame(
            [list(row) for row in self.counts],
            index=pd.Index(list(self.channels), name="channel", dtype=object),
            columns=pd.Index(list(self.stages), name="stage", dtype=object),
            dtype="int64",
        )


def _span(row: list[int]) -> tuple[int, int]:
    """The first and last column where ``row`` is not 0 (``row`` has such a column)."""
    columns = [k for k, n in enumerate(row) if n]
    return columns[0], columns[-1]


def coverage(journey: Journey) -> Coverage:
    """How many touchpoints each channel has in each stage, and where the gaps are.

    Parameters
    ----------
    journey : Journey

    Returns
    -------
    Coverage
        The channel × stage matrix of touchpoint counts and its gaps: an
        empty cell of a channel used elsewhere (``interrupted`` when the
        channel is used both before and after the stage, else ``missing``),
        and ``single-channel`` where a stage's touchpoints are all on one
        channel.

    Examples
    --------
    >>> import journeykit as jk
    >>> web = jk.Channel(name="Web", kind="online")
    >>> store = jk.Channel(name="Store", kind="offline")
    >>> j = jk.Journey(
    ...     title="Coffee",
    ...     channels=[web, store],
    ...     stages=[
    ...         jk.Stage(name="Consider", touchpoints=[
    ...             jk.Touchpoint(name="Compare", channel="web"),
    ...             jk.Touchpoint(name="Visit", channel="store"),
    ...         ]),
    ...         jk.Stage(name="Buy", touchpoints=[jk.Touchpoint(name="Checkout", channel="web")]),
    ...     ],
    ... )
    >>> cov = coverage(j)
    >>> cov.counts
    ((1, 1), (1, 0))
    >>> cov.count("store", "buy")
    0
    >>> [str(gap) for gap in cov.gaps]
    ["stage 'buy' is served by channel 'web' alone",
     "channel 'store' has no touchpoint in stage 'buy'"]
    """
    require(journey, Journey, "journey", "coverage")
    stage_ids = tuple(stage.id for stage in journey.stages)
    rows: dict[str | None, list[int]] = {ch.id: [0] * len(stage_ids) for ch in journey.channels}
    for column, stage in enumerate(journey.stages):
        for tp in stage.touchpoints:
            if tp.channel not in rows:  # only None: references are checked on load
                rows[tp.channel] = [0] * len(stage_ids)
            rows[tp.channel][column] += 1

    used = [ch for ch, row in rows.items() if ch is not None and any(row)]
    spans = {ch: _span(rows[ch]) for ch in used}
    gaps: list[Gap] = []
    for column, stage_id in enumerate(stage_ids):
        present = [ch for ch in used if rows[ch][column]]
        if len(present) == 1:
            gaps.append(Gap(kind="single-channel", stage=stage_id, channel=present[0]))
        for ch in used:
            if not rows[ch][column]:
                first, last = spans[ch]
                kind: GapKind = "interrupted" if first < column < last else "missing"
                gaps.append(Gap(kind=kind, stage=stage_id, channel=ch))
    return Coverage(
        channels=tuple(rows),
        stages=stage_ids,
        counts=tuple(tuple(row) for row in rows.values()),
        gaps=Results(gaps),
        origin=Origin("coverage", journey),
    )
