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


def test_a_bare_surname_is_the_person_the_article_is_about_not_the_relative_named_last(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Senator Tom Vance endorsed the governor on Friday.\n"
        "Vance said the party had to unite. Vance said the campaign had been bitter and that "
        "rivals had attacked his wife, Heidi Vance, in television advertisements.\n"
        "Vance said he would campaign for the governor in the autumn."
    )
    a = analyze(text)
    last = find(a, "he would campaign for the governor")
    assert last.speaker.name == "Tom Vance", describe(a)


def test_a_surname_that_is_also_a_first_name_does_not_fix_the_gender(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Carter spoke first at the council meeting on Monday.\n"
        "The mayor, Joan Carter, said the budget would be balanced. She said no library would close."
    )
    a = analyze(text)
    carter = next(e for e in a.entities if e.name == "Joan Carter")
    assert carter.gender == "f"
    assert find(a, "no library would close").speaker.name == "Joan Carter", describe(a)


def test_fields_read_right_countries_are_countries_and_titles_are_roles(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Flooding closed schools in Eau Claire on Monday.\n"
        "Marta Olsen, a woman who runs a bakery in Eau Claire, said the water had reached her door.\n"
        "The candidates, Ruth Keller and Paul Brandt, said the state must pay for repairs.\n"
        "Ohio Governor Dan Reyes said the guard would help."
    )
    a = analyze(text)
    people = {e.name: e for e in a.entities if e.type == "PERSON"}
    assert people["Marta Olsen"].country is None, people["Marta Olsen"]
    assert "woman" not in people["Marta Olsen"].titles
    assert "candidates" not in people["Ruth Keller"].titles
    assert people["Dan Reyes"].country == "United States", people["Dan Reyes"]
    places = {e.name: e for e in a.entities if e.type == "GPE"}
    assert places["Eau Claire"].country is None


def test_a_persons_campaign_is_one_organisation_linked_to_the_person(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ruth Keller is running for governor against Paul Brandt. The Harlow Group, a consulting "
        "firm, advised both.\n"
        "The Keller campaign said the debate would go ahead. Keller's campaign said the rules were "
        "fair. Keller aides said they expected a close race. A Keller campaign spokeswoman said "
        "the ads would stop. Brandt's campaign said the rules were unfair."
    )
    a = analyze(text)
    keller = {
        find(a, f).speaker.entity
        for f in ("the debate would", "the rules were fair", "a close race", "the ads would")
    }
    assert len(keller) == 1, describe(a)
    campaign = next(e for e in a.entities if e.id in keller)
    assert (campaign.type, campaign.name, campaign.affiliation) == (
        "ORG",
        "Ruth Keller campaign",
        "Ruth Keller",
    )
    brandt = find(a, "the rules were unfair").speaker
    assert brandt.name == "Paul Brandt campaign", describe(a)


def test_her_campaign_is_the_campaign_of_the_woman_referred_to(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ruth Keller cancelled two rallies this week.\n"
        "On Sunday her campaign disclosed that she had pneumonia and would rest for three days."
    )
    a = analyze(text)
    disclosed = find(a, "she had pneumonia")
    assert disclosed.speaker.name == "Ruth Keller campaign", describe(a)


def test_a_surname_the_model_tags_as_an_organisation_is_the_person(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Doc

    from claimgraph.speakers.entities import build_entities

    words = [
        "Maria",
        "Keller",
        "spoke",
        ".",
        "Keller",
        "declared",
        "victory",
        ".",
        "Hartwell",
        "Bank",
        "agreed",
        ".",
    ]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O", "O", "O", "B-ORG", "I-ORG", "O", "O"]
    table = build_entities(Doc(nlp.vocab, words=words, ents=ents))
    keller = table.by_token[4]
    assert (keller.name, keller.type) == ("Maria Keller", "PERSON")
    assert [e.name for e in table.entities] == ["Maria Keller", "Hartwell Bank"]


def test_entity_ids_stay_unique_when_a_surname_organisation_joins_its_person(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Maria Keller spoke in Harlow on Monday. Keller declared that the plant would stay open.\n"
        "Local officials said the decision saved four hundred jobs."
    )
    a = analyze(text)
    ids = [e.id for e in a.entities]
    assert len(ids) == len(set(ids)), ids


def test_nobody_is_reported_saying_what_no_one_says(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The inspection report was published on Monday.\n"
        "No one can credibly say that the plant is safe, the inspectors wrote. Nobody said the "
        "plant would close."
    )
    a = analyze(text)
    assert find(a, "No one can credibly say").speaker.name == "inspectors", describe(a)
    assert not [s for s in a.statements if "the plant would close" in s.content.text], describe(a)


def test_they_after_a_campaign_subject_is_the_campaign(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ruth Keller spoke in Harlow, Oregon on Monday. Keller's campaign met donors in Portland "
        "afterwards, and they said the budget of Paul Brandt was reckless."
    )
    a = analyze(text)
    assert find(a, "the budget of Paul Brandt").speaker.name == "Ruth Keller campaign", describe(a)


def test_it_is_too_early_to_tell_reports_nobody(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The fire started on Monday. Police said it was too early to tell whether the fire was set "
        "on purpose. It is hard to say whether the plant will reopen, the mayor said."
    )
    a = analyze(text)
    assert find(a, "it was too early to tell").speaker.name == "Police", describe(a)
    assert not [s for s in a.statements if s.content.text.startswith("whether")], describe(a)


def test_a_campaign_is_somebody(analyze) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.speakers.check import speaker_reason

    a = analyze("Ruth Keller is running for governor. The Keller campaign said the debate would go ahead.")
    campaign = next(e for e in a.entities if e.name == "Ruth Keller campaign")
    assert speaker_reason(campaign) == "campaign of Ruth Keller (data/campaign_nouns.txt)"
