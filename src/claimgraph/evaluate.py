"""Scoring claimgraph's statements against gold annotations (../shared/spec/gold-format.md).

The rule, as the spec states it:

- a predicted statement *matches* a gold one when their content character spans have
  Jaccard overlap >= 0.5; matching is one-to-one, best pairs first;
- statement precision/recall/F1 count matches;
- attribution F1 counts matches whose speaker is also right: the predicted speaker name
  (or its entity's affiliation) equals the gold name, contains all its words, or is
  contained in it with the same last word (accents and case ignored), or the predicted
  speaker mention overlaps the gold ``mention_span``;
- exact F1 counts matches with Jaccard >= 0.9;
- recall by kind is the share of gold statements of each kind that are matched.

Two details the spec leaves open, decided here:

- a gold statement whose speaker is ``null`` is attributed right when the prediction
  names no speaker either;
- the mention-overlap test uses the gold ``mention_span`` only when the file gives it:
  "the first occurrence of the mention" is meaningless for short mentions ("he" first
  occurs inside "the"), so it is not used for speaker credit.

Everything here is a pure function of gold dicts and predictions (``Analysis`` objects
or their ``to_dict()``); running the pipeline is the caller's business (cli.evaluate).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from claimgraph.errors import InputError

MATCH_THRESHOLD = 0.5
EXACT_THRESHOLD = 0.9

COGNITIVE_CATEGORIES = ("belief", "intention", "emotion", "perception")
"""Cue categories of internal states rather than speech (see data/cognitive_cues.txt)."""

_NON_NAME_WORDS = frozenset({"the", "a", "an"})

# A quote split by its cue kept as ONE gold statement ("A," she said. "B."), against the
# spec's convention of two: a closing mark, then words, then an opening mark.
_SPLIT_QUOTE = re.compile(r"[”\"']{1,2}[,.]?\s+\S.*?[“\"']", re.S)


def is_split_quote(content: str) -> bool:
    return bool(_SPLIT_QUOTE.search(content))

Spans = tuple[int, int]


# --------------------------------------------------------------------------- records


@dataclass
class GoldStatement:
    kind: str
    content: str
    span: Spans | None
    cue: str | None
    speaker: str | None
    mention: str | None
    mention_span: Spans | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "content": self.content,
            "content_span": list(self.span) if self.span else None,
            "cue": self.cue,
            "speaker": self.speaker,
            "mention": self.mention,
        }


@dataclass
class PredStatement:
    kind: str
    content: str
    span: Spans | None
    cue: str | None
    names: list[str]  # speaker name, then the speaker entity's affiliation if any
    mention: str | None
    mention_span: Spans | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "content": self.content,
            "cue": self.cue,
            "speaker": self.names[0] if self.names else None,
            "mention": self.mention,
        }


@dataclass
class ArticleScore:
    id: str
    gold: int = 0
    pred: int = 0
    matched: int = 0
    exact: int = 0
    attributed: int = 0
    kind_agreed: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [matched, total]
    missed: list[GoldStatement] = field(default_factory=list)
    spurious: list[PredStatement] = field(default_factory=list)
    wrong_speaker: list[tuple[GoldStatement, PredStatement]] = field(default_factory=list)
    error: str | None = None  # the article could not be analysed (it scores zero)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "gold": self.gold,
            "pred": self.pred,
            "matched": self.matched,
            "exact": self.exact,
            "attributed": self.attributed,
            "error": self.error,
            "missed": [g.to_dict() for g in self.missed],
            "spurious": [p.to_dict() for p in self.spurious],
            "wrong_speaker": [{"gold": g.to_dict(), "pred": p.to_dict()} for g, p in self.wrong_speaker],
        }


# --------------------------------------------------------------------------- gold input


def _span(value: Any) -> Spans | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        if all(isinstance(v, int) for v in value):
            return (value[0], value[1])
    return None


def _locate(text: str, fragment: str | None) -> Spans | None:
    if not fragment:
        return None
    i = text.find(fragment)
    return (i, i + len(fragment)) if i >= 0 else None


def check_gold(gold: Any, name: str = "<gold>") -> dict[str, Any]:
    """``gold`` if it has the shape of a gold article; :class:`InputError` otherwise."""
    if not isinstance(gold, dict):
        raise InputError(f"{name}: not a gold article (expected a JSON object)")
    if not isinstance(gold.get("text"), str) or not isinstance(gold.get("statements"), list):
        raise InputError(f"{name}: not a gold article (needs 'text' and 'statements')")
    for i, st in enumerate(gold["statements"]):
        if not isinstance(st, dict) or not isinstance(st.get("content"), str):
            raise InputError(f"{name}: statement {i + 1} has no 'content'")
    return gold


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read and check one gold file; the article id defaults to the file name."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: cannot read gold file ({err})") from None
    gold = check_gold(gold, str(path))
    gold.setdefault("id", path.stem)
    return gold


def gold_files(sources: Iterable[str | Path]) -> list[Path]:
    """Gold files named on a command line: files as given, folders as their ``*.json``."""
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            if not found:
                raise InputError(f"{path}: no .json gold files in this folder")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def gold_statements(gold: Mapping[str, Any]) -> list[GoldStatement]:
    text = gold["text"]
    out = []
    for st in gold["statements"]:
        span = _span(st.get("content_span")) or _locate(text, st["content"])
        out.append(
            GoldStatement(
                kind=st.get("kind") or "unknown",
                content=st["content"],
                span=span,
                cue=st.get("cue"),
                speaker=st.get("speaker"),
                mention=st.get("mention"),
                mention_span=_span(st.get("mention_span")),
            )
        )
    return out


# --------------------------------------------------------------------------- predictions


def _as_dict(pred: Any) -> dict[str, Any]:
    if hasattr(pred, "to_dict"):
        pred = pred.to_dict()
    if not isinstance(pred, dict):
        raise TypeError("a prediction is an Analysis or its to_dict()")
    return pred


def pred_statements(pred: Any, text: str) -> list[PredStatement]:
    """Predicted statements with spans in ``text`` (the gold text).

    When the prediction was made on a different text, contents are re-anchored by
    their first occurrence in the gold text and mention spans are dropped.
    """
    pred = _as_dict(pred)
    same_text = pred.get("text", text) == text
    entities = {e.get("id"): e for e in pred.get("entities") or [] if isinstance(e, dict)}
    out = []
    for st in pred.get("statements") or []:
        content = st.get("content") or {}
        ctext = content.get("text") or ""
        if same_text and isinstance(content.get("start"), int):
            span: Spans | None = (content["start"], content["end"])
        else:
            span = _locate(text, ctext)
        speaker = st.get("speaker") or {}
        names = [speaker["name"]] if speaker.get("name") else []
        entity = entities.get(speaker.get("entity"))
        if names and entity and entity.get("affiliation"):
            names.append(entity["affiliation"])
        mention = speaker.get("mention") or {}
        mention_span = None
        if same_text and isinstance(mention.get("start"), int):
            mention_span = (mention["start"], mention["end"])
        cue = st.get("cue") or {}
        out.append(
            PredStatement(
                kind=st.get("kind") or "unknown",
                content=ctext,
                span=span,
                cue=cue.get("text"),
                names=names,
                mention=mention.get("text"),
                mention_span=mention_span,
            )
        )
    return out


def join_split_quotes(pred: Any) -> dict[str, Any]:
    """The prediction with each quote split by its cue ("A," she said, "B.") joined into one
    statement, as PolNeAR annotates it. For measuring that convention only: the output
    contract keeps the halves apart."""
    pred = dict(_as_dict(pred))
    text = pred.get("text") or ""
    joined: list[dict[str, Any]] = []
    for st in sorted(pred.get("statements") or [], key=lambda s: s["content"]["start"]):
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev["kind"] == st["kind"] == "direct"
            and prev["speaker"].get("name")
            and prev["speaker"].get("name") == st["speaker"].get("name")
            and 0 <= st["content"]["start"] - prev["content"]["end"] <= 80
            and "\n" not in text[prev["content"]["end"] : st["content"]["start"]]
        ):
            start, end = prev["content"]["start"], st["content"]["end"]
            joined[-1] = {**prev, "content": {"text": text[start:end], "start": start, "end": end}}
            continue
        joined.append(st)
    pred["statements"] = joined
    return pred


# --------------------------------------------------------------------------- the rule


def jaccard(a: Spans | None, b: Spans | None) -> float:
    """Jaccard overlap of two character spans (0 when either is missing or empty)."""
    if a is None or b is None:
        return 0.0
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union > 0 else 0.0


def match_spans(
    gold: list[Spans | None], pred: list[Spans | None], threshold: float = MATCH_THRESHOLD
) -> list[tuple[float, int, int]]:
    """One-to-one matches ``(jaccard, gold index, pred index)``, best pairs first.

    Ties are broken by document order (lower gold index, then lower pred index).
    """
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            j = jaccard(g, p)
            if j >= threshold:
                pairs.append((-j, gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    matches = []
    for neg_j, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matches.append((-neg_j, gi, pi))
    return matches


def name_words(name: str | None) -> list[str]:
    """Words of a name with accents, case, possessive 's and articles removed."""
    folded = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"['’]s\b", "", folded)
    return [w for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", folded) if w not in _NON_NAME_WORDS]


def same_name(gold: str | None, pred: str | None) -> bool:
    """The predicted name equals the gold one, contains all its words, or is contained
    in it with the same last word."""
    g, p = name_words(gold), name_words(pred)
    if not g or not p:
        return False
    if g == p or set(g) <= set(p):
        return True
    return set(p) <= set(g) and p[-1] == g[-1]


def speaker_correct(gold: GoldStatement, pred: PredStatement) -> bool:
    if gold.speaker is None:
        return not pred.names
    if gold.mention_span and pred.mention_span:
        if jaccard(gold.mention_span, pred.mention_span) > 0:
            return True
    return any(same_name(gold.speaker, name) for name in pred.names)


def score_article(gold: Mapping[str, Any], pred: Any) -> ArticleScore:
    """Score one article: ``gold`` a gold dict, ``pred`` an Analysis or its ``to_dict()``."""
    golds = gold_statements(gold)
    preds = pred_statements(pred, gold["text"])
    matches = match_spans([g.span for g in golds], [p.span for p in preds])
    result = ArticleScore(id=str(gold.get("id") or ""), gold=len(golds), pred=len(preds))
    matched_g = {gi for _, gi, _ in matches}
    matched_p = {pi for _, _, pi in matches}
    for j, gi, pi in matches:
        result.matched += 1
        result.exact += j >= EXACT_THRESHOLD
        result.kind_agreed += golds[gi].kind == preds[pi].kind
        if speaker_correct(golds[gi], preds[pi]):
            result.attributed += 1
        else:
            result.wrong_speaker.append((golds[gi], preds[pi]))
    for gi, g in enumerate(golds):
        counts = result.by_kind.setdefault(g.kind, [0, 0])
        counts[1] += 1
        if gi in matched_g:
            counts[0] += 1
        else:
            result.missed.append(g)
    result.spurious = [p for pi, p in enumerate(preds) if pi not in matched_p]
    return result


def failed_article(gold: Mapping[str, Any], error: str) -> ArticleScore:
    """The score of an article the pipeline could not analyse: every gold statement missed."""
    result = score_article(gold, {"text": gold["text"], "statements": []})
    result.error = error
    return result


def prf(true_pos: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = true_pos / n_pred if n_pred else 0.0
    r = true_pos / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# --------------------------------------------------------------------------- cue categories


def _regular_forms(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, str]:
    """Word form -> cue category, from data/cognitive_cues.txt (the first category listed wins)."""
    text = resources.files("claimgraph.data").joinpath("cognitive_cues.txt").read_text("utf-8")
    table: dict[str, str] = {}
    entries = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, lemma, *rest = line.split("\t")
        irregular = rest[0].split() if rest else []
        entries.append((category.strip(), lemma.strip().lower(), irregular))
    # lemmas and irregular forms first, so a derived form never hides another lemma
    for category, lemma, irregular in entries:
        for form in (lemma, *irregular):
            table.setdefault(form.lower(), category)
    for category, lemma, _ in entries:
        for form in _regular_forms(lemma):
            table.setdefault(form, category)
    return table


def cue_words(cue: str | None) -> str:
    """A cue as it is counted: lower case, single spaces, outer punctuation removed."""
    if not cue:
        return ""
    text = " ".join(cue.lower().split())
    stripped = text.strip(" .,:;!?\"'“”‘’«»()[]")
    return stripped or text


def cue_category(cue: str | None) -> str:
    """``none``, ``punctuation``, a category of data/cognitive_cues.txt, or ``other``."""
    if not cue or not cue.strip():
        return "none"
    words = re.findall(r"[^\W\d_]+", cue.lower())
    if not words:
        return "punctuation"
    lexicon = cue_lexicon()
    for word in words:
        if word in lexicon:
            return lexicon[word]
    return "other"


# --------------------------------------------------------------------------- totals


def error_breakdown(scores: Iterable[ArticleScore], top: int = 15) -> dict[str, Any]:
    """What the misses and false alarms are: by cue category and kind, and the top cue words."""
    missed_cat: Counter[str] = Counter()
    missed_kind: Counter[str] = Counter()
    missed_cues: Counter[str] = Counter()
    spurious_cues: Counter[str] = Counter()
    spurious_kind: Counter[str] = Counter()
    n_missed = n_spurious = n_wrong = n_split = 0
    for score in scores:
        n_wrong += len(score.wrong_speaker)
        for g in score.missed:
            n_missed += 1
            n_split += g.kind != "indirect" and is_split_quote(g.content)
            missed_cat[cue_category(g.cue)] += 1
            missed_kind[g.kind] += 1
            missed_cues[cue_words(g.cue) or "(none)"] += 1
        for p in score.spurious:
            n_spurious += 1
            spurious_kind[p.kind] += 1
            spurious_cues[cue_words(p.cue) or "(none)"] += 1
    return {
        "missed": n_missed,
        "missed_cognitive": sum(missed_cat[c] for c in COGNITIVE_CATEGORIES),
        "missed_speech": missed_cat["speech"],
        "missed_no_cue": missed_cat["none"],
        "missed_split_quote": n_split,
        "missed_by_category": dict(missed_cat.most_common()),
        "missed_by_kind": dict(missed_kind.most_common()),
        "top_missed_cues": missed_cues.most_common(top),
        "spurious": n_spurious,
        "spurious_by_kind": dict(spurious_kind.most_common()),
        "top_spurious_cues": spurious_cues.most_common(top),
        "wrong_speaker": n_wrong,
    }


def summarize(scores: Iterable[ArticleScore]) -> dict[str, Any]:
    """Corpus totals: counts, statement/attribution/exact P-R-F1, recall by kind, errors."""
    scores = list(scores)
    total = Counter()
    kinds: dict[str, list[int]] = {}
    for s in scores:
        total.update(
            gold=s.gold,
            pred=s.pred,
            matched=s.matched,
            exact=s.exact,
            attributed=s.attributed,
            kind_agreed=s.kind_agreed,
        )
        for kind, (hit, n) in s.by_kind.items():
            acc = kinds.setdefault(kind, [0, 0])
            acc[0] += hit
            acc[1] += n
    summary: dict[str, Any] = {
        "articles": len(scores),
        "failed_articles": sum(1 for s in scores if s.error),
        **{k: total[k] for k in ("gold", "pred", "matched", "exact", "attributed", "kind_agreed")},
    }
    for label, key in (("statement", "matched"), ("attribution", "attributed"), ("exact", "exact")):
        p, r, f = prf(total[key], total["pred"], total["gold"])
        summary[f"{label}_p"], summary[f"{label}_r"], summary[f"{label}_f1"] = (
            round(p, 4),
            round(r, 4),
            round(f, 4),
        )
    summary["recall_by_kind"] = {
        kind: {"matched": hit, "total": n, "recall": round(hit / n, 4) if n else 0.0}
        for kind, (hit, n) in sorted(kinds.items())
    }
    summary["errors"] = error_breakdown(scores)
    return summary


def format_summary(summary: Mapping[str, Any]) -> str:
    """A short plain-text table of a :func:`summarize` result."""
    lines = [
        f"articles {summary['articles']} (failed {summary['failed_articles']}); "
        f"gold {summary['gold']}, predicted {summary['pred']}, matched {summary['matched']}",
        f"{'':<12} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for label in ("statement", "attribution", "exact"):
        lines.append(
            f"{label:<12} {summary[f'{label}_p']:>6.3f} {summary[f'{label}_r']:>6.3f} "
            f"{summary[f'{label}_f1']:>6.3f}"
        )
    lines.append(
        "recall by kind: "
        + ", ".join(
            f"{k} {v['recall']:.3f} ({v['matched']}/{v['total']})"
            for k, v in summary["recall_by_kind"].items()
        )
    )
    e = summary["errors"]
    lines.append(
        f"missed {e['missed']}: cognitive cue (belief/intention/emotion/perception) "
        f"{e['missed_cognitive']}, speech cue {e['missed_speech']}, no cue {e['missed_no_cue']}"
    )
    lines.append(
        f"missed gold statements that keep a cue-split quote whole (the spec splits them): "
        f"{e['missed_split_quote']}"
    )
    lines.append(
        "missed by cue category: " + ", ".join(f"{k} {v}" for k, v in e["missed_by_category"].items())
    )
    lines.append("missed by kind: " + ", ".join(f"{k} {v}" for k, v in e["missed_by_kind"].items()))
    lines.append("top missed cues: " + ", ".join(f"{w} {n}" for w, n in e["top_missed_cues"]))
    lines.append(
        f"spurious {e['spurious']}; top spurious cues: "
        + ", ".join(f"{w} {n}" for w, n in e["top_spurious_cues"])
    )
    lines.append(f"matched with the wrong speaker: {e['wrong_speaker']}")
    return "\n".join(lines)
