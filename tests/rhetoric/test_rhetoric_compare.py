"""Outlet comparison (claimgraph.rhetoric.compare) and speaker sides (rhetoric.sides)."""

from __future__ import annotations

from claimgraph.model import (
    Analysis,
    Article,
    Cue,
    Entity,
    LoadedSpan,
    Span,
    Speaker,
    Statement,
)
from claimgraph.rhetoric.compare import (
    compare,
    cue_counts,
    narrator_word_count,
    outlet_report,
    statement_class,
)
from claimgraph.rhetoric.sides import UNKNOWN, side_in, statement_side


def _statement(
    text: str,
    sid: str,
    content: str,
    cue: str | None,
    lemma: str = "",
    entity: str | None = None,
    name: str | None = None,
    mention: str | None = None,
) -> Statement:
    start = text.index(content)
    cue_span = None
    if cue is not None:
        c = text.index(cue)
        cue_span = Cue(cue, c, c + len(cue), lemma=lemma)
    mention_span = None
    if mention is not None:
        m = text.index(mention)
        mention_span = Span(mention, m, m + len(mention))
    return Statement(
        sid,
        "indirect",
        Span(content, start, start + len(content)),
        cue_span,
        Speaker(mention=mention_span, entity=entity, name=name),
    )


def _loaded(text: str, word: str, voice: str, statement: str | None = None) -> LoadedSpan:
    start = text.index(word)
    return LoadedSpan(word, start, start + len(word), "conflict_labels", 1.0, voice, statement)


TEXT_A = (
    "The regime shelled the port. Ivan Petrov claimed that the terrorists had fled. "
    "Olena Koval said the town was calm. A Western envoy stressed that aid would come. "
    "Someone harrumphed that nothing had changed."
)


def analysis_a(outlet: str | None = "Daily Example") -> Analysis:
    t = TEXT_A
    entities = [
        Entity("e1", "Ivan Petrov", "PERSON", affiliation="Northern Defence Ministry"),
        Entity("e2", "Olena Koval", "PERSON", titles=["Ukrainian governor"]),
        Entity("e3", "envoy", "PERSON", country="NATO"),
        Entity("e4", "Ivan's ministry", "ORG", country="Russia"),
    ]
    statements = [
        _statement(t, "s1", "the terrorists had fled", "claimed", "claim", "e1", "Ivan Petrov"),
        _statement(t, "s2", "the town was calm", "said", "say", "e2", "Olena Koval"),
        _statement(t, "s3", "aid would come", "stressed", "stress", "e3", "envoy"),
        _statement(t, "s4", "nothing had changed", "harrumphed", "harrumph", None, None),
    ]
    for s in statements:
        if s.cue is not None:
            s.cue.cls = {"claim": "distancing", "say": "neutral", "stress": "emphatic"}.get(
                s.cue.lemma, "unclassified"
            )
    loaded = [_loaded(t, "regime", "narrator"), _loaded(t, "terrorists", "quoted", "s1")]
    return Analysis(Article(id="a", outlet=outlet), t, statements, entities, loaded)


def test_side_words() -> None:
    assert side_in("Russian Foreign Ministry") == "Russia"
    assert side_in("key aide to the Ukrainian leader") == "Ukraine"
    assert side_in("Western nations") == "West"
    assert side_in("U.S. officials") == "United States"
    assert side_in("the Kremlin") == "Russia"
    assert side_in("the diplomat") is None
    assert side_in("") is None and side_in(None) is None


def test_statement_sides_from_entity_fields() -> None:
    a = analysis_a()
    sides = [statement_side(s, a) for s in a.statements]
    # affiliation "Northern Defence Ministry" names no side; titles and countries do
    assert sides == [UNKNOWN, "Ukraine", "West", UNKNOWN]
    a.entities[0].affiliation = "Russian Defence Ministry"
    assert statement_side(a.statements[0], a) == "Russia"
    a.entities[0].country = "Atlantis"  # a country the table does not know is kept
    assert statement_side(a.statements[0], a) == "Atlantis"


def test_side_from_group_name_and_mention() -> None:
    t = "Western nations said they agreed. The spokesman for Kyiv said no."
    group = Entity("g", "Western nations", "GROUP")
    s1 = _statement(t, "s1", "they agreed", "said", "say", "g", "Western nations")
    s2 = _statement(t, "s2", "no", "said no", "say", None, None, "The spokesman for Kyiv")
    a = Analysis(Article(), t, [s1, s2], [group])
    assert statement_side(s1, a) == "West"
    assert statement_side(s2, a) == "Ukraine"


def test_compare_counts_classes_by_speaker_and_side() -> None:
    report = compare([analysis_a()]).outlets["Daily Example"]
    assert report.statements == 4
    assert dict(report.classes) == {
        "distancing": 1,
        "neutral": 1,
        "emphatic": 1,
        "unclassified": 1,
    }
    assert report.speakers["Ivan Petrov"].classes["distancing"] == 1
    assert report.speakers["(unknown)"].classes["unclassified"] == 1
    assert report.sides["Ukraine"].statements == 1
    assert report.sides["West"].classes["emphatic"] == 1
    assert dict(report.unclassified_cues) == {"harrumph": 1}
    assert dict(report.narrator_terms) == {"regime": 1}
    assert dict(report.quoted_terms) == {"terrorists": 1}
    assert dict(report.quoted_terms_by_side[UNKNOWN]) == {"terrorists": 1}


def test_narrator_rate_counts_narrator_words_only() -> None:
    a = analysis_a()
    content_words = sum(len(s.content.text.split()) for s in a.statements)
    assert narrator_word_count(a) == a.word_count - content_words
    report = compare([a]).outlets["Daily Example"]
    assert report.narrator_words == narrator_word_count(a)
    assert abs(report.narrator_rate - 1000 / report.narrator_words) < 1e-9


def test_quotation_marks_are_not_narrator_words() -> None:
    a = Analysis(Article(), 'They called it "a very bad idea" again.')
    assert narrator_word_count(a) == 4


def test_outlets_are_kept_apart_and_unknown_outlet_named() -> None:
    result = compare([analysis_a("One"), analysis_a("Two"), analysis_a(None), analysis_a("One")])
    assert sorted(result.outlets) == ["(unknown)", "One", "Two"]
    assert result.outlets["One"].articles == 2
    assert result.outlets["One"].statements == 8
    assert outlet_report([analysis_a("One"), analysis_a("Two")], "Two").articles == 1


def test_to_dict_is_plain_json_data() -> None:
    import json

    data = compare([analysis_a()]).to_dict()
    report = data["outlets"]["Daily Example"]
    assert report["cue_classes"] == {
        "neutral": 1,
        "distancing": 1,
        "emphatic": 1,
        "unclassified": 1,
    }  # in class order
    assert report["by_side"]["West"] == {"side": "West", "statements": 1, "classes": {"emphatic": 1}}
    assert report["narrator_terms"] == {"regime": 1}
    assert report["narrator_loaded_per_1000_words"] > 0
    json.dumps(data)


def test_statement_without_cue_is_none_and_unset_class_is_computed() -> None:
    t = "Calm returned. She insisted it was over."
    s1 = _statement(t, "s1", "Calm returned.", None)
    s2 = _statement(t, "s2", "it was over", "insisted", "insist")  # cls left unclassified
    assert statement_class(s1) == "none"
    assert statement_class(s2) == "distancing"
    counts = cue_counts([Analysis(Article(), t, [s1, s2])])
    assert counts == {("insist", "distancing"): 1}


def test_empty_inputs() -> None:
    assert compare([]).to_dict() == {"outlets": {}}
    empty = Analysis(Article(outlet="X"), "")
    report = compare([empty]).outlets["X"]
    assert report.statements == 0 and report.narrator_rate == 0.0
    t = "Nothing."
    blank = Statement("s1", "direct", Span("", 0, 0), None)
    report = compare([Analysis(Article(), t, [blank])]).outlets["(unknown)"]
    assert report.classes["none"] == 1 and report.narrator_words == 1
