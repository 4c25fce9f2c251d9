"""What each statement's content speaks of (Statement.about, issue 10 item 1). All texts are
written for these tests."""

from __future__ import annotations

import io

from helpers import describe, find

from claimgraph.cli.render import about_names, render_table
from claimgraph.model import About, Analysis, Statement
from claimgraph.speakers.about.lexicon import derives, group_nouns


def about(analysis: Analysis, fragment: str) -> list[About]:
    return find(analysis, fragment).about


def names(analysis: Analysis, fragment: str) -> list[str]:
    return [a.name for a in about(analysis, fragment)]


def one(analysis: Analysis, fragment: str, name: str) -> About:
    hits = [a for a in about(analysis, fragment) if a.name == name]
    assert len(hits) == 1, f"{name!r} not once in {names(analysis, fragment)}; " + describe(analysis)
    return hits[0]


FERRY = (
    "Keldran Ferries, the island operator, cancelled all sailings on Tuesday after talks with the "
    "Seafarers' Union collapsed.\n"
    "Port director Anika Vesterlund said the harbour would stay open.\n"
    "The Seafarers' Union said Vesterlund had misled the ferry crews about the timetable.\n"
    "The union also said the company had broken its promise to the crews.\n"
    "\"I have not seen the quay so empty since 1998,\" said Tomas Reyle, a spokesman for the "
    "Seafarers' Union.\n"
    "\"We will not sail until the contract is signed,\" Reyle said.\n"
    "Keldran Ferries said passengers would get refunds and that the deckhand was not needed on short "
    "routes.\n"
    "A mediator, Liesel Aubert, said both sides had moved closer overnight.\n"
)


def test_a_surname_in_the_content_is_the_person_with_the_fullest_name(analyze):
    a = analyze(FERRY)
    found = one(a, "Vesterlund had misled", "Anika Vesterlund")
    assert found.role == "subject"
    assert found.mention is not None and found.mention.text == "Vesterlund"
    assert found.entity is not None and a.entity(found.entity).name == "Anika Vesterlund"


def test_i_is_the_speaker_and_we_the_organisation_the_speaker_speaks_for(analyze):
    a = analyze(FERRY)
    me = one(a, "I have not seen the quay", "Tomas Reyle")
    assert me.mention is not None and me.mention.text == "I" and me.role == "subject"
    assert "Seafarers' Union" in names(a, "We will not sail"), describe(a)


def test_role_nouns_stand_for_the_organisation_named_with_them(analyze):
    a = analyze(FERRY)
    found = names(a, "the company had broken its promise")
    assert found[:1] == ["Keldran Ferries"], found  # "the company": the article's company
    assert "Seafarers' Union" not in found  # the union speaks; the content does not name it


def test_plural_people_nouns_are_groups_and_a_generic_singular_is_pluralised(analyze):
    a = analyze(FERRY)
    assert "passengers" in names(a, "passengers would get refunds")
    found = names(a, "the deckhand was not needed")
    assert found == ["deckhands"], found  # a generic "the deckhand": the deckhands


def test_both_sides_are_the_two_parties_the_article_pairs(analyze):
    a = analyze(FERRY)
    found = names(a, "both sides had moved closer")
    assert sorted(found) == ["Keldran Ferries", "Seafarers' Union"], describe(a)
    assert {x.role for x in about(a, "both sides had moved closer")} == {"subject"}


def test_a_pronoun_in_the_content_is_its_entity(analyze):
    text = (
        "Judge Ruth Amsel sentenced the two smugglers to six years on Friday.\n"
        "The defence lawyer, Piet Darrow, said she had ignored the evidence of the customs officers.\n"
    )
    a = analyze(text)
    she = one(a, "she had ignored", "Ruth Amsel")
    assert she.mention is not None and she.mention.text == "she" and she.role == "subject"
    assert "Piet Darrow" not in names(a, "she had ignored")


def test_in_a_quotation_she_is_not_the_speaker(analyze):
    text = (
        "Nora Lindgren, a mechanic, was arrested in March.\n"
        "\"She has done nothing wrong,\" said her sister, Greta Holm, a teacher in the capital.\n"
    )
    a = analyze(text)
    assert names(a, "She has done nothing wrong") == ["Nora Lindgren"], describe(a)


def test_a_capital_acting_for_its_government_is_the_country_and_a_place_stays_a_place(analyze):
    text = (
        "Ukraine's foreign ministry said Moscow had broken the ceasefire twice in one week.\n"
        "A Turkish envoy said the talks in Moscow had ended without a date for the next round.\n"
    )
    a = analyze(text)
    acting = one(a, "Moscow had broken the ceasefire", "Russia")
    assert acting.mention is not None and acting.mention.text == "Moscow" and acting.role == "subject"
    assert "Moscow" in names(a, "the talks in Moscow"), describe(a)
    assert "Russia" not in names(a, "the talks in Moscow")


def test_the_government_and_ministers_are_the_countrys_government(analyze):
    text = (
        "Hospitals across Valdoria postponed routine surgery as junior doctors began a strike.\n"
        "The Valdorian Medical Council said the government had ignored its warnings for a year.\n"
        "Union leader Ines Morrow said ministers would not meet the doctors' demands.\n"
    )
    a = analyze(text)
    assert "Valdorian government" in names(a, "the government had ignored"), describe(a)
    assert "Valdorian government" in names(a, "ministers would not meet")
    assert "doctors" in names(a, "ministers would not meet")


def test_a_nationality_adjective_is_a_descriptor_unless_its_noun_acts_for_the_state(analyze):
    text = (
        "Valdoria and Ostrevia have argued over fishing rights since June.\n"
        "The coastguard said Ostrevian officials had refused to inspect the trawler.\n"
        "The coastguard said a Valdorian reporter had filmed the trawler.\n"
    )
    a = analyze(text)
    assert "Ostrevia" in names(a, "Ostrevian officials had refused"), describe(a)
    assert not {"Valdoria", "Valdorian"} & set(names(a, "a Valdorian reporter had filmed")), describe(a)


def test_roles_subject_object_and_other(analyze):
    text = (
        "Marta Solberg, the mayor of Eastholm, spoke after the council meeting.\n"
        "Solberg said Keldran Ferries had sued the World Bank over the fees charged in Lisbon.\n"
    )
    a = analyze(text)
    fragment = "Keldran Ferries had sued"
    assert one(a, fragment, "Keldran Ferries").role == "subject", describe(a)
    assert one(a, fragment, "World Bank").role == "object"
    assert one(a, fragment, "Lisbon").role == "other"


def test_each_entity_once_in_order_of_first_mention_with_offsets_inside_the_content(analyze):
    text = (
        "Keldran Ferries named a new chief executive, Anika Vesterlund, on Monday.\n"
        "The union said Vesterlund and Keldran Ferries had ignored the crews, and that Vesterlund had "
        "never met the crews of Keldran Ferries.\n"
    )
    a = analyze(text)
    st = find(a, "had ignored the crews")
    assert [x.name for x in st.about][:2] == ["Anika Vesterlund", "Keldran Ferries"], describe(a)
    assert len({x.entity for x in st.about}) == len(st.about)
    for analysis in (a, analyze(FERRY)):
        for statement in analysis.statements:
            for x in statement.about:
                assert x.mention is not None
                assert analysis.text[x.mention.start : x.mention.end] == x.mention.text
                assert statement.content.start <= x.mention.start < x.mention.end <= statement.content.end


def test_about_survives_the_json_record():
    st = Statement.from_dict(
        {
            "id": "s1",
            "kind": "indirect",
            "content": {"text": "Moscow lied", "start": 0, "end": 11},
            "cue": None,
            "about": [{"name": "Russia", "role": "subject", "entity": "e1",
                       "mention": {"text": "Moscow", "start": 0, "end": 6}}],
        }
    )
    assert st.about[0].name == "Russia" and st.to_dict()["about"][0]["role"] == "subject"


def test_the_table_shows_about_subject_first(analyze):
    a = analyze(FERRY)
    st = find(a, "both sides had moved closer")
    st.about.append(About(name="harbour", role="other"))
    st.about.insert(0, About(name="crews", role="object"))
    assert about_names(st).endswith("crews, harbour") and not about_names(st).startswith("crews")
    out = io.StringIO()
    render_table(a, out)
    assert "about" in out.getvalue() and "Vesterlund" in out.getvalue()


def test_word_lists_and_morphology():
    assert group_nouns()["guard"] == "guards" and group_nouns()["nurses"] == "nurses"
    assert group_nouns()["fishermen"] == "fishermen" and group_nouns()["fisherman"] == "fishermen"
    assert derives("Valdorian", "Valdoria") and derives("Chilean", "Chile")
    assert not derives("Valdorian", "Valmont") and not derives("Brian", "Britain")


def nested_reports(levels: int) -> str:
    """One sentence of nested reports: "Helen Smith ... said that Ruiz claimed that ..."."""
    names = ["Ruiz", "Lee", "Okafor", "Brandt", "Novak"]
    cues = ["said", "claimed", "insisted", "wrote"]
    parts = ["Helen Smith, a lawyer for the union, said that"]
    parts += [f"{names[i % len(names)]} {cues[i % len(cues)]} that" for i in range(levels)]
    return " ".join([*parts, "nobody had paid the nurses."])


def test_nested_reports_each_speak_of_every_name_inside_them(analyze):
    # Each content runs to the end of the sentence: the about lists come from the article's
    # one reading, and must still hold every name inside each content, the first as subject.
    a = analyze(nested_reports(12))
    assert len(a.statements) == 13, describe(a)
    for outer in a.statements:
        inner = [s for s in a.statements
                 if s.speaker.mention is not None and outer.content.start <= s.speaker.mention.start
                 and s.speaker.mention.end <= outer.content.end]
        found = {x.name for x in outer.about}
        assert {s.speaker.name for s in inner} <= found, (outer.content.text, found)
        first = min(inner, key=lambda s: s.content.start) if inner else None
        if first is not None:
            assert outer.about[0].name == first.speaker.name and outer.about[0].role == "subject"
        assert "nurses" in found
        assert len(found) == len(outer.about)  # one item per name


def test_only_the_innermost_of_nested_reports_is_negated(analyze):
    a = analyze(nested_reports(6))
    negated = [s.content.text for s in a.statements if s.negated]
    assert negated == ["nobody had paid the nurses"], describe(a)


def test_an_acronym_the_article_spells_out_is_the_entity_it_abbreviates(analyze):
    a = analyze("The Northern Liberation Front denied any part in the attack on Tuesday. A government "
                "spokesman, Piet Varga, said NLF fighters had fired the shells.")
    assert names(a, "NLF fighters had fired") == ["Northern Liberation Front"], describe(a)


def test_her_before_a_person_speaks_of_her_too(analyze):
    a = analyze("Mayor Clara Benning opened the new bridge on Monday. Her spokesman, Tom Reyes, said "
                "that her daughter had received threats.")
    assert names(a, "her daughter had received") == ["Clara Benning"], describe(a)


def test_a_definite_noun_heading_an_organisations_name_is_that_organisation(analyze):
    a = analyze("Staff at Lindqvist Memorial Hospital were told on Friday that the ward would close. "
                "A nurse, Ines Falk, said the hospital had ignored every warning about staffing.")
    assert names(a, "the hospital had ignored") == ["Lindqvist Memorial Hospital"], describe(a)


def test_a_title_or_honorific_before_a_name_leaves_the_name_found(analyze):
    a = analyze("Callum Dwyer was shot on Friday. A doctor, Ann Lee, said Mr Dwyer had five gunshot "
                "wounds.\nThe electoral commission said Governor Arturo Dalca has won a second term.")
    assert names(a, "Mr Dwyer had five") == ["Callum Dwyer"], describe(a)
    assert names(a, "Governor Arturo Dalca has won") == ["Arturo Dalca"], describe(a)


def test_a_plural_nationality_is_a_group_of_people_not_the_state(analyze):
    a = analyze("Senator Ruth Keller spoke in Ohio on Monday. She said Americans were tired of waiting "
                "for the bridge.")
    assert names(a, "Americans were tired") == ["Americans"], describe(a)


def test_me_after_an_order_is_a_turn_of_speech_and_i_is_the_speaker(analyze):
    a = analyze('"Let me be clear: the bridge will open in May," said Mayor Clara Benning.\n'
                '"I will cut the ribbon myself," Benning added.')
    assert "Clara Benning" not in names(a, "Let me be clear"), describe(a)
    assert "Clara Benning" in names(a, "I will cut the ribbon"), describe(a)
