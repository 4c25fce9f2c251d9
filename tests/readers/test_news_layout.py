"""Headlines and datelines: the parts of a news page that frame the story, not its text."""

from __future__ import annotations

import pytest
from helpers import check, describe

from claimgraph.nlp import DATELINE
from claimgraph.readers.text import headline


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("WASHINGTON (AP) — The agency said", "WASHINGTON (AP) — "),
        ("HARBOR CITY, Ore. ― If it works", "HARBOR CITY, Ore. ― "),
        ("OSTREL, Sept. 28 (Dravpress) — Officials said", "OSTREL, Sept. 28 (Dravpress) — "),
        ("MERROWGATE, 9 March (Allied Newswire) - Rail workers", "MERROWGATE, 9 March (Allied Newswire) - "),
        ("BRENHOLM -- The editor", "BRENHOLM -- "),
        ("THE MAYOR’S U-TURN — The mayor said", "THE MAYOR’S U-TURN — "),
    ],
)
def test_datelines_are_recognised(line: str, dateline: str) -> None:
    match = DATELINE.match(line)
    assert match is not None and match.group() == dateline


@pytest.mark.parametrize(
    "line", ["US-China talks resumed - slowly", "PENCE: We will win", "FURIOUS commuters"]
)
def test_what_is_no_dateline(line: str) -> None:
    assert DATELINE.match(line) is None


def test_a_short_first_line_over_a_longer_paragraph_is_the_headline() -> None:
    text = (
        "Mayor vows to reopen the bridge.\n\n"
        "The mayor of Harbor City said on Monday the bridge would reopen."
    )
    assert headline(text) == "Mayor vows to reopen the bridge."
    assert headline("Talks collapsed on Tuesday after a long night of argument.\nThey did.") is None
    assert headline("A text of one line only") is None


def test_an_untitled_article_takes_its_headline_as_title(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Harbor City council delays the bridge vote.\n\n"
        "HARBOR CITY, Ore. ― The council postponed its vote on the new bridge, Mayor Helena "
        "Voss said on Monday, because the engineers had not finished their report."
    )
    a = analyze(text)
    assert a.article.title == "Harbor City council delays the bridge vote."
    said = check(a, "The council postponed its vote on the new bridge", "indirect", cue="said")
    assert said.speaker.name == "Helena Voss", describe(a)
    assert not said.content.text.startswith("HARBOR"), describe(a)
    assert all("HARBOR CITY" not in (s.speaker.name or "") for s in a.statements), describe(a)
