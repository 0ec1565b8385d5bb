"""The model API: building journeys in Python, ids, lookups, immutability, new versions."""

from __future__ import annotations

import re

import attrs
import pytest

import journeykit as jk


def coffee() -> jk.Journey:
    """A small journey: two stages, three touchpoints, a pain point, flows."""
    return jk.Journey(
        title="Buying a coffee maker",
        personas=[jk.Persona(name="Busy parent"), jk.Persona(id="fan", name="Coffee fan")],
        channels=[
            jk.Channel(name="Website", kind="online"),
            jk.Channel(name="Store", kind="offline"),
        ],
        stages=[
            jk.Stage(
                name="Consideration",
                touchpoints=[
                    jk.Touchpoint(name="Sees an ad", channel="website", emotion=0.2),
                    jk.Touchpoint(
                        name="Compares models",
                        channel="website",
                        emotion=-0.4,
                        emotions={"busy-parent": -0.8},
                        pain_points=[jk.PainPoint(description="Too much jargon", severity=4)],
                        opportunities=[
                            jk.Opportunity(
                                description="Plain comparison", addresses=["too-much-jargon"]
                            )
                        ],
                    ),
                ],
            ),
            jk.Stage(
                name="Purchase",
                touchpoints=[jk.Touchpoint(name="Buys in store", channel="store", emotion=0.6)],
            ),
        ],
        flows=[
            jk.Flow(source="sees-an-ad", target="compares-models", count=100),
            jk.Flow(source="compares-models", target="buys-in-store", count=40),
        ],
    )


# -- building -------------------------------------------------------------------


def test_build_a_journey_in_python() -> None:
    j = coffee()
    assert j.title == "Buying a coffee maker"
    assert [s.id for s in j.stages] == ["consideration", "purchase"]
    assert [p.id for p in j.personas] == ["busy-parent", "fan"]
    assert [c.id for c in j.channels] == ["website", "store"]
    assert j.touchpoint("compares-models").channel == "website"
    assert j.pain_point("too-much-jargon").severity == 4
    assert j.opportunity("plain-comparison").addresses == ("too-much-jargon",)
    assert j.persona("fan").name == "Coffee fan"
    assert j.channel("store").kind == "offline"
    assert [(f.source, f.target, f.count) for f in j.flows] == [
        ("sees-an-ad", "compares-models", 100),
        ("compares-models", "buys-in-store", 40),
    ]


def test_lists_become_tuples() -> None:
    j = coffee()
    assert isinstance(j.stages, tuple)
    assert isinstance(j.stages[0].touchpoints, tuple)
    assert isinstance(j.flows, tuple)


def test_bad_reference_in_python_is_a_validation_error() -> None:
    with pytest.raises(jk.ValidationError) as info:
        jk.Journey(
            title="T",
            stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="A", channel="web")])],
        )
    assert [p.path for p in info.value.problems] == ["stages[0].touchpoints[0].channel"]


def test_python_journey_round_trips_through_the_file_format() -> None:
    j = coffee()
    assert jk.loads(jk.dumps(j)) == j
    assert jk.loads(jk.dumps(j, format="yaml"), format="yaml") == j


# -- derived ids ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Compares models on the Website!", "compares-models-on-the-website"),
        ("Café crème", "cafe-creme"),
        ("  Two   spaces  ", "two-spaces"),
        ("Step 2: pay", "step-2-pay"),
        ("Ünïcödé name", "unicode-name"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert jk.slugify(name) == slug


def test_slug_is_at_most_48_characters_and_cut_at_a_word() -> None:
    slug = jk.slugify("word " * 30)
    assert len(slug) <= 48
    assert slug == "-".join(["word"] * 9)
    assert len(jk.slugify("x" * 200)) == 48


def test_slug_of_a_name_without_ascii_uses_the_kind() -> None:
    j = jk.Journey(
        title="T",
        stages=[
            jk.Stage(
                name="¿?",
                touchpoints=[
                    jk.Touchpoint(
                        name="…", pain_points=[jk.PainPoint(description="！", severity=1)]
                    )
                ],
            )
        ],
    )
    # The kind, then 8 hex characters of a hash of the name.
    assert re.fullmatch("stage-[0-9a-f]{8}", j.stages[0].id)
    assert re.fullmatch("touchpoint-[0-9a-f]{8}", j.touchpoints[0].id)
    assert re.fullmatch("pain-point-[0-9a-f]{8}", j.pain_points[0].id)


def test_derived_ids_clash_gets_a_number() -> None:
    j = jk.Journey(
        title="T", stages=[jk.Stage(name="Look"), jk.Stage(name="Look"), jk.Stage(name="LOOK!")]
    )
    # Equal names are numbered; a different name with the same slug gets a hash of its own.
    assert [s.id for s in j.stages][:2] == ["look", "look-2"]
    assert re.fullmatch("look-[0-9a-f]{8}", j.stages[2].id)


def test_ids_are_unique_across_kinds() -> None:
    j = jk.Journey(
        title="T",
        personas=[jk.Persona(name="Shop")],
        channels=[jk.Channel(name="Shop", kind="offline")],
        stages=[jk.Stage(name="Shop", touchpoints=[jk.Touchpoint(name="Shop")])],
    )
    ids = [j.personas[0].id, j.channels[0].id, j.stages[0].id, j.touchpoints[0].id]
    assert ids == ["shop", "shop-2", "shop-3", "shop-4"]


def test_explicit_ids_are_never_renamed() -> None:
    j = jk.Journey(
        title="T",
        stages=[
            jk.Stage(name="Look"),  # would be "look", but a later stage claims it
            jk.Stage(id="look-2", name="Other"),
            jk.Stage(id="look", name="Explicit"),
        ],
    )
    assert [s.id for s in j.stages] == ["look-3", "look-2", "look"]
    assert j.stage("look").name == "Explicit"
    assert j.stage("look-3").name == "Look"


def test_derived_ids_are_deterministic() -> None:
    a, b = coffee(), coffee()
    assert [tp.id for tp in a.touchpoints] == [tp.id for tp in b.touchpoints]
    assert a == b
    assert jk.dumps(a) == jk.dumps(b)


def test_derived_ids_equal_explicit_ones() -> None:
    derived = jk.Journey(title="T", stages=[jk.Stage(name="Look")])
    explicit = jk.Journey(title="T", stages=[jk.Stage(id="look", name="Look")])
    assert derived == explicit
    assert hash(derived) == hash(explicit)


def test_blank_explicit_id_is_refused() -> None:
    with pytest.raises(jk.ValidationError) as info:
        jk.Stage(id="   ", name="S")
    assert [p.path for p in info.value.problems] == ["id"]


# -- lookups ------------------------------------------------------------------------


def test_touchpoints_are_in_stage_order() -> None:
    assert [tp.id for tp in coffee().touchpoints] == [
        "sees-an-ad",
        "compares-models",
        "buys-in-store",
    ]


def test_stage_and_touchpoint_lookups() -> None:
    j = coffee()
    assert j.stage("purchase") is j.stages[1]
    assert j.touchpoint("buys-in-store") is j.stages[1].touchpoints[0]


def test_stage_of_by_id_and_by_object() -> None:
    j = coffee()
    tp = j.touchpoint("compares-models")
    assert j.stage_of("compares-models") is j.stages[0]
    assert j.stage_of(tp) is j.stages[0]
    assert j.stage_of("buys-in-store").id == "purchase"


def test_unknown_id_suggests_the_closest() -> None:
    j = coffee()
    with pytest.raises(jk.UnknownIdError) as info:
        j.touchpoint("compare-models")
    assert "did you mean 'compares-models'?" in str(info.value)
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, jk.JourneyError)


def test_unknown_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        coffee().stage("checkout")


def test_unknown_id_is_a_journey_error() -> None:
    with pytest.raises(jk.JourneyError):
        coffee().stage_of("nowhere")


def test_lookup_by_the_id_of_another_kind_fails() -> None:
    j = coffee()
    with pytest.raises(jk.UnknownIdError):
        j.touchpoint("purchase")  # a stage
    with pytest.raises(jk.UnknownIdError):
        j.stage("website")  # a channel


def test_unknown_id_message_is_plain() -> None:
    # KeyError's own str() would wrap the message in quotes.
    with pytest.raises(jk.UnknownIdError) as info:
        coffee().stage("purchse")
    assert str(info.value).startswith("no stage with id 'purchse'")


# -- immutability ----------------------------------------------------------------------


def test_journey_is_frozen() -> None:
    j = coffee()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        j.title = "Other"  # type: ignore[misc]
    assert j.title == "Buying a coffee maker"


def test_parts_are_frozen() -> None:
    j = coffee()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        j.stages[0].name = "Other"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        j.touchpoints[0].emotion = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        j.touchpoint("compares-models").emotions["fan"] = 0.1  # type: ignore[index]


# -- new versions ---------------------------------------------------------------------


def test_evolve_returns_a_new_validated_journey() -> None:
    j = coffee()
    k = j.evolve(title="New title")
    assert k.title == "New title"
    assert j.title == "Buying a coffee maker"
    assert k.stages == j.stages
    with pytest.raises(jk.ValidationError) as info:
        j.evolve(title="")
    assert [p.path for p in info.value.problems] == ["title"]


def test_evolve_derives_ids_for_new_parts() -> None:
    k = coffee().evolve(channels=[*coffee().channels, jk.Channel(name="Phone", kind="offline")])
    assert k.channel("phone").name == "Phone"


def test_replace_touchpoint() -> None:
    j = coffee()
    k = j.replace_touchpoint("sees-an-ad", emotion=0.9, name="Sees a great ad")
    assert k.touchpoint("sees-an-ad").emotion == 0.9
    assert k.touchpoint("sees-an-ad").name == "Sees a great ad"
    assert j.touchpoint("sees-an-ad").emotion == 0.2
    assert k.touchpoints[1:] == j.touchpoints[1:]


def test_replace_touchpoint_with_invalid_emotion_raises() -> None:
    with pytest.raises(jk.ValidationError) as info:
        coffee().replace_touchpoint("sees-an-ad", emotion=1.7)
    assert [p.path.rsplit(".", 1)[-1] for p in info.value.problems] == ["emotion"]


def test_replace_touchpoint_with_unknown_channel_raises() -> None:
    with pytest.raises(jk.ValidationError) as info:
        coffee().replace_touchpoint("sees-an-ad", channel="tv")
    assert [p.path for p in info.value.problems] == ["stages[0].touchpoints[0].channel"]


def test_replace_stage() -> None:
    j = coffee()
    k = j.replace_stage("purchase", goal="Buy with confidence")
    assert k.stage("purchase").goal == "Buy with confidence"
    assert j.stage("purchase").goal == ""
    with pytest.raises(jk.UnknownIdError):
        j.replace_stage("checkout", goal="x")


def test_add_touchpoint() -> None:
    j = coffee()
    k = j.add_touchpoint("purchase", jk.Touchpoint(name="Gets a receipt"))
    assert [tp.id for tp in k.stage("purchase").touchpoints] == ["buys-in-store", "gets-a-receipt"]
    first = j.add_touchpoint("purchase", jk.Touchpoint(id="queue", name="Queues"), index=0)
    assert [tp.id for tp in first.stage("purchase").touchpoints] == ["queue", "buys-in-store"]
    assert len(j.touchpoints) == 3


def test_add_touchpoint_with_a_taken_id_raises() -> None:
    with pytest.raises(jk.ValidationError):
        coffee().add_touchpoint("purchase", jk.Touchpoint(id="sees-an-ad", name="Again"))


def test_add_touchpoint_with_a_clashing_name_gets_a_fresh_id() -> None:
    k = coffee().add_touchpoint("purchase", jk.Touchpoint(name="Sees an ad"))
    assert [tp.id for tp in k.touchpoints] == [
        "sees-an-ad",
        "compares-models",
        "buys-in-store",
        "sees-an-ad-2",
    ]


def test_remove_touchpoint_drops_its_flows() -> None:
    j = coffee()
    k = j.remove_touchpoint("buys-in-store")
    assert [tp.id for tp in k.touchpoints] == ["sees-an-ad", "compares-models"]
    assert [(f.source, f.target) for f in k.flows] == [("sees-an-ad", "compares-models")]
    assert len(j.flows) == 2
    with pytest.raises(jk.UnknownIdError):
        k.touchpoint("buys-in-store")


def test_remove_touchpoint_referenced_by_nothing_else_keeps_the_rest() -> None:
    j = coffee().evolve(flows=[])
    k = j.remove_touchpoint("sees-an-ad")
    assert k.stages[1] == j.stages[1]
    assert k.flows == ()


# -- parts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "better", "expected"),
    [
        (5, 4, "higher", True),
        (4, 4, "higher", True),
        (3, 4, "higher", False),
        (3, 4, "lower", True),
        (4, 4, "lower", True),
        (5, 4, "lower", False),
        (None, 4, "higher", None),
        (5, None, "lower", None),
    ],
)
def test_metric_on_target(
    value: float | None, target: float | None, better: str, expected: bool | None
) -> None:
    metric = jk.Metric(name="CSAT", value=value, target=target, better=better)  # type: ignore[arg-type]
    assert metric.on_target is expected


def test_metric_better_must_be_higher_or_lower() -> None:
    with pytest.raises(jk.ValidationError) as info:
        jk.Metric(name="NPS", better="more")  # type: ignore[arg-type]
    assert [p.path for p in info.value.problems] == ["better"]


def test_emotion_of() -> None:
    tp = coffee().touchpoint("compares-models")
    assert tp.emotion_of("busy-parent") == -0.8
    assert tp.emotion_of("fan") == -0.4
    assert tp.emotion_of() == -0.4
    assert jk.Touchpoint(name="A").emotion_of("fan") is None


def test_equal_journeys_hash_equal() -> None:
    a, b = coffee(), coffee()
    assert a is not b
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    c = a.replace_touchpoint("sees-an-ad", emotion=0.3)
    assert c != a


def test_hash_is_stable_after_lookups() -> None:
    a, b = coffee(), coffee()
    before = hash(a)
    a.touchpoint("sees-an-ad")  # fills the lookup caches
    a.stage_of("buys-in-store")
    assert hash(a) == before == hash(b)
    assert a == b


def test_touchpoint_alone_checks_its_emotion() -> None:
    with pytest.raises(jk.ValidationError) as info:
        jk.Touchpoint(name="A", emotion=1.7)
    assert [p.path for p in info.value.problems] == ["emotion"]
    assert "1.7" in info.value.problems[0].message


def test_part_lists_every_problem() -> None:
    with pytest.raises(jk.ValidationError) as info:
        jk.Touchpoint(name="", emotion=True, reach=-2, lane="upstairs")  # type: ignore[arg-type]
    assert [p.path for p in info.value.problems] == ["name", "lane", "emotion", "reach"]


def test_status_groups_have_one_meaning() -> None:
    """Every status is open or closed, never both; committed ones are a commitment made."""
    from journeykit.analysis.checking import builtin_rules
    from journeykit.analysis.hotspot_scores import COMMITTED
    from journeykit.model import CLOSED_STATUSES, COMMITTED_STATUSES, OPEN_STATUSES, STATUSES

    assert set(OPEN_STATUSES) | set(CLOSED_STATUSES) == set(STATUSES)
    assert not set(OPEN_STATUSES) & set(CLOSED_STATUSES)
    assert set(COMMITTED_STATUSES) == set(STATUSES) - {"idea", "dropped"}
    # Each group keeps the order of STATUSES, for tables and docs.
    for group in (OPEN_STATUSES, CLOSED_STATUSES, COMMITTED_STATUSES):
        assert list(group) == [s for s in STATUSES if s in group]
    # The analysis reads the model's groups; it defines none of its own.
    assert frozenset(COMMITTED_STATUSES) == COMMITTED
    assert builtin_rules.CLOSED_STATUSES is CLOSED_STATUSES
