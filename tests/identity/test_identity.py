"""identity: the pure decisions the store carries out (no database here)."""

from __future__ import annotations

from claimgraph.identity.decide import Evidence, Known, Placement, place
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


def test_the_articles_gender_says_whose_short_name_it_is() -> None:
    hale = parse_name("Hale", "PERSON")
    assert hale is not None
    both = known(("Corin Hale", 1), ("Marta Hale", 2))
    genders = {1: "m", 2: "f"}
    articles = {1: 4, 2: 4}
    assert place(hale, both, {}, Evidence("f", genders, articles)) == Placement(2)
    assert place(hale, both, {}, Evidence("m", genders, articles)) == Placement(1)
    # No gender and no prominent one: a speaker of its own, as without evidence.
    assert place(hale, both, {}, Evidence(None, genders, articles)).owner is None


def test_a_bare_surname_goes_to_the_prominent_full_name_unless_the_gender_disagrees() -> None:
    hale = parse_name("Hale", "PERSON")
    assert hale is not None
    both = known(("Corin Hale", 1), ("Marta Hale", 2))
    genders = {1: "m", 2: "f"}
    assert place(hale, both, {}, Evidence(None, genders, {1: 9, 2: 3})) == Placement(1)
    assert place(hale, both, {}, Evidence(None, genders, {1: 5, 2: 3})).owner is None
    assert place(hale, both, {}, Evidence("f", genders, {1: 9, 2: 3})) == Placement(2)


def test_a_full_name_of_the_other_gender_leaves_the_short_name_where_it_is() -> None:
    marta = parse_name("Marta Hale", "PERSON")
    assert marta is not None
    # "Hale" is Corin Hale's (he, in every article); Marta Hale arriving does not take it away.
    placed = place(marta, known(("Corin Hale", 1), ("Hale", 1)), {}, Evidence("f", {1: "m"}, {1: 6}))
    assert placed.owner is None and placed.detach == ()
    # Without evidence it would leave for a row of its own.
    assert place(marta, known(("Corin Hale", 1), ("Hale", 1)), {}).detach == (("hale", 1),)


def test_organisations_are_not_chosen_by_prominence() -> None:
    skyvale = parse_name("Skyvale", "ORG")
    assert skyvale is not None
    orgs = {}
    for name, owner in (("Skyvale Airlines", 1), ("Skyvale Bank", 2)):
        form = parse_name(name, "ORG")
        assert form is not None
        orgs[form.form] = Known(form, owner, pinned=False)
    assert place(skyvale, orgs, {}, Evidence(None, {}, {1: 50, 2: 1})).owner is None


def test_a_short_name_of_the_other_gender_is_not_the_only_full_name_known() -> None:
    hale = parse_name("Hale", "PERSON")
    assert hale is not None
    only = known(("Marta Hale", 2))
    assert place(hale, only, {}, Evidence("m", {2: "f"}, {2: 1})).owner is None
    assert place(hale, only, {}, Evidence(None, {2: "f"}, {2: 1})) == Placement(2)
