"""Measure claimgraph's rhetoric layer: cue-class accuracy, loaded-language precision, kursk.

    .venv/bin/python scripts/evaluate_rhetoric.py [--json]

1. Cue classes on tests/data/cue_classes_gold.tsv: accuracy of the lexicon on the gold cue
   words, and end to end (the pipeline's own statement and cue for each sentence; a sentence
   where it finds no statement with that cue counts as wrong).
2. Loaded language on tests/data/loaded_gold.tsv: precision (and recall) of the spans the
   pipeline reports, and how often their voice (narrator/quoted) is right.
3. The comparison on ../shared/data/examples/kursk-claims.txt, read at run time when present.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimgraph.model import Statement  # noqa: E402
from claimgraph.pipeline import analysis_from_doc, load_pipeline  # noqa: E402
from claimgraph.rhetoric.compare import compare, statement_class  # noqa: E402
from claimgraph.rhetoric.cues import classify_cue  # noqa: E402
from claimgraph.rhetoric.sides import statement_side  # noqa: E402

CUE_GOLD = ROOT / "tests" / "data" / "cue_classes_gold.tsv"
LOADED_GOLD = ROOT / "tests" / "data" / "loaded_gold.tsv"
KURSK = ROOT.parent / "shared" / "data" / "examples" / "kursk-claims.txt"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear-dev"
WEST_AND_UKRAINE = ("Ukraine", "West")
RUSSIA = ("Russia",)


def rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.split("\t") for ln in lines if ln.strip() and not ln.startswith("#")]


def by_batch(items: list[tuple[str, bool]]) -> dict[str, float]:
    """Share of True per batch and overall."""
    out: dict[str, list[bool]] = {"all": []}
    for batch, ok in items:
        out.setdefault(f"batch {batch}", []).append(ok)
        out["all"].append(ok)
    return {k: round(sum(v) / len(v), 3) for k, v in sorted(out.items()) if v}


def _cue_match(statements: list[Statement], cue: str) -> Statement | None:
    cue = cue.lower()
    for st in statements:
        if st.cue is not None and (cue in st.cue.text.lower() or st.cue.text.lower() in cue):
            return st
    return None


def evaluate_cues() -> dict[str, Any]:
    gold = [(r[0], r[1], r[2], r[3] if len(r) > 3 else "1") for r in rows(CUE_GOLD)]
    nlp = load_pipeline()
    lexicon_ok, pipeline_ok, found, errors = [], [], 0, []
    gold_found: list[bool] = []
    docs = nlp.pipe(sentence for sentence, *_ in gold)
    for (_sentence, cue, expected, batch), doc in zip(gold, docs, strict=True):
        lexicon_cls = classify_cue(None, cue)
        lexicon_ok.append((batch, lexicon_cls == expected))
        match = _cue_match(analysis_from_doc(doc).statements, cue)
        got = match.cue.cls if match is not None and match.cue is not None else "(no statement)"
        found += match is not None
        gold_found.append(match is not None)
        pipeline_ok.append((batch, got == expected))
        if got != expected or lexicon_cls != expected:
            errors.append(
                {"cue": cue, "batch": batch, "expected": expected, "lexicon": lexicon_cls, "pipeline": got}
            )
    return {
        "sentences": len(gold),
        "lexicon_accuracy": by_batch(lexicon_ok),
        "pipeline_accuracy": by_batch(pipeline_ok),
        "pipeline_found_cue": found,
        "accuracy_where_found": round(
            sum(ok for (_, ok), e in zip(pipeline_ok, gold_found, strict=True) if e) / found, 3
        )
        if found
        else None,
        "errors": errors,
    }


def evaluate_loaded() -> dict[str, Any]:
    gold = []
    for r in rows(LOADED_GOLD):
        terms = {}
        if len(r) > 1 and r[1].strip():
            for item in r[1].split("|"):
                term, _, voice = item.partition(":")
                terms[term.strip().lower()] = voice.strip()
        gold.append((r[0], terms, r[2] if len(r) > 2 else "1"))
    nlp = load_pipeline()
    precise: list[tuple[str, bool]] = []
    recalled: list[tuple[str, bool]] = []
    voiced: list[tuple[str, bool]] = []
    false_pos: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    wrong_voice = []
    for (_sentence, terms, batch), doc in zip(gold, nlp.pipe(s for s, *_ in gold), strict=True):
        seen = set()
        for span in analysis_from_doc(doc).loaded:
            term = span.text.lower()
            precise.append((batch, term in terms))
            if term not in terms:
                false_pos[f"{term} [{span.lexicon}]"] += 1
                continue
            seen.add(term)
            voiced.append((batch, span.voice == terms[term]))
            if span.voice != terms[term]:
                wrong_voice.append(f"{term} ({span.voice}, expected {terms[term]})")
        recalled.extend((batch, t in seen) for t in terms)
        missed.update(t for t in terms if t not in seen)
    return {
        "sentences": len(gold),
        "gold_terms": len(recalled),
        "reported": len(precise),
        "precision": by_batch(precise),
        "recall": by_batch(recalled),
        "voice_accuracy": by_batch(voiced),
        "false_positives": dict(false_pos),
        "missed": dict(missed),
        "wrong_voice": wrong_voice,
    }


def evaluate_kursk() -> dict[str, Any] | None:
    if not KURSK.exists():
        return None
    analysis = analysis_from_doc(load_pipeline()(KURSK.read_text(encoding="utf-8")))
    report = compare([analysis]).outlets["(unknown)"]

    def group(sides: tuple[str, ...]) -> dict[str, Any]:
        members = [st for st in analysis.statements if statement_side(st, analysis) in sides]
        cues = [st.cue.text for st in members if statement_class(st) == "distancing" and st.cue]
        return {"statements": len(members), "distancing": len(cues), "distancing_cues": cues}

    return {
        "statements": report.statements,
        "ukrainian_and_western": group(WEST_AND_UKRAINE),
        "russian": group(RUSSIA),
        "narrator_terms": dict(report.narrator_terms),
        "quoted_terms": dict(report.quoted_terms),
        "narrator_loaded_per_1000_words": round(report.narrator_rate, 2),
        "report": report.to_dict(),
    }


def evaluate_polnear() -> dict[str, Any] | None:
    """Per-outlet comparison over the PolNeAR dev articles (read at run time when present)."""
    if not POLNEAR.is_dir():
        return None
    from claimgraph.model import Article, Failed
    from claimgraph.pipeline import analyze_stream
    from claimgraph.readers.text import RawArticle

    raws = []
    for path in sorted(POLNEAR.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        raws.append(RawArticle(record["text"], Article(id=record["id"], outlet=record["outlet"])))
    result = compare(a for a in analyze_stream(raws) if not isinstance(a, Failed))
    table = {}
    for name, report in sorted(result.outlets.items()):
        with_cue = report.statements - report.classes["none"]
        table[name] = {
            "articles": report.articles,
            "statements": report.statements,
            "distancing_share": round(report.classes["distancing"] / with_cue, 3) if with_cue else 0.0,
            "unclassified_share": round(report.classes["unclassified"] / with_cue, 3) if with_cue else 0.0,
            "narrator_loaded_per_1000_words": round(report.narrator_rate, 2),
            "top_narrator_terms": [t for t, _ in report.narrator_terms.most_common(5)],
        }
    return table


def _shares(figures: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.1%}" for k, v in figures.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--polnear", action="store_true", help="also compare the outlets of ../shared PolNeAR dev"
    )
    args = parser.parse_args()
    result = {"cues": evaluate_cues(), "loaded": evaluate_loaded(), "kursk": evaluate_kursk()}
    if args.polnear:
        result["polnear"] = evaluate_polnear()
    if args.json:
        json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    cues, loaded, kursk = result["cues"], result["loaded"], result["kursk"]
    print(f"Cue classes ({cues['sentences']} sentences, {CUE_GOLD.relative_to(ROOT)})")
    print(f"  lexicon accuracy:  {_shares(cues['lexicon_accuracy'])}")
    print(
        f"  pipeline accuracy: {_shares(cues['pipeline_accuracy'])} "
        f"(statement with the gold cue found for {cues['pipeline_found_cue']}; "
        f"{cues['accuracy_where_found']:.1%} right where found)"
    )
    for e in cues["errors"]:
        print(
            f"    [{e['batch']}] {e['cue']!r}: expected {e['expected']}, "
            f"lexicon {e['lexicon']}, pipeline {e['pipeline']}"
        )
    print(f"Loaded language ({loaded['sentences']} sentences, {loaded['gold_terms']} gold terms)")
    print(f"  precision: {_shares(loaded['precision'])} ({loaded['reported']} reported spans)")
    print(f"  recall:    {_shares(loaded['recall'])}")
    print(f"  voice right for {_shares(loaded['voice_accuracy'])} of the correct spans")
    print(f"  false positives: {', '.join(loaded['false_positives']) or '-'}")
    print(f"  missed: {', '.join(loaded['missed']) or '-'}")
    if loaded["wrong_voice"]:
        print(f"  wrong voice: {', '.join(loaded['wrong_voice'])}")
    if kursk is None:
        print(f"Kursk: {KURSK} not found, skipped")
        return 0
    uw, ru = kursk["ukrainian_and_western"], kursk["russian"]
    print(f"Kursk comparison ({kursk['statements']} statements)")
    print(
        f"  Ukrainian and Western speakers: {uw['distancing']} of {uw['statements']} distancing "
        f"({', '.join(uw['distancing_cues'])})"
    )
    print(
        f"  Russian speakers: {ru['distancing']} of {ru['statements']} distancing "
        f"({', '.join(ru['distancing_cues'])})"
    )
    print(
        f"  narrator's own terms: {', '.join(kursk['narrator_terms']) or '-'} "
        f"({kursk['narrator_loaded_per_1000_words']} per 1,000 narrator words)"
    )
    print(f"  quoted terms: {', '.join(kursk['quoted_terms']) or '-'}")
    polnear = result.get("polnear")
    if polnear:
        print("PolNeAR dev, per outlet (distancing and unclassified shares of cued statements)")
        for name, row in polnear.items():
            print(
                f"  {name:<13} {row['statements']:4d} statements  "
                f"distancing {row['distancing_share']:.1%}  "
                f"unclassified {row['unclassified_share']:.1%}  "
                f"narrator loaded {row['narrator_loaded_per_1000_words']:.2f}/1,000 words  "
                f"({', '.join(row['top_narrator_terms'])})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
