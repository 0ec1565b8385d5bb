"""Journeys built for tests of the drawing: a large, realistic one (6 stages, 48 touchpoints).

Also the two lookups those tests make in a scene: groups by class, texts in a group.

Its texts are the lengths real maps have (names of 3–12 words, pain points of
one or two sentences), so what holds for it holds for the maps people draw;
the stress journeys of ``test_views.py`` and ``test_browser.py`` check the
extremes.
"""

from __future__ import annotations

import itertools
import math

import journeykit as jk
from journeykit.layout.scene import Group, Scene, Text

# A document whose opportunity has no owner (JK202) and addresses no pain point (JK203).
UNOWNED = {
    "journeykit": 1,
    "title": "T",
    "stages": [
        {
            "name": "S",
            "touchpoints": [
                {"name": "A", "opportunities": [{"id": "idea", "description": "An idea"}]}
            ],
        }
    ],
}

_STAGES = ("Discover", "Research", "Choose", "Buy", "Receive", "Use and return")
_VERBS = ("Reads", "Compares", "Asks about", "Checks", "Waits for", "Opens", "Calls about", "Saves")
_THINGS = (
    "the delivery options on the product page",
    "reviews from other parents",
    "the price against two other shops",
    "a promotion code sent by email",
    "the size chart",
    "the parcel tracking page",
    "the returns form and its label",
    "the loyalty points balance",
)
_PAINS = (
    "The delivery date is only shown after the address is typed in, so shoppers leave to compare.",
    "Reviews mix the old and the new model, and nobody can tell which one they are about.",
    "The code from the email is refused at checkout without saying why.",
    "Customers wait on hold for more than ten minutes at the busiest hour.",
    "The tracking page says delivered while the parcel is still at the depot.",
    "The returns label has to be printed, and many customers have no printer.",
)
_CHANNELS = (
    ("web", "Website", "online"),
    ("app", "Mobile app", "online"),
    ("email", "Email", "online"),
    ("social", "Social media", "online"),
    ("store", "Store", "offline"),
    ("phone", "Phone line", "offline"),
    ("courier", "Courier", "offline"),
)


def generated_journey(stages: int = 6, per_stage: int = 8, personas: int = 3) -> jk.Journey:
    """A journey of ``stages`` × ``per_stage`` touchpoints and ``personas`` personas."""
    people = [
        jk.Persona(
            id=f"persona-{i}",
            name=("Busy parent", "Careful saver", "First-time buyer", "Returning customer")[i % 4],
            segment="Households buying online and in store",
            goals=["Get it right the first time", "Spend as little time as possible"],
            quote="I just want to know when it arrives.",
        )
        for i in range(personas)
    ]
    channels = [jk.Channel(id=c, name=n, kind=k) for c, n, k in _CHANNELS]  # type: ignore[arg-type]
    built = []
    for s in range(stages):
        touchpoints = []
        for t in range(per_stage):
            n = s * per_stage + t
            emotion = round(0.8 * math.sin(n * 0.7) - 0.15, 2)
            pains = (
                [
                    jk.PainPoint(
                        id=f"pain-{n}", description=_PAINS[n % len(_PAINS)], severity=1 + n % 5
                    )
                ]
                if emotion < 0
                else []
            )
            touchpoints.append(
                jk.Touchpoint(
                    id=f"tp-{n}",
                    name=f"{_VERBS[n % len(_VERBS)]} {_THINGS[(n * 3) % len(_THINGS)]}",
                    channel=_CHANNELS[n % len(_CHANNELS)][0],
                    actions=[f"Step {k + 1}: {_THINGS[(n + k) % len(_THINGS)]}" for k in range(2)],
                    thoughts=["Is this the right one for us?"] if n % 3 == 0 else [],
                    emotion=emotion,
                    emotions={
                        p.id: round(max(-1.0, min(1.0, emotion + 0.3 * math.cos(n + i))), 2)
                        for i, p in enumerate(people)
                    },
                    pain_points=pains,
                    opportunities=[
                        jk.Opportunity(
                            id=f"opp-{n}",
                            description="Show the delivery date before checkout",
                            addresses=[f"pain-{n}"],
                            owner="Web team",
                            impact=3,
                            effort=2,
                        )
                    ]
                    if pains and n % 2
                    else [],
                    metrics=[jk.Metric(name="CSAT", value=3.8, target=4.2, unit="score")]
                    if t == 0
                    else [],
                    reach=10_000 - 150 * n,
                )
            )
        built.append(
            jk.Stage(
                id=f"stage-{s}",
                name=_STAGES[s % len(_STAGES)],
                goal="Move on without friction",
                touchpoints=touchpoints,
                metrics=[jk.Metric(name="Conversion", value=0.4, target=0.5, unit="ratio")],
            )
        )
    return jk.Journey(
        title="Ordering for the family",
        objective="Find where families give up between the first ad and the first return.",
        personas=people,
        channels=channels,
        stages=built,
    )


def generated_flows(stages: int = 6, per_stage: int = 8) -> jk.Journey:
    """:func:`generated_journey` with measured flows: most customers go on to the next
    touchpoint, some skip one or jump a stage ahead, some go back, one flow is not counted."""
    journey = generated_journey(stages, per_stage)
    ids = [tp.id for tp in journey.touchpoints]
    flows = {}
    for n, (a, b) in enumerate(itertools.pairwise(ids)):
        flows[a, b] = 9_000 - 160 * n
    for n in range(0, len(ids) - 2, 3):
        flows[ids[n], ids[n + 2]] = 400 + 10 * n
    for n in range(2, len(ids) - per_stage - 1, 7):
        flows[ids[n], ids[n + per_stage + 1]] = 250  # a stage ahead
    for n in range(5, len(ids), 9):
        flows[ids[n], ids[n - 4]] = 180  # back to an earlier step
    flows[ids[len(ids) - 2], ids[1]] = 90  # back to the start
    uncounted = (ids[3], ids[per_stage + 5])
    flows.pop(uncounted, None)
    made = [jk.Flow(source=a, target=b, count=c) for (a, b), c in flows.items()]
    made.append(jk.Flow(source=uncounted[0], target=uncounted[1]))
    return journey.evolve(flows=made)


def scene_groups(scene: Scene, cls: str) -> list[Group]:
    """The groups of ``scene`` that carry the class ``cls``, in drawing order."""
    return [g for g in scene.walk() if isinstance(g, Group) and g.cls and cls in g.cls.split()]


def texts_in(group: Group) -> list[Text]:
    """Every text inside ``group``, nested groups included, in drawing order."""
    out: list[Text] = []
    for item in group.children:
        if isinstance(item, Text):
            out.append(item)
        elif isinstance(item, Group):
            out += texts_in(item)
    return out
