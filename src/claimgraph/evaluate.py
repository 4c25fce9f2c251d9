"""Scoring claimgraph's statements against gold annotations (../shared/spec/gold-format.md).

The rule, as the spec states it:

- a predicted statement *matches* a gold one when their content character spans have
  Jaccard overlap >= 0.5; matching is one-to-one, best pairs first;
- statement precision/recall/F1 count matches;
- attribution F1 counts matches whose speaker is also right: the predicted speaker name
  (or its entity's affiliation) equals the gold name, contains all its words, or is
  contained in it with the same last word (accents, case and honorifics such as "Mr."
  ignored), or the predicted speaker mention overlaps the gold ``mention_span``, or, where
  the gold mention names nobody ("he", "the campaign"), a mention of the predicted
  entity overlaps it;
- exact F1 counts matches with Jaccard >= 0.9;
- recall by kind is the share of gold statements of each kind that are matched.

This is the rule of the referee, ../shared/tools/score.py, detail for detail (ties among
equally good pairs go to the later gold and predicted statement, as there), so that both
give the same figures.

Speech only: the targets for PolNeAR count speech, not the internal states and evidence
it also annotates. A gold statement is *speech* unless its cue is a belief, intention,
emotion, perception or evidence cue (:func:`cue_category`). Speech recall = speech gold
matched / speech gold; speech precision = predictions matched to speech gold /
(predictions - predictions matched to non-speech gold): a prediction that found a belief
is neither right nor wrong for speech.

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
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from claimgraph.errors import InputError
from claimgraph.identity.fold import fold

MATCH_THRESHOLD = 0.5
EXACT_THRESHOLD = 0.9

COGNITIVE_CATEGORIES = ("belief", "intention", "emotion", "perception")
"""Cue categories of internal states rather than speech (see data/cognitive_cues.txt)."""
NON_SPEECH_CATEGORIES = (*COGNITIVE_CATEGORIES, "evidence")
"""Gold statements with cues of these categories are left out of the speech-only figures."""

_NON_NAME_WORDS = frozenset({"the", "a", "an"})
_UNNAMED_FIRST_WORDS = frozenset({"he", "she", "they", "it", "we", "i", "the"})

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

    @property
    def speech(self) -> bool:
        """Speech, not an internal state or evidence (by the cue's category)."""
        return cue_category(self.cue) not in NON_SPEECH_CATEGORIES

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
    entity_mention_spans: list[Spans] = field(default_factory=list)  # all mentions of the speaker

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
    speech_gold: int = 0
    speech_matched: int = 0  # predictions matched to speech gold
    speech_attributed: int = 0
    nonspeech_matched: int = 0  # predictions matched to internal-state or evidence gold
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
            "speech_gold": self.speech_gold,
            "speech_matched": self.speech_matched,
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
        entity_spans = [
            (m["start"], m["end"])
            for m in (entity or {}).get("mentions") or []
            if same_text and isinstance(m, dict) and isinstance(m.get("start"), int)
        ]
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
                entity_mention_spans=entity_spans,
            )
        )
    return out


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

    Ties go to the higher gold index, then the higher pred index (as the referee sorts).
    """
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            j = jaccard(g, p)
            if j >= threshold:
                pairs.append((j, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    matches = []
    for j, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matches.append((j, gi, pi))
    return matches


@lru_cache(maxsize=1)
def name_honorifics() -> frozenset[str]:
    text = resources.files("claimgraph.data").joinpath("name_honorifics.txt").read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def name_words(name: str | None) -> list[str]:
    """Words of a name with accents, case, possessive 's, articles and honorifics removed
    (a name that is nothing but an honorific keeps it)."""
    folded = re.sub(r"'s\b", "", fold(name or ""))
    words = [w for w in re.findall(r"[\w-]+", folded) if w not in _NON_NAME_WORDS]
    return [w for w in words if w not in name_honorifics()] or words


def names_nobody(mention: str | None) -> bool:
    """A gold mention that names nobody ("he", "the campaign"): only its position tells who."""
    words = (mention or "").split()
    return not words or words[0][0].islower() or words[0].lower() in _UNNAMED_FIRST_WORDS


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
    if gold.mention_span:
        spans = [pred.mention_span] if pred.mention_span else []
        if names_nobody(gold.mention or gold.speaker):
            spans += pred.entity_mention_spans
        if any(min(gold.mention_span[1], s[1]) > max(gold.mention_span[0], s[0]) for s in spans):
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
        right = speaker_correct(golds[gi], preds[pi])
        if golds[gi].speech:
            result.speech_matched += 1
            result.speech_attributed += right
        else:
            result.nonspeech_matched += 1
        if right:
            result.attributed += 1
        else:
            result.wrong_speaker.append((golds[gi], preds[pi]))
    result.speech_gold = sum(g.speech for g in golds)
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
    n_missed = n_spurious = n_wrong = 0
    for score in scores:
        n_wrong += len(score.wrong_speaker)
        for g in score.missed:
            n_missed += 1
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
            speech_gold=s.speech_gold,
            speech_matched=s.speech_matched,
            speech_attributed=s.speech_attributed,
            nonspeech_matched=s.nonspeech_matched,
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
    # Speech only: a prediction matched to a belief or evidence record is left out of both sides.
    speech_pred = total["pred"] - total["nonspeech_matched"]
    summary["speech_gold"], summary["speech_pred"] = total["speech_gold"], speech_pred
    for label, key in (("speech", "speech_matched"), ("speech_attribution", "speech_attributed")):
        p, r, f = prf(total[key], speech_pred, total["speech_gold"])
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
        f"speech only (gold {summary['speech_gold']} without belief/intention/emotion/perception/"
        f"evidence cues; predicted {summary['speech_pred']} not matched to those):"
    )
    for label, shown in (("speech", "statement"), ("speech_attribution", "attribution")):
        lines.append(
            f"  {shown:<10} {summary[f'{label}_p']:>6.3f} {summary[f'{label}_r']:>6.3f} "
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
        "missed by cue category: " + ", ".join(f"{k} {v}" for k, v in e["missed_by_category"].items())
    )
    lines.append("missed by kind: " + ", ".join(f"{k} {v}" for k, v in e["missed_by_kind"].items()))
    lines.append("top missed cues: " + ", ".join(f"{w} {n}" for w, n in e["top_missed_cues"]))
    lines.append(
        f"spurious {e['spurious']}; top spurious cues: "
        + ", ".join(f"{w} {n}" for w, n in e["top_spurious_cues"])
    )
    lines.append(f"matched with the wrong speaker: {e['wrong_speaker']}")
    speakers = summary.get("speakers")
    if speakers is not None:
        bad = speakers["not_somebody"]
        lines.append(
            f"speaker names {speakers['names']}, not somebody {len(bad)}"
            + (": " + ", ".join(repr(b["name"]) for b in bad[:20]) if bad else "")
        )
    return "\n".join(lines)
