"""identity: the pure decisions the store carries out (no database here)."""

from __future__ import annotations

from claimgraph.identity.decide import Known, Placement, place
from claimgraph.identity.fold import fold
from claimgraph.identity.names import parse_name


def known(*rows: tuple[str, int]) -> dict[str, Known]:
    out = {}
    for name, owner in rows:
        form = parse_name(name, "PERSON")
        assert form is not None
        out[form.form] = Known(form, owner, pinned=False)
    return out


def test_one_folding_for_every_spelling() -> None:
    assert fold("Mária  ZAKHAROVA") == fold("maria zakharova") == "maria zakharova"
    assert fold("J.K. Rowling") == "j k rowling"
    assert fold("Ramzan Kadyrov’s") == "ramzan kadyrov's"
    # One person in two scripts folds alike (iuliia's Wikipedia transliteration).
    assert fold("Владимир Путин") == fold("Vladimir Putin") == "vladimir putin"
    assert fold("ЗЕЛЕНСКИЙ") == "zelensky"


def test_a_short_name_of_one_speaker_joins_it_and_of_two_stands_apart() -> None:
    trump = parse_name("Trump", "PERSON")
    assert trump is not None
    assert place(trump, known(("Donald Trump", 1)), {}) == Placement(1)
    clinton = parse_name("Clinton", "PERSON")
    assert clinton is not None
    assert place(clinton, known(("Bill Clinton", 1), ("Hillary Clinton", 2)), {}).owner is None


def test_a_full_name_takes_the_short_name_that_stood_alone() -> None:
    full = parse_name("Donald J. Trump", "PERSON")
    assert full is not None
    assert place(full, known(("Trump", 7)), {}) == Placement(7)
    ivanka = parse_name("Ivanka Trump", "PERSON")
    assert ivanka is not None
    # "Trump" belonged to Donald Trump; beside Ivanka it fits two: it leaves for a row of its own.
    placed = place(ivanka, known(("Donald Trump", 1), ("Trump", 1)), {})
    assert placed.owner is None and placed.detach == (("trump", 1),)
