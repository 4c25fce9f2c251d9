"""Speaker resolution: pronouns, role nouns and surnames to the fullest name; titles,
affiliations, organisations, countries and groups. All texts are written for these tests."""

from __future__ import annotations

from helpers import check, describe, find

from claimgraph.model import Analysis, Entity, Statement


def entity_of(analysis: Analysis, st: Statement) -> Entity:
    entity = analysis.entity(st.speaker.entity)
    assert entity is not None, f"statement {st.id} has no speaker entity; " + describe(analysis)
    return entity


def test_pronoun_she_resolves_to_full_name(analyze):
    text = (
        "Anna Kowalczyk, Poland’s chief negotiator, arrived in Brussels on Monday for a "
        "fourth round of talks. She said the two sides were still far apart on fishing rights."
    )
    a = analyze(text)
    st = check(
        a,
        "the two sides were still far apart on fishing rights",
        "indirect",
        cue="said",
        speaker="Anna Kowalczyk",
    )
    assert st.speaker.mention is not None and st.speaker.mention.text == "She"
    assert entity_of(a, st).type == "PERSON"


def test_pronoun_he_skips_a_woman_mentioned_in_between(analyze):
    text = (
        "Police chief Michael Grant met the mayor, Linda Carter, on Wednesday to discuss the "
        "riots. He said more officers would be deployed in the northern districts."
    )
    a = analyze(text)
    check(
        a,
        "more officers would be deployed in the northern districts",
        "indirect",
        speaker="Michael Grant",
    )


def test_surname_resolves_to_full_name(analyze):
    text = (
        "Prime Minister David Harrington faces a confidence vote next week. On Sunday, "
        "Harrington said he was certain of winning it."
    )
    a = analyze(text)
    st = check(a, "he was certain of winning it", "indirect", cue="said", speaker="David Harrington")
    assert st.speaker.mention is not None and st.speaker.mention.text == "Harrington"


def test_role_noun_the_diplomat(analyze):
    text = (
        "Senior Russian diplomat Sergei Volkov met his Turkish counterpart in Ankara on "
        "Tuesday. The diplomat said Moscow would not attend the next round of talks in Vienna."
    )
    a = analyze(text)
    st = check(
        a,
        "Moscow would not attend the next round of talks in Vienna",
        "indirect",
        cue="said",
        speaker="Sergei Volkov",
    )
    assert st.speaker.mention is not None and st.speaker.mention.text == "The diplomat"


def test_role_noun_age(analyze):
    text = (
        "Maria Santos, 54, spent eleven years in prison for a murder she did not commit. "
        "The 54-year-old said she felt no bitterness towards the jurors who convicted her."
    )
    a = analyze(text)
    check(
        a,
        "she felt no bitterness towards the jurors who convicted her",
        "indirect",
        cue="said",
        speaker="Maria Santos",
    )


def test_role_noun_the_ministry(analyze):
    text = (
        "The Ministry of Health reported 312 new cases of cholera on Sunday, up from 270 a "
        "day earlier. The ministry said most of the patients were in the capital, Lusaka."
    )
    a = analyze(text)
    st = check(
        a,
        "most of the patients were in the capital, Lusaka",
        "indirect",
        cue="said",
        speaker="Ministry of Health",
    )
    assert entity_of(a, st).type == "ORG"


def test_premodifier_title_and_affiliation(analyze):
    text = (
        "Arden Foreign Ministry spokeswoman Lena Ortiz said the ambassador had been "
        "summoned to explain the remarks."
    )
    a = analyze(text)
    st = check(
        a,
        "the ambassador had been summoned to explain the remarks",
        "indirect",
        cue="said",
        speaker="Lena Ortiz",
    )
    entity = entity_of(a, st)
    assert "spokeswoman" in [t.lower() for t in entity.titles]
    assert entity.affiliation is not None and "Foreign Ministry" in entity.affiliation


def test_apposition_title(analyze):
    text = (
        "Tomas Brandt, a senior aide to the prime minister, said the cabinet would meet "
        "again on Thursday to approve the package."
    )
    a = analyze(text)
    st = check(
        a,
        "the cabinet would meet again on Thursday to approve the package",
        "indirect",
        cue="said",
        speaker="Tomas Brandt",
    )
    assert any("aide" in t.lower() for t in entity_of(a, st).titles)


def test_entity_mentions_are_merged(analyze):
    text = (
        "Finance Minister Carla Jensen presented the budget on Tuesday. Jensen said the "
        "deficit would fall below 3 percent next year. She added that taxes would not rise."
    )
    a = analyze(text)
    first = find(a, "the deficit would fall below 3 percent next year")
    second = find(a, "taxes would not rise")
    assert first.speaker.entity is not None
    assert first.speaker.entity == second.speaker.entity
    entity = entity_of(a, first)
    assert entity.name == "Carla Jensen"
    assert {"Carla Jensen", "Jensen"} <= {m.text for m in entity.mentions}


def test_organisation_speaker(analyze):
    text = (
        "Amnesty International said on Wednesday that at least 40 protesters had been "
        "detained without charge."
    )
    a = analyze(text)
    st = check(
        a,
        "at least 40 protesters had been detained without charge",
        "indirect",
        cue="said",
        speaker="Amnesty International",
    )
    assert entity_of(a, st).type == "ORG"


def test_country_speaker(analyze):
    text = "China said on Friday it would impose export controls on two rare metals used in chipmaking."
    a = analyze(text)
    st = check(
        a,
        "it would impose export controls on two rare metals used in chipmaking",
        "indirect",
        cue="said",
        speaker="China",
    )
    assert entity_of(a, st).type == "GPE"


def test_group_speaker_western_nations(analyze):
    text = "Western nations have argued that the sanctions are needed to force a return to negotiations."
    a = analyze(text)
    check(
        a,
        "the sanctions are needed to force a return to negotiations",
        "indirect",
        cue="argued",
        speaker="Western nations",
    )


def test_group_speaker_officials(analyze):
    text = (
        "The bridge was closed after inspectors found cracks in two of its supports. "
        "Officials said it would not reopen before March."
    )
    a = analyze(text)
    st = check(a, "it would not reopen before March", "indirect", cue="said")
    assert st.speaker.name is not None and st.speaker.name.lower() == "officials"


def test_two_speakers_in_one_article_are_kept_apart(analyze):
    text = (
        "“We have done nothing wrong,” said Peter Lindgren, the club’s chairman.\n\n"
        "League president Nadia Rahman said the club had broken the spending rules in three "
        "of the last four seasons.\n\n"
        "“The numbers speak for themselves,” she said."
    )
    a = analyze(text)
    check(a, "We have done nothing wrong,", "direct", speaker="Peter Lindgren")
    check(
        a,
        "the club had broken the spending rules in three of the last four seasons",
        "indirect",
        speaker="Nadia Rahman",
    )
    check(a, "The numbers speak for themselves,", "direct", cue="said", speaker="Nadia Rahman")


def test_pronoun_he_after_a_quote_by_a_woman(analyze):
    text = (
        "“The vaccine stocks will last until the end of the month,” said health official Joanna "
        "Pike. Her deputy, Robert Lowe, disagreed. He said supplies in the south would run out "
        "within ten days."
    )
    a = analyze(text)
    check(
        a,
        "The vaccine stocks will last until the end of the month,",
        "direct",
        cue="said",
        speaker="Joanna Pike",
    )
    check(
        a,
        "supplies in the south would run out within ten days",
        "indirect",
        cue="said",
        speaker="Robert Lowe",
    )


def test_title_before_name_is_a_title_not_part_of_the_name(analyze):
    text = (
        "German Chancellor Frank Weber said on Monday that Berlin would send more air defence "
        "systems. Weber spoke after meeting the Polish president in Warsaw."
    )
    a = analyze(text)
    st = check(
        a,
        "Berlin would send more air defence systems",
        "indirect",
        cue="said",
        speaker="Frank Weber",
    )
    entity = entity_of(a, st)
    assert any("chancellor" in t.lower() for t in entity.titles), entity


def test_pronoun_it_resolves_to_the_company(analyze):
    text = (
        "Nordvik Shipping said on Thursday that it would cut 600 jobs. It added that no "
        "vessels would be sold."
    )
    a = analyze(text)
    check(a, "no vessels would be sold", "indirect", cue="added", speaker="Nordvik Shipping")


def test_pronoun_they_resolves_to_the_group(analyze):
    text = (
        "Hundreds of farmers blocked the motorway outside Lyon with tractors on Friday. They "
        "said they would stay until the government dropped the diesel tax."
    )
    a = analyze(text)
    st = check(
        a,
        "they would stay until the government dropped the diesel tax",
        "indirect",
        cue="said",
    )
    assert st.speaker.name is not None and "farmers" in st.speaker.name.lower(), describe(a)


def test_an_epithet_does_not_replace_the_full_name(analyze):
    text = (
        "Hillary Clinton spoke in Ohio on Monday. Her rival called her Crooked Hillary Clinton "
        "at a rally. Clinton said the nickname showed he had no plan for the economy."
    )
    a = analyze(text)
    st = find(a, "the nickname showed he had no plan")
    assert st.speaker.name == "Hillary Clinton", describe(a)


def test_pronoun_finds_a_speaker_the_model_tagged_as_an_organisation(analyze):
    # Whatever the model tags "Okonjo" as, "she" after her statement is her.
    text = (
        "Okonjo said the museum would reopen in the spring. The collection was never at risk, "
        "she said."
    )
    a = analyze(text)
    first = find(a, "the museum would reopen in the spring")
    second = find(a, "The collection was never at risk")
    assert first.speaker.name == second.speaker.name == "Okonjo", describe(a)


def test_a_document_speaks_for_its_author(analyze):
    text = "A report by the International Red Cross said 40 people had died in the floods."
    a = analyze(text)
    st = check(a, "40 people had died in the floods", "indirect", cue="said")
    assert st.speaker.name == "International Red Cross", describe(a)
    assert st.speaker.mention is not None and st.speaker.mention.text.startswith("A report")


def test_an_unnamed_organisation_is_not_the_last_person_quoted(analyze):
    text = (
        "“This is a fair deal and our members voted for it,” said union leader Maria Santos.\n"
        "The port authority said the backlog of container ships would be cleared within a week."
    )
    a = analyze(text)
    st = find(a, "the backlog of container ships")
    assert st.speaker.name == "port authority", describe(a)


def test_the_company_is_the_one_the_article_is_about(analyze):
    text = (
        "Shares of Velocity Motors fell 12% after Velocity Motors cut its delivery forecast.\n"
        "“The guidance cut is bigger than anyone expected,” said Raj Patel, an analyst at "
        "Northgate Securities.\n"
        "The company said it would delay the launch of its cheaper model until 2027."
    )
    a = analyze(text)
    st = find(a, "it would delay the launch")
    assert st.speaker.name == "Velocity Motors", describe(a)


def test_a_spokesman_for_someone_speaks_for_them(analyze):
    text = (
        "A spokesman for Senator Ruth Keller said she would vote against the bill. "
        "Keller's office said in an email that the senator had serious concerns about the cost."
    )
    a = analyze(text)
    first = find(a, "she would vote against the bill")
    # the unnamed spokesman speaks for the senator; the phrase stays the mention
    assert first.speaker.name == "Ruth Keller", describe(a)
    assert first.speaker.mention is not None
    assert first.speaker.mention.text == "A spokesman for Senator Ruth Keller"
    second = find(a, "the senator had serious concerns")
    assert second.speaker.name == "Keller's office", describe(a)


def test_a_bare_title_in_a_headline_is_the_one_holder_of_it(analyze):
    text = (
        "Mayor Says City Will Cut Bus Fares in January\n"
        "The city will cut bus fares by a quarter from January, Mayor Lisa Grant announced "
        "on Tuesday."
    )
    a = analyze(text)
    st = find(a, "City Will Cut Bus Fares")
    assert st.speaker.name == "Lisa Grant", describe(a)
