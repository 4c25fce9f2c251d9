"""The scorer (claimgraph.evaluate) on hand-made gold/prediction pairs, and `claimgraph eval`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import InputError
from claimgraph.evaluate import (
    cue_category,
    error_breakdown,
    failed_article,
    format_summary,
    gold_files,
    jaccard,
    load_gold,
    match_spans,
    name_words,
    same_name,
    score_article,
    summarize,
)
from claimgraph.model import Analysis, Article, Cue, Entity, Span, Speaker, Statement

TEXT = (
    "Fishing minister Oskar Lindahl said the quotas would be cut by a third. "
    "“This is the hardest decision I have taken,” he said. "
    "Trawler owners believe the cut will bankrupt half the fleet. "
    "The union called the plan “a death sentence for the coast”."
)


def span(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def gold_st(
    content: str,
    kind: str = "indirect",
    speaker: str | None = "Oskar Lindahl",
    cue: str | None = "said",
    mention: str | None = None,
    with_spans: bool = True,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "kind": kind,
        "content": content,
        "cue": cue,
        "speaker": speaker,
        "mention": mention,
    }
    if with_spans:
        record["content_span"] = list(span(content))
        if mention:
            record["mention_span"] = list(span(mention))
    return record


def pred_st(
    content: str | tuple[int, int],
    name: str | None = "Oskar Lindahl",
    kind: str = "indirect",
    mention: str | None = None,
    entity: str | None = None,
    cue: str | None = "said",
) -> dict[str, Any]:
    start, end = span(content) if isinstance(content, str) else content
    record: dict[str, Any] = {
        "kind": kind,
        "content": {"text": TEXT[start:end], "start": start, "end": end},
        "cue": None,
        "speaker": {"mention": None, "entity": entity, "name": name},
    }
    if cue:
        cs, ce = span(cue)
        record["cue"] = {"text": cue, "lemma": cue, "start": cs, "end": ce}
    if mention:
        ms, me = span(mention)
        record["speaker"]["mention"] = {"text": mention, "start": ms, "end": me}
    return record


def gold(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"id": "fish", "text": TEXT, "statements": list(statements)}


def pred(*statements: dict[str, Any], entities: list | None = None) -> dict[str, Any]:
    return {"text": TEXT, "statements": list(statements), "entities": entities or []}


QUOTAS = "the quotas would be cut by a third"
HARDEST = "This is the hardest decision I have taken,"
BELIEVE = "the cut will bankrupt half the fleet"


# --------------------------------------------------------------------------- spans


def test_jaccard() -> None:
    assert jaccard((0, 10), (0, 10)) == 1.0
    assert jaccard((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert jaccard((0, 10), (10, 20)) == 0.0
    assert jaccard((0, 10), (2, 8)) == pytest.approx(0.6)
    assert jaccard(None, (0, 4)) == 0.0
    assert jaccard((3, 3), (3, 3)) == 0.0


def test_match_threshold_is_inclusive_at_one_half() -> None:
    assert match_spans([(0, 10)], [(0, 5)]) == [(0.5, 0, 0)]
    assert match_spans([(0, 10)], [(0, 4)]) == []


def test_matching_is_one_to_one_best_pairs_first() -> None:
    # pred 0 overlaps both golds; its best partner is gold 1, which pred 1 also wants less.
    golds = [(0, 10), (10, 20)]
    preds = [(9, 20), (12, 20)]
    matches = match_spans(golds, preds)
    assert sorted((gi, pi) for _, gi, pi in matches) == [(1, 0)]
    # a second, weaker prediction of the same gold span is left over
    matches = match_spans([(0, 10)], [(0, 10), (0, 9)])
    assert [(gi, pi) for _, gi, pi in matches] == [(0, 0)]


# --------------------------------------------------------------------------- names


def test_name_words_fold_accents_case_articles_possessive() -> None:
    assert name_words("José Álvarez") == ["jose", "alvarez"]
    assert name_words("The Kremlin's") == ["kremlin"]
    assert name_words(None) == []


@pytest.mark.parametrize(
    ("gold_name", "pred_name", "right"),
    [
        ("Oskar Lindahl", "Oskar Lindahl", True),
        ("Oskar Lindahl", "oskar lindahl", True),
        ("Lindahl", "Oskar Lindahl", True),  # contains all gold words
        ("Oskar Lindahl", "Lindahl", True),  # contained, same last word
        ("Oskar Lindahl", "Oskar", False),  # contained, different last word
        ("Oskar Lindahl", "Oskar Berg", False),
        ("José Álvarez", "JOSE ALVAREZ", True),
        ("the union", "Union", True),
        ("Swedish Fisheries Agency", "Fisheries Agency", True),
        ("Oskar Lindahl", "Mr. Lindahl", True),  # honorifics are no part of a name
        ("Dr. Oskar Lindahl", "Oskar Lindahl", True),
        ("Mr.", "Mr", True),  # a name of nothing but an honorific keeps it
        ("Oskar Lindahl", "", False),
        ("Oskar Lindahl", None, False),
    ],
)
def test_same_name(gold_name: str, pred_name: str | None, right: bool) -> None:
    assert same_name(gold_name, pred_name) is right


# --------------------------------------------------------------------------- articles


def test_perfect_prediction_scores_one() -> None:
    g = gold(gold_st(QUOTAS), gold_st(HARDEST, kind="direct", mention="he"))
    p = pred(pred_st(QUOTAS), pred_st(HARDEST, kind="direct"))
    s = summarize([score_article(g, p)])
    assert (s["gold"], s["pred"], s["matched"], s["exact"], s["attributed"]) == (2, 2, 2, 2, 2)
    assert s["statement_f1"] == s["attribution_f1"] == s["exact_f1"] == 1.0
    assert s["recall_by_kind"]["direct"]["recall"] == 1.0
    assert s["errors"]["missed"] == s["errors"]["spurious"] == 0


def test_partial_overlap_matches_but_is_not_exact() -> None:
    start, end = span(QUOTAS)
    g = gold(gold_st(QUOTAS))
    short = pred(pred_st((start, end - 12)))  # Jaccard 22/34: a match, not exact
    r = score_article(g, short)
    assert (r.matched, r.exact) == (1, 0)
    tiny = pred(pred_st((start, start + 10)))  # Jaccard 10/34: no match
    r = score_article(g, tiny)
    assert (r.matched, len(r.missed), len(r.spurious)) == (0, 1, 1)


def test_precision_recall_f1() -> None:
    g = gold(gold_st(QUOTAS), gold_st(HARDEST, kind="direct"), gold_st(BELIEVE, cue="believe"))
    p = pred(pred_st(QUOTAS), pred_st("The union called the plan", name="union"))
    s = summarize([score_article(g, p)])
    assert s["statement_p"] == pytest.approx(0.5)
    assert s["statement_r"] == pytest.approx(1 / 3, abs=1e-4)
    assert s["statement_f1"] == pytest.approx(0.4)


def test_wrong_speaker_counts_for_statements_not_attribution() -> None:
    g = gold(gold_st(QUOTAS), gold_st(HARDEST, kind="direct"))
    p = pred(pred_st(QUOTAS, name="Trawler owners"), pred_st(HARDEST, kind="direct"))
    r = score_article(g, p)
    assert (r.matched, r.attributed) == (2, 1)
    assert len(r.wrong_speaker) == 1
    gold_record, pred_record = r.wrong_speaker[0]
    assert gold_record.speaker == "Oskar Lindahl" and pred_record.names == ["Trawler owners"]
    s = summarize([r])
    assert s["statement_f1"] == 1.0 and s["attribution_f1"] == pytest.approx(0.5)


def test_mention_overlap_gives_speaker_credit() -> None:
    g = gold(gold_st(HARDEST, kind="direct", mention="he"))
    p = pred(pred_st(HARDEST, kind="direct", name="Someone Else", mention="he"))
    assert score_article(g, p).attributed == 1


def test_mention_without_span_is_not_located_by_first_occurrence() -> None:
    # "he" first occurs inside "the": without mention_span there is no overlap credit
    g = gold(gold_st(HARDEST, kind="direct", mention="he", with_spans=False))
    p = pred(pred_st(HARDEST, kind="direct", name="Someone Else", mention="he"))
    r = score_article(g, p)
    assert (r.matched, r.attributed) == (1, 0)


def test_affiliation_of_speaker_entity_gives_credit() -> None:
    entities = [
        {
            "id": "e1",
            "name": "Oskar Lindahl",
            "type": "PERSON",
            "titles": ["minister"],
            "affiliation": "Swedish Fisheries Ministry",
            "mentions": [],
        }
    ]
    g = gold(gold_st(QUOTAS, speaker="Fisheries Ministry"))
    p = pred(pred_st(QUOTAS, entity="e1"), entities=entities)
    assert score_article(g, p).attributed == 1
    p = pred(pred_st(QUOTAS, entity=None), entities=entities)
    assert score_article(g, p).attributed == 0


def test_null_gold_speaker_needs_no_predicted_speaker() -> None:
    g = gold(gold_st(QUOTAS, speaker=None))
    assert score_article(g, pred(pred_st(QUOTAS, name=None))).attributed == 1
    assert score_article(g, pred(pred_st(QUOTAS, name="Oskar Lindahl"))).attributed == 0


def test_gold_without_spans_uses_first_occurrence() -> None:
    g = gold(gold_st(QUOTAS, with_spans=False))
    assert score_article(g, pred(pred_st(QUOTAS))).exact == 1


def test_prediction_on_other_text_is_reanchored() -> None:
    p = pred(pred_st(QUOTAS))
    p["text"] = "PREFIX " + TEXT
    p["statements"][0]["content"]["start"] += 100  # offsets into another string
    r = score_article(gold(gold_st(QUOTAS)), p)
    assert r.exact == 1


def test_recall_by_kind() -> None:
    g = gold(
        gold_st(QUOTAS),
        gold_st(HARDEST, kind="direct"),
        gold_st("the plan “a death sentence for the coast”", kind="mixed", speaker="union"),
    )
    p = pred(pred_st(HARDEST, kind="direct"))
    s = summarize([score_article(g, p)])
    kinds = s["recall_by_kind"]
    assert kinds["direct"] == {"matched": 1, "total": 1, "recall": 1.0}
    assert kinds["indirect"]["recall"] == 0.0 and kinds["mixed"]["total"] == 1


def test_analysis_objects_are_scored_like_their_dicts() -> None:
    qs, qe = span(QUOTAS)
    ms, me = span("Oskar Lindahl")
    cs, ce = span("said")
    analysis = Analysis(
        article=Article(id="fish"),
        text=TEXT,
        statements=[
            Statement(
                id="s1",
                kind="indirect",
                content=Span(QUOTAS, qs, qe),
                cue=Cue("said", cs, ce, lemma="say"),
                speaker=Speaker(mention=Span("Oskar Lindahl", ms, me), entity="e1", name="Lindahl"),
            )
        ],
        entities=[Entity(id="e1", name="Lindahl", type="PERSON")],
    )
    g = gold(gold_st(QUOTAS), gold_st(BELIEVE, cue="believe", speaker="Trawler owners"))
    from_object = score_article(g, analysis)
    from_dict = score_article(g, analysis.to_dict())
    assert from_object.to_dict() == from_dict.to_dict()
    assert (from_object.matched, from_object.attributed, len(from_object.missed)) == (1, 1, 1)


def test_summary_sums_articles() -> None:
    one = score_article(gold(gold_st(QUOTAS)), pred(pred_st(QUOTAS)))
    two = score_article(gold(gold_st(HARDEST, kind="direct")), pred())
    s = summarize([one, two])
    assert (s["articles"], s["gold"], s["pred"], s["matched"]) == (2, 2, 1, 1)
    assert s["statement_p"] == 1.0 and s["statement_r"] == 0.5
    text = format_summary(s)
    assert "statement" in text and "attribution" in text and "exact" in text


def test_failed_article_misses_everything() -> None:
    r = failed_article(gold(gold_st(QUOTAS), gold_st(BELIEVE)), "not English")
    assert (r.gold, r.pred, r.matched, len(r.missed), r.error) == (2, 0, 0, 2, "not English")
    assert summarize([r])["failed_articles"] == 1


# --------------------------------------------------------------------------- error breakdown


@pytest.mark.parametrize(
    ("cue", "category"),
    [
        ("said", "speech"),
        ("has said", "speech"),
        ("According to", "speech"),
        ("told", "speech"),
        ("thinks", "belief"),
        ("believed", "belief"),
        ("is expected to", "belief"),
        ("wants", "intention"),
        ("plans", "intention"),
        ("hoping", "intention"),
        ("worried", "emotion"),
        ("fears", "emotion"),
        ("heard", "perception"),
        ("saw", "perception"),
        ("shows", "evidence"),
        (None, "none"),
        ("", "none"),
        (":", "punctuation"),
        ("―", "punctuation"),
        ("xylophoned", "other"),
    ],
)
def test_cue_category(cue: str | None, category: str) -> None:
    assert cue_category(cue) == category


def test_error_breakdown_counts_misses_by_cue_and_kind() -> None:
    g = gold(
        gold_st(QUOTAS),
        gold_st(HARDEST, kind="direct", cue=None),
        gold_st(BELIEVE, cue="believe", speaker="Trawler owners"),
        gold_st("the plan “a death sentence for the coast”", kind="mixed", cue="called"),
    )
    p = pred(
        pred_st(QUOTAS),
        pred_st("Trawler owners believe", name="Trawler owners", cue="believe"),
        pred_st("The union", name=None, cue=None),
    )
    e = error_breakdown([score_article(g, p)])
    assert e["missed"] == 3
    assert e["missed_cognitive"] == 1  # believe
    assert e["missed_no_cue"] == 1
    assert e["missed_speech"] == 1  # called
    assert e["missed_by_kind"] == {"direct": 1, "indirect": 1, "mixed": 1}
    assert dict(e["top_missed_cues"]) == {"(none)": 1, "believe": 1, "called": 1}
    assert e["spurious"] == 2
    assert dict(e["top_spurious_cues"]) == {"believe": 1, "(none)": 1}


# --------------------------------------------------------------------------- gold files


def test_load_gold_and_gold_files(tmp_path: Path) -> None:
    good = tmp_path / "fish.json"
    good.write_text(json.dumps({"text": TEXT, "statements": [gold_st(QUOTAS)]}), "utf-8")
    (tmp_path / "README.md").write_text("not gold", "utf-8")
    assert load_gold(good)["id"] == "fish"
    assert gold_files([tmp_path]) == [good]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(InputError):
        load_gold(bad)
    shapeless = tmp_path / "list.json"
    shapeless.write_text("[1, 2]", "utf-8")
    with pytest.raises(InputError):
        load_gold(shapeless)
    with pytest.raises(InputError):
        gold_files([tmp_path / "nowhere"])


# --------------------------------------------------------------------------- the command


def test_eval_command_json(tmp_path: Path, run_cli) -> None:
    text = (
        "Harbour master Ruth Okonkwo said the port would reopen on Friday. "
        "“We lost two cranes in the storm,” she said."
    )
    record = {
        "id": "port",
        "text": text,
        "statements": [
            {
                "kind": "indirect",
                "content": "the port would reopen on Friday",
                "cue": "said",
                "speaker": "Ruth Okonkwo",
                "mention": "Ruth Okonkwo",
            },
            {
                "kind": "direct",
                "content": "We lost two cranes in the storm,",
                "cue": "said",
                "speaker": "Ruth Okonkwo",
                "mention": "she",
            },
        ],
    }
    (tmp_path / "port.json").write_text(json.dumps(record), "utf-8")
    result = run_cli("eval", str(tmp_path), "--json", "--details")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    summary = data["summary"]
    assert summary["articles"] == 1 and summary["gold"] == 2
    for key in ("statement_f1", "attribution_f1", "exact_f1", "recall_by_kind", "errors"):
        assert key in summary
    assert [a["id"] for a in data["articles"]] == ["port"]
    table = run_cli("eval", str(tmp_path / "port.json"), "--details")
    assert table.returncode == 0 and "port:" in table.stdout and "statement" in table.stdout


def test_eval_command_bad_gold_is_one_line_error(tmp_path: Path, run_cli) -> None:
    result = run_cli("eval", str(tmp_path / "missing.json"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_evaluate_script_without_shared_data_says_so(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "evaluate.py"
    spec = importlib.util.spec_from_file_location("evaluate_script", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.SHARED = tmp_path / "no-shared"
    assert module.main() == 0
    assert "absent" in capsys.readouterr().out


def test_ties_go_to_the_later_pair_as_the_referee_sorts() -> None:
    # two predictions equally good for one gold span: the referee keeps the later one
    assert [(gi, pi) for _, gi, pi in match_spans([(0, 10)], [(0, 10), (0, 10)])] == [(0, 1)]


def test_unnamed_gold_mention_accepts_any_mention_of_the_predicted_entity() -> None:
    he = [span("he said")[0], span("he said")[0] + 2]
    entities = [
        {
            "id": "e1",
            "name": "Someone Else",
            "type": "PERSON",
            "mentions": [{"text": "he", "start": he[0], "end": he[1]}],
        }
    ]
    p = pred(pred_st(HARDEST, kind="direct", name="Someone Else", entity="e1"), entities=entities)
    # the gold source is "he" (names nobody): a mention of the predicted entity there counts
    g = gold(gold_st(HARDEST, kind="direct", speaker="he"))
    g["statements"][0].update(mention="he", mention_span=he)
    assert score_article(g, p).attributed == 1
    # a gold source that names somebody needs the right name or the statement's own mention
    g["statements"][0].update(mention="Oskar Lindahl", speaker="Oskar Lindahl")
    assert score_article(g, p).attributed == 0


def test_speech_only_figures_leave_out_internal_states() -> None:
    g = gold(
        gold_st(QUOTAS),
        gold_st(HARDEST, kind="direct"),
        gold_st(BELIEVE, cue="believe", speaker="Trawler owners"),
    )
    # one speech statement found, the belief found too, one spurious prediction
    p = pred(
        pred_st(QUOTAS),
        pred_st(BELIEVE, name="Trawler owners", cue=None),
        pred_st("The union called the plan", name="union", cue=None),
    )
    s = summarize([score_article(g, p)])
    assert (s["speech_gold"], s["speech_pred"]) == (2, 2)
    assert s["speech_r"] == 0.5  # QUOTAS of QUOTAS and HARDEST
    assert s["speech_p"] == 0.5  # QUOTAS right, the union's wrong; the belief match left out
    assert s["statement_p"] == pytest.approx(2 / 3, abs=1e-4)
    assert "speech only" in format_summary(s)
