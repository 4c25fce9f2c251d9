"""Scoring claims against a gold story (../shared/spec/claims.md, "How claims are measured").

A story is a set of articles with the same events told by several outlets, and its claims
with their statements. Predicted statements (``claimgraph claims --format json``) are matched
to gold statements of the same article (content Jaccard >= 0.5, one-to-one, best pairs
first, as statements are). On the matched statements:

- B-cubed precision, recall and F1 of the grouping;
- cross-article pairs: of the gold pairs of statements in different articles that share a
  claim, the share predicted in one claim (recall); of the predicted such pairs, the share
  that are right (precision);
- ``disputes``: precision, recall and F1 of the stance;
- ``about``: precision and recall of the entity names, compared as speakers are.

Pure functions of the gold story and the predicted claims JSON; running the ingest is the
caller's business (cli.evaluate).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from claimgraph.errors import InputError
from claimgraph.evaluate import match_spans, prf, same_name

Spans = tuple[int, int]


@dataclass
class ClaimStatement:
    article: str
    span: Spans | None
    claim: str
    stance: str
    about: list[str]


@dataclass
class StoryScore:
    id: str
    gold: int = 0
    pred: int = 0
    matched: int = 0
    b3_p_sum: float = 0.0
    b3_r_sum: float = 0.0
    pairs_gold: int = 0
    pairs_pred: int = 0
    pairs_both: int = 0
    disputes_gold: int = 0
    disputes_pred: int = 0
    disputes_both: int = 0
    about_gold: int = 0
    about_pred: int = 0
    about_gold_hit: int = 0
    about_pred_hit: int = 0
    split: list[str] = field(default_factory=list)  # gold claims spread over predicted ones
    merged: list[str] = field(default_factory=list)  # predicted claims holding several gold ones
    error: str | None = None


def is_story(data: Any) -> bool:
    return isinstance(data, dict) and "articles" in data and "claims" in data


def _find(text: str, fragment: str) -> Spans | None:
    i = text.find(fragment)
    return (i, i + len(fragment)) if fragment and i >= 0 else None


def gold_claim_statements(story: Mapping[str, Any]) -> list[ClaimStatement]:
    texts = {str(a["id"]): a["text"] for a in story["articles"]}
    found = []
    for claim in story["claims"]:
        for st in claim["statements"]:
            article = str(st["article"])
            if article not in texts:
                raise InputError(f"{story.get('id')}: statement of unknown article {article!r}")
            span = (
                tuple(st["content_span"]) if st.get("content_span") else _find(texts[article], st["content"])
            )
            found.append(
                ClaimStatement(
                    article,
                    span,
                    str(claim["id"]),
                    st.get("stance", "asserts"),  # type: ignore[arg-type]
                    list(st.get("about") or []),
                )
            )
    return found


def predicted_claim_statements(story: Mapping[str, Any], output: Mapping[str, Any]) -> list[ClaimStatement]:
    texts = {str(a["id"]): a["text"] for a in story["articles"]}
    found = []
    for claim in output.get("claims", []):
        for st in claim.get("statements", []):
            article = str((st.get("article") or {}).get("id"))
            if article not in texts:
                continue
            text, content = texts[article], st.get("content") or {}
            start, end = content.get("start"), content.get("end")
            span: Spans | None = (start, end) if isinstance(start, int) and isinstance(end, int) else None
            if span is None or text[span[0] : span[1]] != content.get("text", text[span[0] : span[1]]):
                span = _find(text, content.get("text") or "")
                if span is None:
                    continue
            about = [a["name"] for a in st.get("about") or [] if isinstance(a, dict) and a.get("name")]
            found.append(
                ClaimStatement(article, span, str(claim.get("id")), st.get("stance") or "asserts", about)
            )
    return found


def score_story(story: Mapping[str, Any], output: Mapping[str, Any]) -> StoryScore:
    golds = gold_claim_statements(story)
    preds = predicted_claim_statements(story, output)
    result = StoryScore(str(story.get("id")), gold=len(golds), pred=len(preds))
    match: dict[int, int] = {}
    for article in {g.article for g in golds}:
        g_idx = [i for i, g in enumerate(golds) if g.article == article]
        p_idx = [i for i, p in enumerate(preds) if p.article == article]
        for _, gi, pi in match_spans([golds[i].span for i in g_idx], [preds[i].span for i in p_idx]):
            match[g_idx[gi]] = p_idx[pi]
    matched = sorted(match)
    result.matched = len(matched)
    gold_claim = {gi: golds[gi].claim for gi in matched}
    pred_claim = {gi: preds[match[gi]].claim for gi in matched}
    for gi in matched:
        same_pred = {x for x in matched if pred_claim[x] == pred_claim[gi]}
        same_gold = {x for x in matched if gold_claim[x] == gold_claim[gi]}
        result.b3_p_sum += len(same_pred & same_gold) / len(same_pred)
        result.b3_r_sum += len(same_pred & same_gold) / len(same_gold)
    cross = [(x, y) for x, y in combinations(matched, 2) if golds[x].article != golds[y].article]
    result.pairs_gold = sum(1 for x, y in cross if gold_claim[x] == gold_claim[y])
    result.pairs_pred = sum(1 for x, y in cross if pred_claim[x] == pred_claim[y])
    result.pairs_both = sum(
        1 for x, y in cross if gold_claim[x] == gold_claim[y] and pred_claim[x] == pred_claim[y]
    )
    for gi in matched:
        gold_disputes = golds[gi].stance == "disputes"
        pred_disputes = preds[match[gi]].stance == "disputes"
        result.disputes_gold += gold_disputes
        result.disputes_pred += pred_disputes
        result.disputes_both += gold_disputes and pred_disputes
        g_names, p_names = golds[gi].about, preds[match[gi]].about
        result.about_gold += len(g_names)
        result.about_pred += len(p_names)
        result.about_gold_hit += sum(1 for g in g_names if any(_same(g, p) for p in p_names))
        result.about_pred_hit += sum(1 for p in p_names if any(_same(g, p) for g in g_names))
    result.split = sorted(
        {gold_claim[x] for x, y in cross if gold_claim[x] == gold_claim[y] and pred_claim[x] != pred_claim[y]}
    )
    result.merged = sorted(
        {pred_claim[x] for x, y in cross if pred_claim[x] == pred_claim[y] and gold_claim[x] != gold_claim[y]}
    )
    return result


def _same(a: str, b: str) -> bool:
    return same_name(a, b) or same_name(b, a)


COUNTS = (
    "gold",
    "pred",
    "matched",
    "b3_p_sum",
    "b3_r_sum",
    "pairs_gold",
    "pairs_pred",
    "pairs_both",
    "disputes_gold",
    "disputes_pred",
    "disputes_both",
    "about_gold",
    "about_pred",
    "about_gold_hit",
    "about_pred_hit",
)


def summarize_claims(scores: Iterable[StoryScore]) -> dict[str, Any]:
    scores = list(scores)
    tot = {key: sum(getattr(s, key) for s in scores) for key in COUNTS}
    n = tot["matched"]
    b3_p = tot["b3_p_sum"] / n if n else 0.0
    b3_r = tot["b3_r_sum"] / n if n else 0.0
    pp, pr, pf = prf(tot["pairs_both"], tot["pairs_pred"], tot["pairs_gold"])
    dp, dr, df = prf(tot["disputes_both"], tot["disputes_pred"], tot["disputes_gold"])

    def r3(x: float) -> float:
        return round(x, 3)

    return {
        "stories": len(scores),
        "gold": tot["gold"],
        "pred": tot["pred"],
        "matched": n,
        "b3_p": r3(b3_p),
        "b3_r": r3(b3_r),
        "b3_f1": r3(2 * b3_p * b3_r / (b3_p + b3_r)) if b3_p + b3_r else 0.0,
        "cross_pairs_p": r3(pp),
        "cross_pairs_r": r3(pr),
        "cross_pairs_f1": r3(pf),
        "cross_pairs_gold": tot["pairs_gold"],
        "disputes_p": r3(dp),
        "disputes_r": r3(dr),
        "disputes_f1": r3(df),
        "about_p": r3(tot["about_pred_hit"] / tot["about_pred"]) if tot["about_pred"] else 0.0,
        "about_r": r3(tot["about_gold_hit"] / tot["about_gold"]) if tot["about_gold"] else 0.0,
    }


def format_claims_summary(summary: Mapping[str, Any]) -> str:
    s = summary
    return "\n".join(
        [
            f"stories {s['stories']}; gold statements {s['gold']}, predicted {s['pred']}, "
            f"matched {s['matched']}",
            "                      P      R     F1",
            f"B-cubed           {s['b3_p']:.3f}  {s['b3_r']:.3f}  {s['b3_f1']:.3f}",
            f"cross-article     {s['cross_pairs_p']:.3f}  {s['cross_pairs_r']:.3f}  {s['cross_pairs_f1']:.3f}"
            f"   ({s['cross_pairs_gold']} gold pairs)",
            f"disputes          {s['disputes_p']:.3f}  {s['disputes_r']:.3f}  {s['disputes_f1']:.3f}",
            f"about names       {s['about_p']:.3f}  {s['about_r']:.3f}",
        ]
    )


def story_items(story: Mapping[str, Any]) -> list[Any]:
    """The story's articles as reader items, as a JSONL corpus of them would give."""
    from claimgraph.model import Article
    from claimgraph.readers.items import Item

    source = f"{story.get('id', 'story')}.json"
    return [
        Item(
            source,
            f"article {a['id']}",
            a["text"].encode("utf-8"),
            Article(
                id=str(a["id"]), title=a.get("title"), outlet=a.get("outlet"), published=a.get("published")
            ),
        )
        for a in story["articles"]
    ]


def run_story(story: Mapping[str, Any], store_url: str, model: Any = None) -> dict[str, Any]:
    """Ingest the story's articles into the (fresh) store at ``store_url`` and return what
    ``claimgraph claims --format json`` prints for it."""
    from claimgraph.corpus import ingest
    from claimgraph.store import Store

    with Store.open(store_url) as store:
        ingest(story_items(story), store, claims=False)
        store.assign_claims(model)
        return {"claims": store.claims(limit=None)}
