"""The right person: which words name a statement's speaker, and whom they refer to."""

from __future__ import annotations

from helpers import describe, find


def test_a_quotation_continued_in_its_paragraph_keeps_the_words_that_named_it(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The council met on Monday to vote on the bridge.\n"
        "“We have waited long enough,” said Helena Voss, a councillor who chairs the transport "
        "committee. “The engineers have done their work and the money is there.”\n"
        "“Nobody wants another winter of detours.”"
    )
    a = analyze(text)
    first = find(a, "We have waited long enough")
    second = find(a, "The engineers have done their work")
    later = find(a, "Nobody wants another winter")
    assert first.speaker.mention is not None and first.speaker.mention.text == "Helena Voss", describe(a)
    assert second.speaker.name == "Helena Voss" and second.speaker.mention == first.speaker.mention
    # a later paragraph names nobody itself
    assert later.speaker.name == "Helena Voss" and later.speaker.mention is None, describe(a)


def test_the_name_between_a_quotation_and_its_cue_speaks_not_a_show_after_it(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The strike entered its third day.\n"
        "“The members are angry. Nobody listened to them,” Dorsey, a senior union organiser, "
        "said Friday morning on Channel Nine’s “Breakfast and Friends.”"
    )
    a = analyze(text)
    said = find(a, "The members are angry")
    assert said.speaker.name == "Dorsey", describe(a)
