"""How outlets tell it: cue classes by speaker and side, and narrator loaded language.

Pure: :func:`compare` takes analyses (from ``analyze`` or a store) and returns a
:class:`Comparison` of plain data; ``to_dict`` gives its JSON. Per outlet
(``Article.outlet``, ``(unknown)`` when missing) it counts the cue classes of the
statements by speaker and by the speaker's side (rhetoric.sides), and measures the
outlet's own loaded language: narrator-voice loaded words per 1,000 narrator words
(words outside every statement's content and every quotation), listed apart from the
quoted ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from claimgraph.model import Analysis, Statement
from claimgraph.rhetoric.cues import ALL_CLASSES, NONE, UNCLASSIFIED, classify_cue, cue_key
from claimgraph.rhetoric.loaded import quoted_ranges
from claimgraph.rhetoric.sides import UNKNOWN, statement_side

UNKNOWN_OUTLET = "(unknown)"


def statement_class(statement: Statement) -> str:
    """The cue class of a statement (``none`` without a cue; classified now if never set)."""
    if statement.cue is None:
        return NONE
    if statement.cue.cls and statement.cue.cls != UNCLASSIFIED:
        return statement.cue.cls
    return classify_cue(statement.cue.lemma, statement.cue.text)


def _ordered(counts: Counter[str]) -> dict[str, int]:
    """Class counts in the fixed class order, zero classes left out."""
    return {cls: counts[cls] for cls in ALL_CLASSES if counts[cls]}


def narrator_word_count(analysis: Analysis) -> int:
    """Words of the text in the outlet's own voice: outside every statement's content and
    outside quotation marks (the same rule that gives loaded words their voice)."""
    text = analysis.text
    spans = [(s.content.start, s.content.end) for s in analysis.statements]
    ranges = sorted(
        (max(0, start), min(len(text), end)) for start, end in spans + quoted_ranges(text) if end > start
    )
    words, pos = 0, 0
    for start, end in ranges:
        if start > pos:
            words += _count_words(text[pos:start])
        pos = max(pos, end)
    return words + _count_words(text[pos:])


def _count_words(text: str) -> int:
    """Whitespace-separated words with a letter or digit (a lone quotation mark is not one)."""
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


@dataclass
class GroupCounts:
    """Cue-class counts of one speaker or side."""

    side: str = UNKNOWN
    classes: Counter[str] = field(default_factory=Counter)

    @property
    def statements(self) -> int:
        return sum(self.classes.values())

    def share(self, cls: str) -> float:
        return self.classes[cls] / self.statements if self.statements else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "statements": self.statements,
            "classes": _ordered(self.classes),
        }


@dataclass
class OutletReport:
    outlet: str
    articles: int = 0
    words: int = 0
    narrator_words: int = 0
    classes: Counter[str] = field(default_factory=Counter)
    speakers: dict[str, GroupCounts] = field(default_factory=dict)
    sides: dict[str, GroupCounts] = field(default_factory=dict)
    narrator_terms: Counter[str] = field(default_factory=Counter)
    quoted_terms: Counter[str] = field(default_factory=Counter)
    quoted_terms_by_side: dict[str, Counter[str]] = field(default_factory=dict)
    unclassified_cues: Counter[str] = field(default_factory=Counter)

    @property
    def statements(self) -> int:
        return sum(self.classes.values())

    @property
    def narrator_loaded(self) -> int:
        return sum(self.narrator_terms.values())

    @property
    def narrator_rate(self) -> float:
        """Narrator-voice loaded words per 1,000 narrator words."""
        return 1000 * self.narrator_loaded / self.narrator_words if self.narrator_words else 0.0

    def add(self, analysis: Analysis) -> None:
        self.articles += 1
        self.words += analysis.word_count
        self.narrator_words += narrator_word_count(analysis)
        sides: dict[str, str] = {}
        for statement in analysis.statements:
            side = statement_side(statement, analysis)
            sides[statement.id] = side
            self.add_statement(statement, side)
        for span in analysis.loaded:
            self.add_loaded(span.text, span.voice, sides.get(span.statement or "", UNKNOWN))

    def add_statement(self, statement: Statement, side: str, n: int = 1) -> None:
        """Count ``n`` statements like this one, its speaker on ``side``."""
        cls = statement_class(statement)
        speaker = statement.speaker.name or UNKNOWN
        self.classes[cls] += n
        self.speakers.setdefault(speaker, GroupCounts(side)).classes[cls] += n
        self.sides.setdefault(side, GroupCounts(side)).classes[cls] += n
        if cls == UNCLASSIFIED and statement.cue is not None:
            self.unclassified_cues[cue_key(statement.cue.lemma, statement.cue.text)] += n

    def add_loaded(self, text: str, voice: str, side: str, n: int = 1) -> None:
        """Count ``n`` loaded words ``text`` in ``voice``; ``side``: of the quoted speaker."""
        term = text.lower()
        if voice == "quoted":
            self.quoted_terms[term] += n
            self.quoted_terms_by_side.setdefault(side, Counter())[term] += n
        else:
            self.narrator_terms[term] += n

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "articles": self.articles,
            "words": self.words,
            "narrator_words": self.narrator_words,
            "statements": self.statements,
            "cue_classes": _ordered(self.classes),
            "by_side": {k: v.to_dict() for k, v in sorted(self.sides.items())},
            "by_speaker": {k: v.to_dict() for k, v in sorted(self.speakers.items())},
            "narrator_loaded": self.narrator_loaded,
            "narrator_loaded_per_1000_words": round(self.narrator_rate, 2),
            "narrator_terms": dict(self.narrator_terms.most_common()),
            "quoted_terms": dict(self.quoted_terms.most_common()),
            "quoted_terms_by_side": {
                k: dict(v.most_common()) for k, v in sorted(self.quoted_terms_by_side.items())
            },
            "unclassified_cues": dict(self.unclassified_cues.most_common()),
        }


@dataclass
class Comparison:
    outlets: dict[str, OutletReport] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"outlets": {name: r.to_dict() for name, r in sorted(self.outlets.items())}}


def compare(analyses: Iterable[Analysis]) -> Comparison:
    """Per-outlet cue classes by speaker and side, and narrator vs quoted loaded language."""
    result = Comparison()
    for analysis in analyses:
        outlet = analysis.article.outlet or UNKNOWN_OUTLET
        result.outlets.setdefault(outlet, OutletReport(outlet)).add(analysis)
    return result


def outlet_report(analyses: Iterable[Analysis], outlet: str) -> OutletReport:
    """One outlet's report (what the web app's outlet page shows)."""
    report = OutletReport(outlet)
    for analysis in analyses:
        if (analysis.article.outlet or UNKNOWN_OUTLET) == outlet:
            report.add(analysis)
    return report


def cue_counts(analyses: Iterable[Analysis]) -> Counter[tuple[str, str]]:
    """How often each cue (normalised lemma) occurs, with its class: ``(cue, class) -> n``."""
    counts: Counter[tuple[str, str]] = Counter()
    for analysis in analyses:
        for statement in analysis.statements:
            if statement.cue is not None:
                key = cue_key(statement.cue.lemma, statement.cue.text)
                counts[(key, statement_class(statement))] += 1
    return counts
