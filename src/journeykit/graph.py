"""The journey as a networkx graph, for graph algorithms.

Nodes are stages and touchpoints (node attribute ``kind``); edges are
``contains`` (stage → its touchpoints), ``next`` (stage → following stage,
and touchpoint → following touchpoint when the journey has no flows) and
``flow`` (touchpoint → touchpoint, with ``count``, ``duration`` and
``evidence``). Every node carries the fields of its stage or touchpoint as
attributes; journey-wide fields (title, personas, channels, …) sit in
``G.graph``.

Examples
--------
>>> import journeykit as jk
>>> j = jk.Journey(title="Hello", stages=[
...     jk.Stage(name="Look", touchpoints=[jk.Touchpoint(name="Ad"), jk.Touchpoint(name="Site")]),
... ])
>>> G = jk.to_networkx(j)
>>> G.nodes["ad"]["kind"], G.edges["ad", "site"]["kind"]
('touchpoint', 'next')
>>> jk.from_networkx(G) == j
True
"""

from __future__ import annotations

import itertools
from typing import Any

import attrs
import networkx as nx

from journeykit._checks import require
from journeykit.errors import Problem, ValidationError
from journeykit.model import Flow, Journey, Stage, Touchpoint

__all__ = ["from_networkx", "to_networkx"]

_JOURNEY_FIELDS = ("title", "objective", "scope", "updated", "personas", "channels", "ignore")
_FLOW_FIELDS = ("count", "duration", "evidence", "ignore")


def _fields(item: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {f.name: getattr(item, f.name) for f in attrs.fields(type(item)) if f.name not in skip}


def to_networkx(journey: Journey) -> nx.DiGraph[str]:
    """The journey as a :class:`networkx.DiGraph`.

    Parameters
    ----------
    journey : Journey

    Returns
    -------
    networkx.DiGraph
        Stage and touchpoint nodes keyed by id, with attribute ``kind``
        (``"stage"`` or ``"touchpoint"``), ``order`` (position among its
        siblings) and every field of the item; touchpoints also have
        ``stage``. Edges have ``kind`` ``"contains"``, ``"next"`` or
        ``"flow"``; flow edges carry ``order`` and the fields of the flow
        (``count``, ``duration``, ``evidence``).

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.Journey(title="T", stages=[jk.Stage(name="A"), jk.Stage(name="B")])
    >>> sorted(jk.to_networkx(j).edges(data="kind"))
    [('a', 'b', 'next')]
    """
    require(journey, Journey, "journey", "to_networkx")
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.graph.update({name: getattr(journey, name) for name in _JOURNEY_FIELDS})
    for s, stage in enumerate(journey.stages):
        graph.add_node(stage.id, kind="stage", order=s, **_fields(stage, skip=("touchpoints",)))
        if s:
            graph.add_edge(journey.stages[s - 1].id, stage.id, kind="next")
        for t, tp in enumerate(stage.touchpoints):
            graph.add_node(tp.id, kind="touchpoint", order=t, stage=stage.id, **_fields(tp))
            graph.add_edge(stage.id, tp.id, kind="contains")
    if journey.flows:
        for f, flow in enumerate(journey.flows):
            graph.add_edge(
                flow.source,
                flow.target,
                kind="flow",
                order=f,
                **_fields(flow, skip=("source", "target")),
            )
    else:
        touchpoints = journey.touchpoints
        for before, after in itertools.pairwise(touchpoints):
            graph.add_edge(before.id, after.id, kind="next")
    return graph


def from_networkx(graph: nx.DiGraph[str]) -> Journey:
    """The journey that :func:`to_networkx` made ``graph`` from.

    Node and graph attributes may have been changed in between (a new
    emotion, a renamed stage); the result is validated like any journey.

    Parameters
    ----------
    graph : networkx.DiGraph
        A graph made by :func:`to_networkx`, changed or not.

    Returns
    -------
    Journey

    Raises
    ------
    ValidationError
        The graph does not hold a journey (a node without ``kind``, a
        touchpoint without a stage…) or the journey it holds is invalid.

    Examples
    --------
    >>> import journeykit as jk
    >>> stage = jk.Stage(name="A", touchpoints=[jk.Touchpoint(name="X")])
    >>> j = jk.Journey(title="T", stages=[stage])
    >>> G = jk.to_networkx(j)
    >>> G.nodes["x"]["emotion"] = -0.5
    >>> jk.from_networkx(G).touchpoint("x").emotion
    -0.5
    """
    require(graph, nx.DiGraph, "graph", "from_networkx")
    problems: list[str] = []
    stages: list[tuple[int, str, dict[str, Any]]] = []
    touchpoints: dict[str, list[tuple[int, Touchpoint]]] = {}
    for node, data in graph.nodes(data=True):
        kind = data.get("kind")
        fields = {k: v for k, v in data.items() if k not in ("kind", "order", "stage")}
        if kind == "stage":
            stages.append((data.get("order", 0), str(node), fields))
        elif kind == "touchpoint":
            stage = data.get("stage")
            if stage is None:
                problems.append(f"node {node!r}: a touchpoint node needs a 'stage' attribute")
                continue
            tp = _build(Touchpoint, fields, f"node {node!r}")
            touchpoints.setdefault(stage, []).append((data.get("order", 0), tp))
        else:
            problems.append(f"node {node!r}: 'kind' must be 'stage' or 'touchpoint', not {kind!r}")
    if problems:
        raise _error(problems)
    stage_ids = {stage_id for _, stage_id, _ in stages}
    for stage_id in touchpoints:
        if stage_id not in stage_ids:
            problems.append(f"touchpoints name a stage {stage_id!r} that is not a node")
    if problems:
        raise _error(problems)
    built = [
        _build(
            Stage,
            {
                **fields,
                "touchpoints": [tp for _, tp in sorted(touchpoints.get(stage_id, []), key=_first)],
            },
            f"node {stage_id!r}",
        )
        for _, stage_id, fields in sorted(stages, key=_first)
    ]
    flows = sorted(
        (
            (
                data.get("order", 0),
                _build(
                    Flow,
                    {
                        "source": u,
                        "target": v,
                        **{k: data[k] for k in _FLOW_FIELDS if k in data},
                    },
                    f"edge {u!r} → {v!r}",
                ),
            )
            for u, v, data in graph.edges(data=True)
            if data.get("kind") == "flow"
        ),
        key=_first,
    )
    journey_fields = {k: v for k, v in graph.graph.items() if k in _JOURNEY_FIELDS}
    return Journey(**journey_fields, stages=tuple(built), flows=tuple(flow for _, flow in flows))


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def _build(cls: type[Any], fields: dict[str, Any], where: str) -> Any:
    try:
        return cls(**fields)
    except TypeError as exc:
        raise _error([f"{where}: {exc}"]) from None
    except ValidationError as exc:
        raise exc.under(where) from None


def _error(messages: list[str]) -> ValidationError:
    return ValidationError(Problem("", m) for m in messages)
