"""A speaker is somebody; organisations speak through spokespeople; names, titles and
affiliations read right (issue 9, in-article parts). All texts are written for these tests."""

from __future__ import annotations

from helpers import describe, find

from claimgraph.model import Analysis, Entity
from claimgraph.speakers.check import check_speakers, speaker_reason
from claimgraph.speakers.people import people_reason


def speaker_entity(analysis: Analysis, fragment: str) -> Entity | None:
    return analysis.entity(find(analysis, fragment).speaker.entity)


# --------------------------------------------------------------------------- somebody


def test_a_common_noun_that_names_no_people_is_no_speaker(analyze):
    text = (
        "Doctors at the clinic treated more patients than ever last winter. "
        "The controversial comment said the hospital was failing its nurses. "
        "Brain cancer said nothing about the cuts, one surgeon joked."
    )
    a = analyze(text)
    st = find(a, "the hospital was failing its nurses")
    assert st.speaker.name is None and st.speaker.entity is None, describe(a)
    assert st.speaker.mention is not None and st.speaker.mention.text == "The controversial comment"


def test_a_document_speaks_for_its_named_author_or_for_nobody(analyze):
    text = (
        "The Harbour Trust published its annual accounts on Friday.\n"
        "A report by the Harbour Trust said dredging costs had doubled.\n"
        "The email said the meeting was cancelled.\n"
        "Mayor Elena Brandt's letter said the city would pay half."
    )
    a = analyze(text)
    assert find(a, "dredging costs had doubled").speaker.name == "Harbour Trust", describe(a)
    assert find(a, "the meeting was cancelled").speaker.name is None, describe(a)
    assert find(a, "the city would pay half").speaker.name == "Elena Brandt", describe(a)


def test_people_nouns_and_their_reasons():
    assert people_reason("officials") is not None
    assert "signalman" in (people_reason("signalman") or "")
    assert "verb 'renovate'" in (people_reason("renovators") or "")  # an agent noun
    for thing in ("cancer", "comment", "heat", "post", "award", "number", "letter", "debate"):
        assert people_reason(thing) is None, thing


def test_speaker_reason_flags_non_speakers():
    assert speaker_reason({"type": "PERSON", "name": "Mara Quist"}) == "person's name (PERSON entity)"
    assert speaker_reason({"type": "GROUP", "name": "Some harbour officials"}) is not None
    assert speaker_reason({"type": "GROUP", "name": "spokesman for Senator Keller"}) is not None
    assert speaker_reason({"type": "PERSON", "name": "Quist Says"}) is None  # a headline's verb
    assert speaker_reason({"type": "GROUP", "name": "brain cancer"}) is None
    assert speaker_reason({"type": "GROUP", "name": "2016 arbitration award"}) is None
    assert speaker_reason({"type": "ORG", "name": "Committee for a Fair Budget"}) is not None
    assert speaker_reason({"type": "PERSON", "name": "Juan de la Cruz"}) is not None


def test_every_speaker_of_an_article_has_a_reason(analyze):
    text = (
        "Quist Says Ferry Fares Will Rise\n"
        "Transport Minister Mara Quist said on Monday that ferry fares would rise by a tenth. "
        "Harbour officials said the new timetable would start in May. "
        "The 2016 arbitration award said the port owed the crews back pay. "
        "“We were not consulted,” said a spokeswoman for the Ferry Workers Union."
    )
    a = analyze(text)
    rows = check_speakers([a])
    assert rows and all(row.reason is not None for row in rows), [r.to_dict() for r in rows]
    names = {row.name for row in rows}
    assert "Quist Says" not in names and "2016 arbitration award" not in names, names


# --------------------------------------------------------------------------- spokespeople


def test_an_unnamed_spokeswoman_makes_her_organisation_the_speaker(analyze):
    text = (
        "Skyvale Airlines cancelled 40 flights on Tuesday. "
        "A Skyvale Airlines spokeswoman said the cancellations were caused by a shortage of pilots."
    )
    a = analyze(text)
    st = find(a, "the cancellations were caused")
    assert st.speaker.name == "Skyvale Airlines", describe(a)
    assert st.speaker.mention is not None and st.speaker.mention.text == "A Skyvale Airlines spokeswoman"


def test_company_officials_are_the_company_the_article_is_about(analyze):
    text = (
        "Orbel Motors recalled 12,000 vans after Orbel Motors found faulty brakes. "
        "Company officials said no accidents had been reported."
    )
    a = analyze(text)
    assert find(a, "no accidents had been reported").speaker.name == "Orbel Motors", describe(a)


def test_a_named_spokesperson_stays_the_person_with_the_organisation_as_affiliation(analyze):
    text = "Skyvale Airlines spokeswoman Petra Lund said the airline would refund every passenger."
    a = analyze(text)
    entity = speaker_entity(a, "the airline would refund every passenger")
    assert entity is not None and entity.name == "Petra Lund", describe(a)
    assert entity.affiliation == "Skyvale Airlines"
    assert "spokeswoman" in entity.titles


# --------------------------------------------------------------------------- names


def test_bill_and_hillary_never_merge_and_a_bare_surname_goes_to_the_last_full_name(analyze):
    text = (
        "Hillary Clinton spoke in Ohio on Monday.\n"
        "On Tuesday, Bill Clinton held a rally in Tampa for his wife's campaign. "
        "Clinton said the election would be decided by turnout."
    )
    a = analyze(text)
    people = [e for e in a.entities if e.type == "PERSON"]
    assert {"Hillary Clinton", "Bill Clinton"} <= {e.name for e in people}, describe(a)
    assert find(a, "the election would be decided by turnout").speaker.name == "Bill Clinton", describe(a)


def test_honorifics_middle_initials_and_case_are_no_part_of_names(analyze):
    text = (
        "DONALD TRUMP WINS STRAW POLL\n"
        "Donald J. Trump won the straw poll on Saturday. "
        "Mr. Trump said the result showed his support was growing. "
        "Donald Trump later said he would return to Iowa."
    )
    a = analyze(text)
    first = find(a, "the result showed his support was growing")
    second = find(a, "he would return to Iowa")
    assert first.speaker.entity == second.speaker.entity, describe(a)
    assert first.speaker.name == "Donald Trump", describe(a)


def test_particles_hyphens_and_initials_keep_working(analyze):
    text = (
        "Juan de la Cruz, the union's treasurer, said the strike fund was empty. "
        "De la Cruz said members would vote on Friday. "
        "Foreign Minister Sameh Al-Sisi said talks would resume. "
        "Author J.K. Morrow said her next book was finished."
    )
    a = analyze(text)
    assert find(a, "the strike fund was empty").speaker.name == "Juan de la Cruz", describe(a)
    assert find(a, "members would vote on Friday").speaker.name == "Juan de la Cruz", describe(a)
    assert find(a, "talks would resume").speaker.name == "Sameh Al-Sisi", describe(a)
    assert find(a, "her next book was finished").speaker.name == "J.K. Morrow", describe(a)


def test_a_title_or_epithet_the_model_runs_into_a_name_is_dropped(analyze):
    text = (
        "Harbour City Mayor Jennifer Okafor said the curfew would end on Sunday. "
        "Crooked Jennifer Okafor is lying, said a rival."
    )
    a = analyze(text)
    entity = speaker_entity(a, "the curfew would end on Sunday")
    assert entity is not None and entity.name == "Jennifer Okafor", describe(a)
    assert "mayor" in entity.titles


# --------------------------------------------------------------------------- titles


def test_titles_are_role_nouns_and_the_affiliation_an_organisation(analyze):
    text = (
        "Lena Ortiz, a retired signalman and one of the events' organisers, said the line "
        "was unsafe. Lena Ortiz of the Valley Rail Users' Group said passengers would protest."
    )
    a = analyze(text)
    entity = speaker_entity(a, "the line was unsafe")
    assert entity is not None, describe(a)
    assert all(t.isalpha() and t != "events" for t in entity.titles), entity.titles
    assert entity.affiliation != entity.name


def test_the_retired_signalman_is_the_person_the_article_described_so(analyze):
    text = (
        "Bill Harwood, a retired signalman, has used the valley line for fifty years. "
        "“Without guards the trains are not safe,” the retired signalman said."
    )
    a = analyze(text)
    assert find(a, "Without guards the trains are not safe").speaker.name == "Bill Harwood", describe(a)


def test_a_relative_pronoun_is_a_mention_of_the_speaker(analyze):
    text = "The plan was drawn up by Mara Quist, who said it would cut waiting times by half."
    a = analyze(text)
    st = find(a, "it would cut waiting times by half")
    entity = a.entity(st.speaker.entity)
    assert entity is not None and entity.name == "Mara Quist", describe(a)
    who = text.index("who")
    assert any(m.start == who and m.text == "who" for m in entity.mentions), entity.mentions
