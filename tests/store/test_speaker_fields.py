"""The fields check: every stored title, affiliation and country with the words that gave
it (store.fields, ``claimgraph speakers fields``) and what reads wrong (speakers.check).
All texts are written for these tests."""

from __future__ import annotations

from claimgraph.speakers.check import field_problem
from claimgraph.store import Store
from claimgraph.store.fields import evidence_words

TEXT = (
    "Tariffs on steel will stay until May, Trade Minister Karen Holm said on Monday. Holm, a "
    "senior member of the Labour Party, said talks with Norway would resume in the spring."
)


def test_each_value_comes_with_the_words_around_its_mention(analyze):
    with Store.open(":memory:") as store:
        store.add_analysis(analyze(TEXT), claims=False)
        rows = store.speaker_fields()
    titles = {r.value: r.words for r in rows if r.field == "title" and r.speaker == "Karen Holm"}
    assert set(titles) == {"minister", "member"}, rows
    assert "Trade Minister Karen Holm" in titles["minister"]
    assert "a senior member" in titles["member"]
    assert all(r.article == "test" for r in rows)


def test_a_value_far_from_every_mention_is_marked():
    text = "Maren Okafor spoke first. " + "The weather was calm. " * 10 + "A senator arrived late."
    assert evidence_words(text, [(0, 12)], "Maren").startswith("Maren Okafor")
    assert evidence_words(text, [(0, 12)], "senator").startswith("[not near]")
    assert evidence_words(text, [], "senator") == "[no mention]"


def test_titles_must_be_roles_and_countries_countries():
    assert field_problem("title", "minister") is None
    assert field_problem("title", "woman") is not None  # a person, but no role
    assert field_problem("title", "loopholes") is not None
    assert field_problem("country", "Germany") is None
    assert field_problem("country", "Eau Claire") is not None
    assert field_problem("affiliation", "Coastal Alliance") is None
