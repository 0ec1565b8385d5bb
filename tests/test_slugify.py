"""Ids derived from names in any script: stable, distinct, independent of order.

The bug this guards against: names that all fell back to one slug were told
apart by ``-2``, ``-3``… in document order, so inserting a touchpoint shifted
the ids of the others and ``jk.diff`` paired the wrong touchpoints.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import journeykit as jk
from journeykit.testing import texts

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HASHED = re.compile(r"(?P<slug>[a-z0-9-]+)-[0-9a-f]{8}")


def build(names: list[str]) -> jk.Journey:
    """One stage holding a touchpoint per name, every id left to derive."""
    touchpoints = [jk.Touchpoint(name=name) for name in names]
    return jk.Journey(
        title="T", stages=[jk.Stage(id="the-stage", name="S", touchpoints=touchpoints)]
    )


def ids(names: list[str]) -> list[str]:
    return [tp.id for tp in build(names).touchpoints]


def ids_by_name(journey: jk.Journey) -> dict[str, list[str]]:
    """The ids given to each (NFC-normalised) touchpoint name."""
    out: dict[str, list[str]] = {}
    for tp in journey.touchpoints:
        out.setdefault(unicodedata.normalize("NFC", tp.name), []).append(tp.id)
    return {name: sorted(found) for name, found in out.items()}


# -- slugify ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "name", "slug"),
    [
        ("Cyrillic", "Открытие счёта", "otkrytie-scheta"),
        ("Greek", "Άνοιγμα λογαριασμού", "anoigma-logariasmoy"),
        ("Hindi", "खाता खोलना", "khata-kholna"),
        ("Arabic", "فتح حساب", "fth-hsb"),
        ("Chinese", "开设账户", "kaishezhanghu"),
        ("Japanese kanji", "口座開設", "kouzuokaishe"),
        ("Japanese kana", "ひらがな カタカナ", "hiragana-katakana"),
        ("mixed", "Café 口座 🙂 Открытие!", "cafe-kouzuo-slight-smile-otkrytie"),
        ("emoji", "🙂", "slight-smile"),
        ("fullwidth", "Ｓｔｅｐ　２", "step-2"),
    ],
)
def test_names_in_any_script_keep_their_words(script: str, name: str, slug: str) -> None:
    assert jk.slugify(name) == slug, script


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Открытие счёта", "Закрытие счёта"),
        ("口座開設", "口座解約"),
        ("開設", "开设"),  # traditional and simplified: the same reading
        ("فتح حساب", "إغلاق حساب"),
        ("खाता खोलना", "खाता बंद करना"),
        ("🙂", "🙁"),
    ],
)
def test_different_names_in_one_script_get_different_ids(a: str, b: str) -> None:
    first, second = ids([a, b])
    assert first != second
    assert ids([b, a]) == [second, first]


@pytest.mark.parametrize("name", ["★", "¿?", "…", "→ ←", "\u200b!", "\ue000", "\ud800"])
def test_a_name_without_letters_or_digits_gets_a_hash(name: str) -> None:
    assert re.fullmatch("item-[0-9a-f]{8}", jk.slugify(name))
    assert re.fullmatch("opportunity-[0-9a-f]{8}", jk.slugify(name, fallback="opportunity"))
    assert jk.slugify(name) == jk.slugify(name)


def test_names_without_letters_get_different_hashes() -> None:
    names = ["★", "☆", "★★", "¿?", "?¿", "…", "...", "!", "！"]
    # Even "！" (fullwidth) and "!", or "…" and "...": they are different names.
    assert len({jk.slugify(name) for name in names}) == len(names)


def test_the_hash_is_of_the_nfc_name() -> None:
    composed, decomposed = "★é", "★e\u0301"
    assert composed != decomposed
    assert jk.slugify(composed) == jk.slugify(decomposed)


def _old_slugify(text: str) -> str:
    """The slug before anyascii, for Latin text: NFKD, then drop what is not ASCII."""
    ascii_text = unicodedata.normalize("NFKD", text[:1000]).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.lower()):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > 48:
            return slug or word[:48]
        slug = candidate
    return slug


LATIN = "abcXYZ019 -_.,!?'àáâäãåçèéêëìíîïñòóôöõùúûüýÿÀÁÂÄÃÅÇÈÉÊËÌÍÎÏÑÒÓÔÖÕÙÚÛÜÝ"


@given(st.text(LATIN, max_size=80))
def test_latin_text_gives_the_slugs_it_always_gave(text: str) -> None:
    old = _old_slugify(text)
    assume(old)
    assert jk.slugify(text) == old


@given(texts(max_size=200))
def test_a_slug_is_short_lowercase_ascii(text: str) -> None:
    slug = jk.slugify(text, fallback="pain-point")
    assert SLUG.fullmatch(slug)
    fallback = re.fullmatch("pain-point-[0-9a-f]{8}", slug)
    assert len(slug) <= 48 or fallback


@pytest.mark.parametrize(
    ("text", "fallback"), [(None, "item"), (3, "item"), ("x", "Item"), ("x", ""), ("x", "a--b")]
)
def test_slugify_refuses_what_is_not_text_or_a_slug(text: object, fallback: str) -> None:
    with pytest.raises(jk.ValidationError):
        jk.slugify(text, fallback=fallback)  # type: ignore[arg-type]


# -- derived ids in a journey -------------------------------------------------------


def test_different_names_with_one_slug_do_not_depend_on_order() -> None:
    first = ids(["Café", "Cafe", "CAFE!"])
    second = ids(["CAFE!", "Café", "Cafe"])
    assert dict(zip(["Café", "Cafe", "CAFE!"], first, strict=True)) == dict(
        zip(["CAFE!", "Café", "Cafe"], second, strict=True)
    )
    # The shortest name, first by code point, keeps the bare slug.
    assert first[1] == "cafe"
    assert HASHED.fullmatch(first[0])
    assert HASHED.fullmatch(first[2])
    assert len(set(first)) == 3


def test_equal_names_are_numbered_in_document_order() -> None:
    assert ids(["Look", "Look", "Look"]) == ["look", "look-2", "look-3"]
    # Composed and decomposed "é" are one name.
    assert ids(["Caf\u00e9", "Cafe\u0301"]) == ["cafe", "cafe-2"]


def test_numbers_skip_the_slug_of_another_name() -> None:
    assert ids(["Look", "Look", "Look 2"]) == ["look", "look-3", "look-2"]
    assert ids(["Look 2", "Look", "Look"]) == ["look-2", "look", "look-3"]


def test_long_names_that_share_their_first_48_characters() -> None:
    head = "Customer reads every clause of the long contract "
    names = [head + "before signing it", head + "twice", head + "again"]
    derived = ids(names)
    assert len(set(derived)) == 3
    # "… again" is the shortest, then "… twice".
    assert derived[2] == jk.slugify(head)
    assert len(derived[2]) <= 48
    for other in derived[:2]:
        assert HASHED.fullmatch(other)
        assert other.startswith(derived[2] + "-")
        assert len(other) == len(derived[2]) + 9


def test_a_slug_taken_by_an_explicit_id_is_numbered() -> None:
    j = jk.Journey(
        title="T",
        channels=[jk.Channel(id="cafe", name="Web", kind="online")],
        stages=[jk.Stage(id="s", name="S", touchpoints=[jk.Touchpoint(name="Café")])],
    )
    assert j.channels[0].id == "cafe"
    assert j.touchpoints[0].id == "cafe-2"


def test_kinds_share_one_namespace() -> None:
    j = jk.Journey(
        title="T",
        personas=[jk.Persona(name="Café")],
        channels=[jk.Channel(name="Cafe", kind="offline")],
        stages=[
            jk.Stage(
                name="★",
                touchpoints=[
                    jk.Touchpoint(
                        name="★", pain_points=[jk.PainPoint(description="Café", severity=2)]
                    )
                ],
            )
        ],
    )
    persona, channel = j.personas[0].id, j.channels[0].id
    assert channel == "cafe"
    assert HASHED.fullmatch(persona)
    assert j.pain_points[0].id == f"{persona}-2"
    assert re.fullmatch("stage-[0-9a-f]{8}", j.stages[0].id)
    assert re.fullmatch("touchpoint-[0-9a-f]{8}", j.touchpoints[0].id)


def test_one_item_in_two_places_gets_two_ids() -> None:
    tp = jk.Touchpoint(name="Pay")
    j = jk.Journey(title="T", stages=[jk.Stage(name="S", touchpoints=[tp, tp])])
    assert [t.id for t in j.touchpoints] == ["pay", "pay-2"]


def test_inserting_a_clashing_name_that_ranks_first_renames_the_holder() -> None:
    # The documented exception: "Cafe" is shorter than "Café" by code point order.
    assert ids(["Café"]) == ["cafe"]
    assert ids(["Cafe", "Café"])[1] != "cafe"


# -- properties -------------------------------------------------------------------

# A small alphabet, so that names often share a slug; none of it reads as a "z".
_SHORT = st.text("aAáÁbB 1-!口Я🙂★", min_size=1, max_size=5).filter(str.strip)
_LONG = _SHORT.map(lambda tail: "Long long name " * 4 + tail)
NAMES = st.one_of(_SHORT, _SHORT, _LONG, texts(max_size=8, allow_blank=False))
NAME_LISTS = st.lists(NAMES, min_size=1, max_size=8)
# Names that share no slug with names from NAMES: words no name there has,
# or no letter at all (which the old rule gave one slug, "touchpoint").
NEW_NAMES = st.one_of(
    _SHORT.map(lambda tail: "Zebra " + tail),
    st.text("★☆→←…¿?", min_size=1, max_size=4),
)


def _max_length(journey: jk.Journey) -> int:
    # slug (48) + "-" + 8 hex + "-" + the largest number an equal name can get
    return 48 + 9 + 1 + len(str(len(journey.touchpoints)))


@given(NAME_LISTS)
def test_derived_ids_are_distinct_slugs_of_bounded_length(names: list[str]) -> None:
    j = build(names)
    derived = [tp.id for tp in j.touchpoints]
    assert len(set(derived)) == len(derived)
    for tp in j.touchpoints:
        assert SLUG.fullmatch(tp.id)
        assert len(tp.id) <= _max_length(j)


@given(NAME_LISTS, st.data())
def test_each_name_gets_the_same_ids_in_any_order(names: list[str], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(names))
    assert ids_by_name(build(shuffled)) == ids_by_name(build(names))


@given(NAME_LISTS)
def test_the_same_journey_built_twice_has_the_same_ids(names: list[str]) -> None:
    assert ids(names) == ids(list(names))
    assert build(names) == build(names)


def _nfc(names: list[str]) -> set[str]:
    return {unicodedata.normalize("NFC", name) for name in names}


@given(NAME_LISTS, NEW_NAMES, st.data())
def test_inserting_a_touchpoint_keeps_the_ids_of_the_others(
    names: list[str], new: str, data: st.DataObject
) -> None:
    assume(unicodedata.normalize("NFC", new) not in _nfc(names))
    at = data.draw(st.integers(0, len(names)))
    old = build(names)
    later = build([*names[:at], new, *names[at:]])
    kept = [tp.id for i, tp in enumerate(later.touchpoints) if i != at]
    assert kept == [tp.id for tp in old.touchpoints]
    changes = jk.diff(old, later, findings=False).changes
    assert [(c.kind, c.item, c.id) for c in changes] == [
        ("added", "touchpoint", later.touchpoints[at].id)
    ]


@given(NAME_LISTS, st.data())
def test_inserting_a_longer_name_with_a_taken_slug_keeps_the_ids_of_the_others(
    names: list[str], data: st.DataObject
) -> None:
    # The same words and a "!" more: the same slug (unless the name has no
    # letters, whose slug is its hash), but a longer name, so it ranks after.
    new = data.draw(st.sampled_from(names)) + "!"
    assume(unicodedata.normalize("NFC", new) not in _nfc(names))
    at = data.draw(st.integers(0, len(names)))
    old = build(names)
    later = build([*names[:at], new, *names[at:]])
    kept = [tp.id for i, tp in enumerate(later.touchpoints) if i != at]
    assert kept == [tp.id for tp in old.touchpoints]
    changes = jk.diff(old, later, findings=False).changes
    assert [(c.kind, c.id) for c in changes] == [("added", later.touchpoints[at].id)]


# -- stable across processes, light to import ---------------------------------------

CLASHING = ["★", "☆", "Café", "Cafe", "CAFE!", "Look", "Look", "Look 2", "口座開設", "🙂"]

PRINT_IDS = """
import json, sys
import journeykit as jk
names = json.loads(sys.argv[1])
stage = jk.Stage(id="the-stage", name="S", touchpoints=[jk.Touchpoint(name=n) for n in names])
print(json.dumps([tp.id for tp in jk.Journey(title="T", stages=[stage]).touchpoints]))
"""


def _run(code: str, *args: str, cwd: Path, seed: str = "0") -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_ids_are_the_same_in_every_process(tmp_path: Path) -> None:
    """Python's own ``hash()`` of a string changes with the process; the ids must not."""
    here = ids(CLASHING)
    for seed in ("1", "2", "12345"):
        assert json.loads(_run(PRINT_IDS, json.dumps(CLASHING), cwd=tmp_path, seed=seed)) == here


IMPORTS = """
import sys
import journeykit as jk
print("anyascii" in sys.modules)
stage = jk.Stage(name="Plain ASCII", touchpoints=[jk.Touchpoint(name="Pay")])
jk.Journey(title="T", stages=[stage])
print("anyascii" in sys.modules)
jk.slugify("Открытие")
print("anyascii" in sys.modules)
"""


def test_anyascii_is_imported_only_for_text_that_is_not_ascii(tmp_path: Path) -> None:
    assert _run(IMPORTS, cwd=tmp_path).split() == ["False", "False", "True"]
