"""House styles seen in real news copy: British marks, transcripts, bylines, asides."""

from __future__ import annotations

from helpers import assert_offsets, check, describe, find


def test_british_single_marks_beside_double_scare_quotes(analyze):
    text = (
        "The transport minister, Alan Brooke, defended the rail budget on Monday.\n"
        "‘This is the biggest upgrade since the 1960s,’ Mr Brooke told MPs. "
        "‘Nobody can say we have not invested.’\n"
        'Union leaders said the money would "barely cover" the repairs already due.'
    )
    a = analyze(text)
    check(a, "This is the biggest upgrade since the 1960s,", "direct", cue="told", speaker="Alan Brooke")
    check(a, "Nobody can say we have not invested.", "direct", cue=None, speaker="Alan Brooke")
    mixed = check(a, 'the money would "barely cover" the repairs already due', "mixed", cue="said")
    assert mixed.speaker.name and "union" in mixed.speaker.name.lower()
    # The verb inside the quotation is the speaker's own, not a statement of its own.
    assert not [s for s in a.statements if s.content.text.startswith("we have not")], describe(a)
    assert_offsets(a)


def test_question_put_to_the_speaker_is_not_his_statement(analyze):
    text = (
        "Asked whether she would resign, the chief executive, Dana Whitfield, replied: "
        "‘I have a job to finish.’"
    )
    a = analyze(text)
    check(a, "I have a job to finish.", "direct", cue="replied", speaker="Dana Whitfield")
    assert not [s for s in a.statements if "resign" in s.content.text], describe(a)


def test_cue_as_an_aside_inside_the_sentence(analyze):
    text = (
        "Farmers in the valley have waited months for the water permits. "
        "The delays, the regional governor said, are the fault of the national ministry."
    )
    a = analyze(text)
    # One statement per content fragment, as the spec splits a quote around its cue: the
    # content is the reported words, never the aside that names the speaker.
    for fragment in ("The delays", "are the fault of the national ministry"):
        st = check(a, fragment, "indirect", cue="said")
        assert st.speaker.mention is not None and st.speaker.mention.text == "the regional governor"


def test_coordinated_reports_are_statements_of_their_own(analyze):
    text = (
        "The harbour master said that the port would reopen on Friday and that two cranes "
        "were lost. Mayor Ines Duarte said the ferries would run again and warned against "
        "travelling before noon."
    )
    a = analyze(text)
    check(a, "the port would reopen on Friday", "indirect", cue="said")
    check(a, "two cranes were lost", "indirect", cue="said")
    check(a, "the ferries would run again", "indirect", cue="said", speaker="Ines Duarte")
    check(a, "travelling before noon", "indirect", cue="warned against", speaker="Ines Duarte")


def test_dash_byline_after_a_quote(analyze):
    text = (
        "Readers wrote in about the new bus timetable.\n"
        "“The early service is gone and nobody asked the people who use it.”― Marta Kowalski\n"
        "“I now wait forty minutes in the cold every morning.”― Joseph Adeyemi"
    )
    a = analyze(text)
    check(
        a,
        "The early service is gone and nobody asked the people who use it.",
        "direct",
        speaker="Marta Kowalski",
    )
    check(a, "I now wait forty minutes in the cold every morning.", "direct", speaker="Joseph Adeyemi")


def test_transcript_labels_name_the_speaker(analyze):
    text = (
        "Partial transcript of the interview follows.\n"
        "HARPER: Will the council raise taxes next year?\n"
        "MENDOZA: We have no plans to raise taxes, and I will say that as often as needed."
    )
    a = analyze(text)
    check(a, "Will the council raise taxes next year?", "indirect", cue=":", speaker="HARPER")
    st = check(
        a,
        "We have no plans to raise taxes, and I will say that as often as needed.",
        "indirect",
        cue=":",
        speaker="MENDOZA",
    )
    assert st.speaker.mention is not None and st.speaker.mention.text == "MENDOZA"


def test_doubled_apostrophes_as_quotation_marks(analyze):
    text = "''We are not going anywhere,'' said Ruth Castellano, who has run the bakery since 1988."
    a = analyze(text)
    check(a, "We are not going anywhere,", "direct", cue="said", speaker="Ruth Castellano")


def test_dateline_is_not_the_speaker_and_participle_speaks_for_the_subject(analyze):
    text = (
        "WASHINGTON (AP) — The White House said Thursday it would veto a Senate bill that would "
        'cap drug prices, calling the measure "a gift to foreign manufacturers."'
    )
    a = analyze(text)
    said = check(a, "it would veto a Senate bill that would cap drug prices", "indirect", cue="said")
    calling = check(a, 'the measure "a gift to foreign manufacturers."', "mixed", cue="calling")
    assert said.speaker.name == calling.speaker.name == "White House", describe(a)


def test_speaker_after_a_quote_with_a_colon_inside(analyze):
    text = (
        "The state attorney general has opened an inquiry into the fire.\n"
        "“I will make this promise to you: we will find out what happened,” Harbor City fire "
        "Chief Nora Lindqvist said Monday."
    )
    a = analyze(text)
    check(
        a,
        "I will make this promise to you: we will find out what happened,",
        "direct",
        cue="said",
        speaker="Nora Lindqvist",
    )


def test_cue_paragraph_ending_in_a_colon_introduces_the_next_paragraph(analyze):
    text = (
        "The governor was asked about the flood defences on Friday.\n\n"
        "She said:\n\n"
        "“We were warned for ten years and did nothing, and that ends today.”"
    )
    a = analyze(text)
    st = check(
        a,
        "We were warned for ten years and did nothing, and that ends today.",
        "direct",
        cue="said",
    )
    assert st.speaker.mention is not None and st.speaker.mention.text == "She"


def test_reporting_noun_with_its_source_and_clause(analyze):
    text = (
        "The border guard service rejected Moscow's allegation that its patrol boats had "
        "entered Finnish waters."
    )
    a = analyze(text)
    # Moscow asserts the allegation; the border guard service disputes the same proposition.
    found = {
        (st.cue.text if st.cue else None, st.speaker.name)
        for st in a.statements
        if st.content.text == "its patrol boats had entered Finnish waters"
    }
    assert found == {("allegation", "Moscow"), ("rejected", "border guard service")}, describe(a)


def test_passive_subject_speaks_through_the_participle(analyze):
    text = "Harbour master Ines Carvalho was quoted as saying that the port would stay closed until Friday."
    a = analyze(text)
    check(
        a,
        "the port would stay closed until Friday",
        "indirect",
        cue="saying",
        speaker="Ines Carvalho",
    )


def test_quotation_ending_a_reported_clause_makes_it_mixed(analyze):
    text = (
        "Campaign spokesman Jordan Ellis said Friday that if his candidate won in November, "
        "“she would sign the bill the day it reached her desk.”"
    )
    a = analyze(text)
    st = find(a, "she would sign the bill")
    assert st.kind == "mixed", describe(a)
    assert st.content.text.startswith("if his candidate won in November"), describe(a)
    assert st.speaker.name == "Jordan Ellis"


def test_anonymous_sources_said_and_the_anonymity_formula_is_no_statement(analyze):
    text = (
        "Diplomats briefed on the talks, who asked not to be named because they were not "
        "authorised to speak publicly, said a deal was still possible before the summer."
    )
    a = analyze(text)
    st = check(a, "a deal was still possible before the summer", "indirect", cue="said")
    assert st.speaker.name == "Diplomats", describe(a)
    assert not [s for s in a.statements if "named" in s.content.text], describe(a)


def test_cue_preposition_brings_content_for_clause_verbs(analyze):
    text = (
        "The National Federation of Builders said in a statement that the plan was welcome but "
        "unfunded, and warned of a shortage of bricklayers."
    )
    a = analyze(text)
    st = check(a, "a shortage of bricklayers", "indirect", cue="warned of")
    assert st.speaker.name == "National Federation of Builders", describe(a)


def test_a_cue_between_commas_splits_the_sentence_into_two_fragments(analyze):
    text = (
        "To grasp the scale of the flood, Chief Engineer Tilda Brandt said, one should walk "
        "along the old harbour wall."
    )
    a = analyze(text)
    for fragment in ("To grasp the scale of the flood", "one should walk along the old harbour wall"):
        check(a, fragment, "indirect", cue="said", speaker="Tilda Brandt")


def test_a_nested_report_keeps_both_speakers(analyze):
    # The inner statement (the guard's words) lies inside the outer one's content, cue and
    # speaker included: the outer source is the speaker of the report.
    text = 'A guard shouted "Gun!" and pushed the senator to the floor, according to the Capitol Police.'
    a = analyze(text)
    inner = check(a, "Gun!", "direct", cue="shouted", speaker="guard")
    outer = check(
        a,
        'A guard shouted "Gun!" and pushed the senator to the floor',
        "mixed",
        cue="according to",
        speaker="Capitol Police",
    )
    assert outer.content.start <= inner.cue.start and inner.content.end <= outer.content.end  # type: ignore[union-attr]


def test_a_cue_after_two_joined_clauses_reports_both(analyze):
    text = "The mayor had asked for more buses, but the council refused the request, an aide added."
    a = analyze(text)
    check(
        a,
        "The mayor had asked for more buses, but the council refused the request",
        "indirect",
        cue="added",
        speaker="aide",
    )


def test_a_quoted_title_is_no_statement(analyze):
    text = (
        "Her new documentary, “Rivers of Salt and Stone,” opens on Friday.\n"
        "“We filmed for three winters,” the director said."
    )
    a = analyze(text)
    assert not [s for s in a.statements if "Rivers of Salt" in s.content.text], describe(a)
    check(a, "We filmed for three winters,", "direct", cue="said")


def test_calling_someone_on_the_phone_is_no_statement(analyze):
    a = analyze("Governor Tom Alvarez called Rosa Ibarra on Friday. Alvarez called the plan a disaster.")
    assert not [s for s in a.statements if "Rosa Ibarra" in s.content.text], describe(a)
    check(a, "the plan a disaster", "indirect", cue="called", speaker="Tom Alvarez")


def test_a_quotation_inside_a_reported_clause_is_part_of_a_mixed_statement(analyze):
    text = (
        "“We will appeal,” the mayor's office said on Monday.\n"
        "Spokeswoman Ana Ruiz said in an email that, “of course the mayor will defend himself” "
        "against what the office calls a smear campaign."
    )
    a = analyze(text)
    st = find(a, "of course the mayor will defend himself")
    assert st.kind == "mixed" and st.cue is not None and st.cue.text == "said", describe(a)
    assert st.speaker.name == "Ana Ruiz", describe(a)


def test_telling_someone_to_do_something_is_a_statement(analyze):
    a = analyze("Coach Mira Lind told her players to stay calm. The team continued to train.")
    check(a, "her players to stay calm", "indirect", cue="told", speaker="Mira Lind")
    assert not [s for s in a.statements if "to train" in s.content.text], describe(a)


def test_words_after_a_parenthetical_cue_are_reported_too(analyze):
    # "A, X said, B": the sentence goes on after the aside, and the cue reports both parts.
    text = "The old mill was the town's biggest employer, Mayor Rhea Collins said, until it closed in 1987."
    a = analyze(text)
    for fragment in ("The old mill was the town's biggest employer", "until it closed in 1987"):
        check(a, fragment, "indirect", cue="said", speaker="Rhea Collins")


def test_a_participle_after_a_parenthetical_cue_reports_its_own_words(analyze):
    text = "The pier was unsafe, the inspector said, adding that repairs would take a year."
    a = analyze(text)
    check(a, "The pier was unsafe", "indirect", cue="said")
    check(a, "repairs would take a year", "indirect", cue="adding")
    assert not [s for s in a.statements if s.content.text.startswith("adding")], describe(a)


def test_what_a_speaker_cites_is_a_statement_but_not_a_source_or_a_pointer_back(analyze):
    text = (
        "Senator Vera Lund cited a survey of dairy farmers in three counties. "
        "The agency cut its forecast, citing sources familiar with the talks. "
        "The unions rejected the plan on Monday. The drivers walked out, citing the same concerns."
    )
    a = analyze(text)
    check(a, "a survey of dairy farmers in three counties", "indirect", cue="cited", speaker="Vera Lund")
    assert not [s for s in a.statements if s.content.text.startswith("sources")], describe(a)
    assert not [s for s in a.statements if "same concerns" in s.content.text], describe(a)


def test_encouraging_and_comparing_are_reports(analyze):
    text = (
        "Governor Ada Munro encouraged voters to bring their own pens. "
        "Professor Lin Okafor compared the new budget to a leaking bucket. "
        "Sales rose 4 percent compared to last year."
    )
    a = analyze(text)
    check(a, "voters to bring their own pens", "indirect", cue="encouraged", speaker="Ada Munro")
    check(a, "the new budget to a leaking bucket", "indirect", cue="compared", speaker="Lin Okafor")
    assert not [s for s in a.statements if "last year" in s.content.text], describe(a)


def test_a_reported_clause_the_parser_took_for_an_adverbial_one(analyze):
    # "said after the meeting he would ...": no "that", and a time phrase between the cue
    # and the clause; the small parser hangs the clause on the verb as an adverbial clause.
    text = "Mayor Tom Reyes said after the council meeting he would not sign the budget if it passed."
    a = analyze(text)
    st = find(a, "he would not sign the budget")
    assert st.cue is not None and st.cue.text == "said" and st.speaker.name == "Tom Reyes", describe(a)
    assert "council meeting" not in st.content.text, describe(a)


def test_more_verbs_of_speech_from_political_news(analyze):
    text = (
        "Senator Ida Moss railed against the new fees for river permits. "
        "Councillor Paul Tan derided the deal as a giveaway to developers. "
        "The governor painted her rival as a friend of the polluters. "
        "Judge Amos Reed chastised the lawyers for their late filings."
    )
    a = analyze(text)
    check(a, "the new fees for river permits", "indirect", cue="railed against", speaker="Ida Moss")
    check(a, "the deal as a giveaway to developers", "indirect", cue="derided", speaker="Paul Tan")
    check(a, "her rival as a friend of the polluters", "indirect", cue="painted")
    check(a, "the lawyers for their late filings", "indirect", cue="chastised", speaker="Amos Reed")


def test_painting_without_an_as_complement_is_no_statement(analyze):
    a = analyze("Volunteers painted the school fence on Saturday, the organisers said.")
    assert not [s for s in a.statements if s.cue is not None and s.cue.lemma == "paint"], describe(a)


def test_a_paragraph_introduced_by_a_cue_and_a_colon_is_the_speakers_words(analyze):
    # A block quotation whose marks the text lost: the cue paragraph ends in a colon.
    text = (
        "Governor Nina Platt spoke on a radio show on Friday.\n\n"
        "The governor added:\n\n"
        "It is typical of the council. They know nothing about the harbour and they never listen.\n\n"
        "The council did not reply."
    )
    a = analyze(text)
    st = find(a, "They know nothing about the harbour")
    assert st.content.text.startswith("It is typical") and st.cue is not None and st.cue.text == "added"
    assert st.speaker.name == "Nina Platt", describe(a)
    assert not [s for s in a.statements if "did not reply" in s.content.text], describe(a)


def test_an_as_aside_reports_the_clause_it_sits_in(analyze):
    text = (
        "As several engineers have pointed out, the bridge was never designed for lorries. "
        "As Mayor Lena Ortiz put it in a speech on Monday, the city cannot wait another decade."
    )
    a = analyze(text)
    check(a, "the bridge was never designed for lorries", "indirect", cue="pointed out")
    check(a, "the city cannot wait another decade", "indirect", cue="put", speaker="Lena Ortiz")


def test_an_as_clause_that_tells_when_is_no_report_of_its_clause(analyze):
    text = (
        "The crowd cheered as the mayor spoke. "
        "The hall fell silent as Senator Ruth Bauer called for a new inquiry. "
        "Workers put the fence up as the rain started."
    )
    a = analyze(text)
    assert not [s for s in a.statements if "crowd" in s.content.text or "hall" in s.content.text], describe(a)
    assert not [s for s in a.statements if s.cue is not None and s.cue.lemma == "put"], describe(a)
    check(a, "a new inquiry", "indirect", cue="called for", speaker="Ruth Bauer")


def test_encouraging_is_a_report_only_when_somebody_encourages(analyze):
    text = (
        "The new tax break encourages investors to hold their shares longer. "
        "The union encouraged its members to vote early."
    )
    a = analyze(text)
    assert not [s for s in a.statements if "investors" in s.content.text], describe(a)
    check(a, "its members to vote early", "indirect", cue="encouraged")
