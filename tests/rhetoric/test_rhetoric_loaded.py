"""Loaded-language spans (claimgraph.rhetoric.loaded): lexicons, span finding, voice."""

from __future__ import annotations

from claimgraph.model import LoadedSpan
from claimgraph.rhetoric.loaded import (
    LABELS,
    TEXTBLOB,
    VADER,
    VADER_MIN_VALENCE,
    Lexicons,
    Tok,
    assign_voices,
    find_loaded,
    lexicons,
    quoted_ranges,
    read_textblob,
    read_vader,
    tokenize,
)


def spans_of(text: str) -> list[LoadedSpan]:
    return find_loaded(tokenize(text), text)


def terms(text: str) -> list[str]:
    return [s.text.lower() for s in spans_of(text)]


def test_offsets_point_at_the_words() -> None:
    text = "Crowds cheered as the so-called council met. The regime said nothing."
    spans = spans_of(text)
    assert [s.text for s in spans] == ["so-called", "regime"]
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.lexicon == LABELS
        assert span.voice == "narrator" and span.statement is None


def test_plain_war_reporting_is_not_loaded() -> None:
    # VADER rates these strongly; in news they are the plain names of events.
    text = (
        "Four soldiers were killed and a school was destroyed in the war, officials said; "
        "aid groups promised to help and support the families of the dead."
    )
    assert terms(text) == []


def test_strong_judgements_are_loaded() -> None:
    text = "The brutal raid was a barbaric act that left the town in horror."
    found = {s.text.lower(): s.lexicon for s in spans_of(text)}
    assert found["brutal"] == VADER
    assert found["barbaric"] == LABELS
    assert "raid" not in found and "town" not in found


def test_technical_phrases_silence_labels() -> None:
    assert terms("The criminal case against the mayor opened.") == []
    assert terms("The sanctions regime was tightened.") == []
    assert terms("The counter-terrorism unit met.") == []
    assert terms("The regime was tightened.") == ["regime"]
    assert terms("He called it a criminal act.") == ["criminal"]


def test_names_are_not_word_choices() -> None:
    text = "Great Lakes"
    tokens = [Tok("Great", 0, "great", "NNP", True), Tok("Lakes", 6, "lake", "NNP", True)]
    assert find_loaded(tokens, text) == []
    # labels still count inside names: choosing a name that labels is a choice too
    text = "Terrorist Front"
    tokens = [Tok("Terrorist", 0, "terrorist", "NNP", True), Tok("Front", 10, "front", "NNP", True)]
    assert [s.text for s in find_loaded(tokens, text)] == ["Terrorist"]


def test_label_lemmas_count_for_nouns_only() -> None:
    assert [s.text for s in find_loaded([Tok("terrorists", 0, "terrorist", "NNS")], "terrorists")]
    # a lemmatiser mapping a verb onto a label ("shaming" -> "sham") is not trusted
    assert find_loaded([Tok("shaming", 0, "sham", "VBG")], "shaming") == []


def test_textblob_adjectives_need_an_adjective_tag() -> None:
    lex = lexicons()
    candidates = set(lex.textblob) - lex.vader_forms - lex.labels - lex.stop_words
    adjective = sorted(w for w in candidates if w.isalpha())[0]
    as_adj = find_loaded([Tok(adjective, 0, adjective, "JJ")], adjective)
    as_noun = find_loaded([Tok(adjective, 0, adjective, "NN")], adjective)
    assert [s.lexicon for s in as_adj] == [TEXTBLOB]
    assert as_noun == []


def test_vader_word_forms_decide_before_lemmas() -> None:
    lex = Lexicons(
        labels=frozenset(),
        phrases={},
        stop_words=frozenset(),
        stop_phrases={},
        vader={"fail": -2.5},
        vader_forms=frozenset({"fail", "failing"}),
        textblob={},
    )
    # "failing" has its own (weaker) rating: the lemma's strong one does not apply
    assert find_loaded([Tok("failing", 0, "fail", "VBG")], "failing", lex) == []
    # a form VADER does not list falls back to its lemma
    hits = find_loaded([Tok("fails", 0, "fail", "VBZ")], "fails", lex)
    assert [(s.lexicon, s.score) for s in hits] == [(VADER, -2.5)]


def test_read_vader_keeps_words_only() -> None:
    text = "war\t-2.9\t1.1\t[]\n:-)\t2.0\t0.5\t[]\nhelp\t1.7\t0.7\t[]\nbad line\n"
    table = read_vader(text, VADER_MIN_VALENCE)
    assert table == {"war": -2.9}
    assert read_vader(text) == {"war": -2.9, "help": 1.7}


def test_read_textblob_averages_senses() -> None:
    xml = """<sentiment>
    <word form="grim" pos="JJ" polarity="-0.8" subjectivity="1.0" />
    <word form="grim" pos="JJ" polarity="-0.6" subjectivity="0.9" />
    <word form="mild" pos="JJ" polarity="0.2" subjectivity="1.0" />
    <word form="awe" pos="NN" polarity="0.9" subjectivity="1.0" />
    <word form="two words" pos="JJ" polarity="0.9" subjectivity="1.0" />
    </sentiment>"""
    assert read_textblob(xml) == {"grim": -0.7}


def test_installed_lexicons_are_found_and_filtered() -> None:
    lex = lexicons()
    assert lex.vader["terrorist"] <= -VADER_MIN_VALENCE
    assert "help" not in lex.vader and "help" in lex.vader_forms
    assert "war" in lex.vader and "war" in lex.stop_words  # strong in VADER, silenced here
    assert len(lex.textblob) > 50
    assert {"terrorist", "regime", "junta", "unhinged", "criminal"} <= lex.labels
    assert ("so", "-", "called") in lex.phrases["so"]
    assert lexicons() is lex  # cached


def test_empty_input() -> None:
    assert find_loaded([], "") == []
    assert quoted_ranges("") == []
    assert assign_voices([], []) == []


def test_quoted_ranges() -> None:
    text = 'He said "go" and “stay here” or «wait».\n\n"Unclosed\n\nnext "x"'
    got = [text[s:e] for s, e in quoted_ranges(text)]
    assert got == ["go", "stay here", "wait", "x"]


def test_single_quotes_are_not_apostrophes() -> None:
    text = "The mayor’s aides used the word ‘junta’ twice, and the Smiths’ lawyer ‘agreed’."
    assert [text[s:e] for s, e in quoted_ranges(text)] == ["junta", "agreed"]


def _span(text: str, start: int) -> LoadedSpan:
    return LoadedSpan(text, start, start + len(text), LABELS, 1.0)


def test_assign_voices_by_statement_then_quotes() -> None:
    text = 'The regime fell. Rebels said the regime was "a criminal junta", and a "thug" ran.'
    places = (("regime", 0), ("regime", 20), ("criminal", 0), ("thug", 0))
    spans = [_span(word, text.index(word, after)) for word, after in places]
    content_start = text.index("the regime was")
    content_end = text.index(", and")
    assign_voices(spans, [(content_start, content_end, "s1")], quoted_ranges(text))
    voices = [(s.text, s.voice, s.statement) for s in spans]
    assert voices == [
        ("regime", "narrator", None),
        ("regime", "quoted", "s1"),
        ("criminal", "quoted", "s1"),
        ("thug", "quoted", None),  # in quotation marks no statement covers
    ]


def test_assign_voices_with_nested_and_many_statements() -> None:
    spans = [_span("x", 50), _span("y", 500)]
    contents = [(40, 60, "outer"), (45, 55, "inner"), (400, 450, "other")]
    assign_voices(spans, contents)
    assert spans[0].voice == "quoted" and spans[0].statement in ("outer", "inner")
    assert spans[1].voice == "narrator"
