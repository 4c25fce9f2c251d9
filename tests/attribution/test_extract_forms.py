"""Statement forms: direct, indirect and mixed, and things that are not statements.

Expected contents follow ../shared/spec/gold-format.md: direct content excludes the
quotation marks but keeps punctuation inside them; indirect content excludes a
leading "that" and the sentence's final period. All texts are written for these tests.
"""

from __future__ import annotations

from helpers import assert_offsets, check, describe, find

# --------------------------------------------------------------------------- direct quotes


def test_direct_straight_quotes_speaker_after(analyze):
    text = (
        "ABUJA, March 4 - Nigeria's government said on Tuesday it would clear arrears owed "
        "to state pension funds by the end of the quarter.\n\n"
        '"We will not accept any further delay in these payments," Finance Minister '
        "Daniel Okafor told reporters in Abuja."
    )
    a = analyze(text)
    check(
        a,
        "We will not accept any further delay in these payments,",
        "direct",
        cue="told",
        speaker="Daniel Okafor",
    )
    assert_offsets(a)


def test_direct_curly_quotes_said_before_name(analyze):
    text = (
        "“The border crossings will reopen once the inspections are complete,” said "
        "Maria Lindqvist, a spokeswoman for the Swedish customs agency. Lorries have been "
        "queuing for up to 30 hours on the approach roads."
    )
    a = analyze(text)
    check(
        a,
        "The border crossings will reopen once the inspections are complete,",
        "direct",
        cue="said",
        speaker="Maria Lindqvist",
    )


def test_direct_british_single_quotes_with_apostrophe_inside(analyze):
    text = (
        "Plans for the new wing at St Mary’s hospital have been shelved.\n\n"
        "‘We’ve been left with no money for the hospital wing and nobody in Whitehall "
        "will tell us why,’ council leader Sarah Pembroke said."
    )
    a = analyze(text)
    check(
        a,
        "We’ve been left with no money for the hospital wing and nobody in Whitehall will tell us why,",
        "direct",
        cue="said",
        speaker="Sarah Pembroke",
    )


def test_direct_guillemets(analyze):
    text = (
        "The French contingent in the Sahel will not be withdrawn this year. «Our soldiers "
        "will stay as long as they are needed», Defence Minister Pierre Lambert said on "
        "Friday during a visit to the base."
    )
    a = analyze(text)
    check(
        a,
        "Our soldiers will stay as long as they are needed",
        "direct",
        cue="said",
        speaker="Pierre Lambert",
    )


def test_direct_speaker_before_with_colon(analyze):
    text = (
        "Health Secretary Priya Raman said: “The waiting lists are falling for the first "
        "time in a decade, and that is down to the nurses and doctors who stayed.”"
    )
    a = analyze(text)
    check(
        a,
        "The waiting lists are falling for the first time in a decade, and that is down to "
        "the nurses and doctors who stayed.",
        "direct",
        cue="said",
        speaker="Priya Raman",
    )


def test_direct_colon_introduced_without_verb(analyze):
    text = (
        "The budget was presented to parliament on Wednesday. The reaction from opposition "
        "leader Mark Ellison was swift: “This budget punishes working families and rewards "
        "the few.”"
    )
    a = analyze(text)
    check(
        a,
        "This budget punishes working families and rewards the few.",
        "direct",
        speaker="Mark Ellison",
    )


def test_direct_split_quote_is_two_statements(analyze):
    text = (
        "Union negotiator Carlos Medina emerged from the talks shortly after midnight.\n\n"
        "“We are close to a deal,” he said, “but there are still two issues on the table.”"
    )
    a = analyze(text)
    first = check(a, "We are close to a deal,", "direct", cue="said", speaker="Carlos Medina")
    second = check(
        a,
        "but there are still two issues on the table.",
        "direct",
        cue="said",
        speaker="Carlos Medina",
    )
    assert first.content.end < second.content.start
    assert_offsets(a)


def test_direct_multi_paragraph_quote_one_statement_per_paragraph(analyze):
    text = (
        "Helen Carver, the retired judge who chaired the inquiry, said in her closing "
        "remarks: “When we started, we were promised two years and full access to the "
        "archives.\n\n"
        "“Within six months, half of the files had been withdrawn and the deadline had been "
        "cut.\n\n"
        "“That is not how an independent inquiry works.”\n\n"
        "The government has said it will respond to the report in the autumn."
    )
    a = analyze(text)
    paragraphs = [
        "When we started, we were promised two years and full access to the archives.",
        "Within six months, half of the files had been withdrawn and the deadline had been cut.",
        "That is not how an independent inquiry works.",
    ]
    for content in paragraphs:
        check(a, content, "direct", speaker="Helen Carver")
    check(a, paragraphs[0], "direct", cue="said")
    assert_offsets(a)


def test_quote_paragraph_without_cue_belongs_to_previous_speaker(analyze):
    text = (
        "“Prices at the pump will keep rising until the refinery is back online,” said Omar "
        "Haddad, an energy analyst at Gulf Research Partners in Dubai.\n\n"
        "“There is simply no spare capacity in the region this winter.”"
    )
    a = analyze(text)
    check(
        a,
        "Prices at the pump will keep rising until the refinery is back online,",
        "direct",
        cue="said",
        speaker="Omar Haddad",
    )
    check(
        a,
        "There is simply no spare capacity in the region this winter.",
        "direct",
        cue=None,
        speaker="Omar Haddad",
    )


def test_unbalanced_quote_marks_do_not_crash(analyze):
    texts = [
        "“The vote was rigged, opposition leader Ana Morales said on Sunday. She offered no "
        "evidence for the claim.",
        "Officials said the count was accurate.” Turnout was 61 percent, the commission said.",
        "«Nous resterons, said the commander of the garrison, Jean Dupont, before leaving.",
        "He said: ‘We’ll see. ’’ “ ” ” And then nothing more was heard from the camp.",
    ]
    for text in texts:
        a = analyze(text)
        assert a.text == text
        assert_offsets(a)
        for st in a.statements:
            assert st.kind in ("direct", "indirect", "mixed")


# --------------------------------------------------------------------------- indirect speech


def test_indirect_said_that(analyze):
    text = (
        "Interior Minister Stefan Novak said that the border with Hungary would remain "
        "closed until further notice."
    )
    a = analyze(text)
    check(
        a,
        "the border with Hungary would remain closed until further notice",
        "indirect",
        cue="said",
        speaker="Stefan Novak",
    )
    assert_offsets(a)


def test_indirect_said_without_that(analyze):
    text = (
        "Police said two men had been arrested near the stadium on Saturday night after "
        "fans clashed outside the main gate."
    )
    a = analyze(text)
    st = check(
        a,
        "two men had been arrested near the stadium on Saturday night after fans clashed "
        "outside the main gate",
        "indirect",
        cue="said",
    )
    assert st.speaker.name is not None and st.speaker.name.lower() == "police"


def test_indirect_told(analyze):
    text = (
        "Rebecca Thompson, the company’s chief financial officer, told analysts on a "
        "conference call that margins would recover in the second half of the year."
    )
    a = analyze(text)
    check(
        a,
        "margins would recover in the second half of the year",
        "indirect",
        cue="told",
        speaker="Rebecca Thompson",
    )


def test_indirect_claimed(analyze):
    text = (
        "Rebel commander Yusuf Adeyemi claimed his fighters had shot down a government "
        "helicopter near the town of Kafr Nabl."
    )
    a = analyze(text)
    check(
        a,
        "his fighters had shot down a government helicopter near the town of Kafr Nabl",
        "indirect",
        cue="claimed",
        speaker="Yusuf Adeyemi",
    )


def test_indirect_argue_with_group_speaker(analyze):
    text = (
        "The bill passed its second reading by 312 votes to 190. Critics argue that the new "
        "law gives the security services sweeping powers with little oversight."
    )
    a = analyze(text)
    check(
        a,
        "the new law gives the security services sweeping powers with little oversight",
        "indirect",
        cue="argue",
        speaker="Critics",
    )


def test_indirect_insisted(analyze):
    text = (
        "Despite three straight defeats, coach Marco Bellini insisted his team could still "
        "qualify for the knockout stage."
    )
    a = analyze(text)
    check(
        a,
        "his team could still qualify for the knockout stage",
        "indirect",
        cue="insisted",
        speaker="Marco Bellini",
    )


def test_indirect_denied(analyze):
    text = (
        "Northwind Telecom restored service to most of its customers on Monday. The company "
        "denied that any customer data had been compromised in the attack."
    )
    a = analyze(text)
    check(
        a,
        "any customer data had been compromised in the attack",
        "indirect",
        cue="denied",
        speaker="Northwind Telecom",
    )


def test_indirect_warned(analyze):
    text = (
        "The World Health Organization warned that the outbreak could spread to neighbouring "
        "countries within weeks."
    )
    a = analyze(text)
    check(
        a,
        "the outbreak could spread to neighbouring countries within weeks",
        "indirect",
        cue="warned",
        speaker="World Health Organization",
    )


def test_indirect_urged(analyze):
    text = (
        "Fighting around the city intensified overnight. Aid agencies urged both sides to "
        "open a humanitarian corridor before the onset of winter."
    )
    a = analyze(text)
    check(
        a,
        "both sides to open a humanitarian corridor before the onset of winter",
        "indirect",
        cue="urged",
        speaker="Aid agencies",
    )


def test_indirect_described_as(analyze):
    text = (
        "Foreign Minister Elena Petrova described the new sanctions as an act of economic "
        "warfare against her country."
    )
    a = analyze(text)
    check(
        a,
        "the new sanctions as an act of economic warfare against her country",
        "indirect",
        cue="described",
        speaker="Elena Petrova",
    )


def test_indirect_accused(analyze):
    text = "Opposition leader Grace Mwangi accused the government of rigging the tender for the new airport."
    a = analyze(text)
    check(
        a,
        "the government of rigging the tender for the new airport",
        "indirect",
        cue="accused",
        speaker="Grace Mwangi",
    )


def test_indirect_added(analyze):
    text = (
        "Swiss mediator Andreas Keller said the two delegations had met for six hours on "
        "Thursday. He added that the talks would resume in Geneva next month."
    )
    a = analyze(text)
    check(
        a,
        "the talks would resume in Geneva next month",
        "indirect",
        cue="added",
        speaker="Andreas Keller",
    )


def test_indirect_noted(analyze):
    text = (
        "The Bank of Ghana left its main rate unchanged at 27 percent. The central bank "
        "noted that inflation had slowed for a third consecutive month."
    )
    a = analyze(text)
    st = check(
        a,
        "inflation had slowed for a third consecutive month",
        "indirect",
        cue="noted",
    )
    assert st.speaker.mention is not None
    assert st.speaker.mention.text == "The central bank"


def test_indirect_wrote(analyze):
    text = (
        "Laura Bennett, the chief executive, wrote in a letter to shareholders that the "
        "company would not sell its European division."
    )
    a = analyze(text)
    check(
        a,
        "the company would not sell its European division",
        "indirect",
        cue="wrote",
        speaker="Laura Bennett",
    )


def test_indirect_posted(analyze):
    text = "Senator James Whitaker posted on Facebook that he would vote against the spending bill."
    a = analyze(text)
    check(
        a,
        "he would vote against the spending bill",
        "indirect",
        cue="posted",
        speaker="James Whitaker",
    )


def test_indirect_tweeted_name_with_apostrophe(analyze):
    text = (
        "Mayor Kevin O’Brien tweeted that all schools in the city would be closed on Monday "
        "because of the storm."
    )
    a = analyze(text)
    check(
        a,
        "all schools in the city would be closed on Monday because of the storm",
        "indirect",
        cue="tweeted",
        speaker="Kevin O’Brien",
    )


def test_indirect_according_to(analyze):
    text = (
        "According to Defence Ministry spokesman Viktor Hale, the drills will involve more "
        "than 3,000 troops and 40 warships."
    )
    a = analyze(text)
    check(
        a,
        "the drills will involve more than 3,000 troops and 40 warships",
        "indirect",
        cue="According to",
        speaker="Viktor Hale",
    )


def test_indirect_said_in_a_statement(analyze):
    text = (
        "Harbor Energy said in a statement it expected production at the platform to "
        "resume by the end of the week."
    )
    a = analyze(text)
    st = check(
        a,
        "it expected production at the platform to resume by the end of the week",
        "indirect",
        speaker="Harbor Energy",
    )
    assert st.cue is not None and st.cue.text.startswith("said")


# --------------------------------------------------------------------------- mixed


def test_mixed_reported_speech_with_quoted_fragment(analyze):
    text = (
        "Agriculture Minister Tomasz Wolski said the import ban was “a temporary measure to "
        "protect our farmers” and would be reviewed in the spring."
    )
    a = analyze(text)
    check(
        a,
        "the import ban was “a temporary measure to protect our farmers” and would be reviewed in the spring",
        "mixed",
        cue="said",
        speaker="Tomasz Wolski",
    )
    # the fragment is part of the mixed statement, not a direct quote of its own
    assert not any(s.content.text == "a temporary measure to protect our farmers" for s in a.statements), (
        describe(a)
    )


def test_mixed_tweeted_with_quoted_label(analyze):
    text = (
        "Governor Rachel Dunn tweeted that the audit was “a partisan hit job” and said she "
        "would release her own figures."
    )
    a = analyze(text)
    st = find(a, "the audit was “a partisan hit job”")
    assert st.kind == "mixed", describe(a)
    assert st.cue is not None and st.cue.text == "tweeted"
    assert st.speaker.name == "Rachel Dunn"


# --------------------------------------------------------------------------- not statements


def test_scare_quotes_are_not_a_statement(analyze):
    text = (
        "The so-called “peace plan” was unveiled in Washington on Thursday to a mixed "
        "reception from European capitals."
    )
    a = analyze(text)
    assert a.statements == [], describe(a)


def test_film_title_is_not_a_statement(analyze):
    text = "The film “Silent Harbour” won the top prize at the festival in Venice on Saturday."
    a = analyze(text)
    assert a.statements == [], describe(a)


def test_operation_name_is_not_a_statement(analyze):
    text = (
        "Troops taking part in Operation “Northern Shield” crossed the river at dawn and "
        "secured two villages on the far bank."
    )
    a = analyze(text)
    assert a.statements == [], describe(a)


def test_said_as_adjective_is_not_a_cue(analyze):
    text = (
        "Under the said agreement, both companies will share the cost of the pipeline and "
        "its maintenance for 25 years."
    )
    a = analyze(text)
    assert a.statements == [], describe(a)


def test_title_inside_a_real_statement_is_not_a_statement_of_its_own(analyze):
    text = "Director Sofia Marchetti said the film “Silent Harbour” had taken her nine years to finish."
    a = analyze(text)
    st = find(a, "had taken her nine years to finish")
    assert st.content.text == "the film “Silent Harbour” had taken her nine years to finish"
    assert st.kind in ("indirect", "mixed")  # the spec derives kind from quotation marks
    assert st.speaker.name == "Sofia Marchetti", describe(a)
    assert not any(s.content.text == "Silent Harbour" for s in a.statements), describe(a)


# --------------------------------------------------------------------------- more wire-copy forms


def test_indirect_according_to_after_the_content(analyze):
    text = (
        "The drills will involve more than 3,000 troops and 40 warships, according to the "
        "Defence Ministry in Athens."
    )
    a = analyze(text)
    st = check(
        a,
        "The drills will involve more than 3,000 troops and 40 warships",
        "indirect",
        cue="according to",
    )
    assert st.speaker.name is not None and "Defence Ministry" in st.speaker.name, describe(a)


def test_indirect_said_with_time_and_place_before_that(analyze):
    text = (
        "President Amara Diallo said late on Tuesday in a televised address from the capital "
        "that elections would be held in November as planned."
    )
    a = analyze(text)
    check(
        a,
        "elections would be held in November as planned",
        "indirect",
        cue="said",
        speaker="Amara Diallo",
    )


def test_direct_anonymous_official_as_speaker(analyze):
    text = (
        "“Nobody in this building wants a trade war,” a senior European Commission official "
        "said on condition of anonymity."
    )
    a = analyze(text)
    st = check(a, "Nobody in this building wants a trade war,", "direct", cue="said")
    assert st.speaker.mention is not None and "official" in st.speaker.mention.text, describe(a)


def test_mixed_called_with_quoted_label(analyze):
    text = "Republican senator Thomas Reed called the proposal “dead on arrival” in a statement on Thursday."
    a = analyze(text)
    st = find(a, "“dead on arrival”")
    assert st.kind == "mixed", describe(a)
    assert st.content.text.startswith("the proposal “dead on arrival”"), describe(a)
    assert st.cue is not None and st.cue.text == "called", describe(a)
    assert st.speaker.name == "Thomas Reed", describe(a)


def test_nested_quote_stays_inside_the_outer_quote(analyze):
    text = (
        "“He looked me in the eye and said, ‘We will not leave this valley,’ and I believed "
        "him,” said Fatima Rahimi, a nurse who worked at the clinic until last spring."
    )
    a = analyze(text)
    check(
        a,
        "He looked me in the eye and said, ‘We will not leave this valley,’ and I believed him,",
        "direct",
        cue="said",
        speaker="Fatima Rahimi",
    )
    assert_offsets(a)


def test_dateline_and_quote_with_role_after_said(analyze):
    text = (
        "LISBON (Reuters) — Portugal will not seek a second bailout, the finance minister said "
        "on Wednesday.\n\n"
        "“The numbers are better than anyone expected a year ago,” said the minister, Paulo "
        "Reis, at a news conference in Lisbon."
    )
    a = analyze(text)
    check(
        a,
        "The numbers are better than anyone expected a year ago,",
        "direct",
        cue="said",
        speaker="Paulo Reis",
    )
    st = find(a, "Portugal will not seek a second bailout")
    assert st.kind == "indirect"
    assert st.content.text == "Portugal will not seek a second bailout", describe(a)
    assert st.cue is not None and st.cue.text == "said"


def test_indirect_present_tense_say_plural_speaker(analyze):
    text = (
        "Oil prices jumped 4 percent on Monday. Analysts say the rally is unlikely to last "
        "once the pipeline is repaired."
    )
    a = analyze(text)
    check(
        a,
        "the rally is unlikely to last once the pipeline is repaired",
        "indirect",
        cue="say",
        speaker="Analysts",
    )


def test_a_stray_straight_mark_in_a_text_quoted_with_curly_marks_opens_no_quotation(analyze):
    text = (
        "“We will rebuild the pier,” said Mayor Oona Reid.\n\n"
        '"The crowd went home before the rain started.\n\n'
        "“It will take two years,” she added."
    )
    a = analyze(text)
    check(a, "We will rebuild the pier,", "direct", cue="said", speaker="Oona Reid")
    assert not [s for s in a.statements if "crowd" in s.content.text], describe(a)


def test_calling_someone_to_thank_them_is_no_naming(analyze):
    a = analyze("Keller called Maria Ruiz on Friday to thank her. Keller called the plan a trap.")
    called = [s for s in a.statements if s.cue and s.cue.text == "called"]
    assert [s.content.text for s in called] == ["the plan a trap"], describe(a)


def test_object_content_leaves_out_the_writers_relative_clause(analyze):
    text = (
        "The council met on Monday. Mayor Ruth Ansel praised the harbour plan, which "
        "includes two new ferry piers and a fish market."
    )
    a = analyze(text)
    contents = [s.content.text for s in a.statements]
    assert not any("ferry piers" in c for c in contents), describe(a)
    check(a, "the harbour plan", "indirect", cue="praised", speaker="Ruth Ansel")


def test_object_content_leaves_out_a_closing_apposition(analyze):
    text = "Governor Tomas Brekke criticised the tunnel project, a scheme of the previous government."
    a = analyze(text)
    check(a, "the tunnel project", "indirect", cue="criticised", speaker="Tomas Brekke")


def test_evidence_and_worry_are_reported_by_default_beliefs_on_request(analyze):
    text = (
        "A survey by the Harlow Institute shows that most dairy farmers oppose the new levy. "
        "Union officials worried that the levy would close small farms. "
        "The minister wants the levy to pass before the summer recess."
    )
    a = analyze(text)
    survey = check(a, "most dairy farmers oppose the new levy", "indirect", cue="shows")
    worry = check(a, "the levy would close small farms", "indirect", cue="worried")
    assert (survey.act, worry.act) == ("evidence", "emotion")
    assert not any(s.cue and s.cue.text == "wants" for s in a.statements), describe(a)


def test_a_phrase_leading_into_a_quotation_makes_it_mixed(analyze):
    text = (
        "The flood defences held overnight. With four pumping stations at work, “the town "
        "is safe for now,” engineer Tomas Lind said."
    )
    a = analyze(text)
    check(
        a,
        "With four pumping stations at work, “the town is safe for now,",
        "mixed",
        cue="said",
        speaker="Tomas Lind",
    )
