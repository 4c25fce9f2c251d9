"""Cue stance classes (claimgraph.rhetoric.cues) and the lexicon file behind them."""

from __future__ import annotations

import pytest

from claimgraph.rhetoric.cues import (
    ALL_CLASSES,
    CLASSES,
    UNCLASSIFIED,
    base_forms,
    classify_cue,
    cue_key,
    evidence,
    lexicon,
)

# The seed verbs of issue 5 with the class the issue gives them.
ISSUE_SEEDS = {
    "say": "neutral",
    "according to": "neutral",
    "claim": "distancing",
    "allege": "distancing",
    "insist": "distancing",
    "purport": "distancing",
    "note": "endorsing",
    "point out": "endorsing",
    "reveal": "endorsing",
    "explain": "endorsing",
    "acknowledge": "endorsing",
    "stress": "emphatic",
    "emphasise": "emphatic",
    "underline": "emphatic",
    "reiterate": "emphatic",
    "admit": "admission",
    "concede": "admission",
    "confess": "admission",
    "deny": "denial",
    "reject": "denial",
    "urge": "directive",
    "call on": "directive",
    "demand": "directive",
    "accuse": "accusation",
    "blame": "accusation",
}


@pytest.mark.parametrize(("lemma", "cls"), sorted(ISSUE_SEEDS.items()))
def test_issue_seed_verbs_have_their_class(lemma: str, cls: str) -> None:
    assert lexicon()[lemma].cls == cls
    assert classify_cue(lemma) == cls


def test_every_lexicon_entry_has_a_known_class_and_evidence() -> None:
    table = lexicon()
    assert len(table) > 80
    for phrase, entry in table.items():
        assert entry.cls in CLASSES, phrase
        assert entry.evidence, f"{phrase} has no evidence"
    assert set(CLASSES) == {e.cls for e in table.values()}  # every class is used
    assert evidence("claim") and "WTW" in evidence("claim")
    assert evidence("no such verb") is None


@pytest.mark.parametrize(
    ("lemma", "text", "cls"),
    [
        ("", "claiming", "distancing"),
        (None, "claimed", "distancing"),
        ("", "admitted", "admission"),
        ("", "noting", "endorsing"),
        ("", "urged", "directive"),
        ("", "told", "neutral"),
        ("", "Pointed out", "endorsing"),
        ("", "flatly denied", "denial"),
        ("", "has repeatedly denied", "denial"),
        ("point out", "pointed out", "endorsing"),
        ("strongly reject", "strongly rejected", "denial"),
        ("say", "said in a statement", "neutral"),
        ("", "accusing", "accusation"),
    ],
)
def test_inflected_and_decorated_cues(lemma: str | None, text: str, cls: str) -> None:
    assert classify_cue(lemma, text) == cls


def test_lemma_wins_over_text() -> None:
    # The extractor's lemma is trusted first; the text is only a fallback.
    assert classify_cue("deny", "claimed") == "denial"


def test_next_word_makes_a_phrasal_cue() -> None:
    assert classify_cue("call", "called", "on") == "directive"
    assert classify_cue("call", "called", "for") == "directive"
    assert classify_cue("call", "called", "out") == "accusation"
    assert classify_cue("call", "called", "the") == "neutral"
    assert classify_cue("call", "called") == "neutral"
    # a word after a cue that is already a phrase does not change it
    assert classify_cue("point out", "pointed out", "that") == "endorsing"


def test_unknown_and_empty_cues() -> None:
    assert classify_cue("harrumph", "harrumphed") == UNCLASSIFIED
    assert classify_cue("", "") == UNCLASSIFIED
    assert classify_cue(None, None) == UNCLASSIFIED
    assert classify_cue("  ", " ") == UNCLASSIFIED


def test_punctuation_cue_is_neutral() -> None:
    assert classify_cue(":", ":") == "neutral"
    assert classify_cue("", "―") == "neutral"


def test_cue_key_for_listing() -> None:
    assert cue_key("Harrumph", "harrumphed") == "harrumph"
    assert cue_key("", "Harrumphed loudly") == "harrumphed loudly"
    assert cue_key(None, None) == "(empty)"


def test_base_forms() -> None:
    assert "admit" in base_forms("admitted")
    assert "note" in base_forms("noted")
    assert "deny" in base_forms("denies")
    assert "stress" in base_forms("stressed")
    assert base_forms("say") == ["say"]


def test_all_classes_include_none_and_unclassified() -> None:
    assert ALL_CLASSES[-2:] == ("unclassified", "none")
