"""Loaded and labelling words: lexicon loading and span finding (pure functions).

Three lexicons, tried in this order for each word:

``conflict_labels``  claimgraph's own list (data/conflict_labels.txt): labels such as
                     "terrorist", "regime", "so-called"; single words match on the word or its
                     lemma, phrases on the word sequence. Score 1.0 (on the list).
``vader``            VADER's valence lexicon (vaderSentiment/vader_lexicon.txt, shipped with the
                     vaderSentiment package): words whose mean valence is at least
                     ``VADER_MIN_VALENCE`` in absolute value. Score: the mean valence (-4..4).
``textblob``         TextBlob's subjectivity lexicon of adjectives (textblob/en/en-sentiment.xml,
                     public domain): adjectives whose subjectivity averaged over senses is at least
                     ``TEXTBLOB_MIN_SUBJECTIVITY`` and whose polarity is at least
                     ``TEXTBLOB_MIN_POLARITY`` in absolute value. Score: the mean polarity (-1..1).

data/not_loaded.txt silences the two general lexicons for words that news uses plainly
("killed", "war", "great"), and every lexicon inside technical phrases ("criminal case",
"sanctions regime"). Words inside proper names are not matched by the general lexicons.

Everything is a set or dict lookup per word: O(words) per text. Voice (narrator or quoted)
is decided by :func:`assign_voices` from the statements' content spans.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from claimgraph.model import LoadedSpan
from claimgraph.resources import data_lines

VADER_MIN_VALENCE = 2.5
TEXTBLOB_MIN_SUBJECTIVITY = 0.9
TEXTBLOB_MIN_POLARITY = 0.6
LABEL_SCORE = 1.0

LABELS = "conflict_labels"
VADER = "vader"
TEXTBLOB = "textblob"

_PIECE = re.compile(r"\w+|[^\w\s]")
_VADER_WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$")
_ADJ_TAGS = frozenset({"JJ", "JJR", "JJS"})


class Tok(NamedTuple):
    """One token: what span finding needs from a tokenizer (spaCy or :func:`tokenize`)."""

    text: str
    start: int
    lemma: str = ""
    tag: str = ""  # Penn Treebank tag; "" when unknown (then any part of speech is accepted)
    is_name: bool = False  # part of a proper name (a named entity)


@dataclass(frozen=True)
class Lexicons:
    labels: frozenset[str]  # single-word labels
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> label phrases (longest first)
    stop_words: frozenset[str]
    stop_phrases: dict[str, tuple[tuple[str, ...], ...]]
    vader: dict[str, float]  # strong-valence forms
    vader_forms: frozenset[str]  # every form VADER rates
    textblob: dict[str, float]


def pieces(text: str) -> list[str]:
    """A phrase as the word pieces matching works on: "so-called" -> ["so", "-", "called"]."""
    return _PIECE.findall(text.lower())


def tokenize(text: str) -> list[Tok]:
    """A plain tokenizer for use without spaCy (no lemmas, tags or names)."""
    return [Tok(m.group(), m.start()) for m in _PIECE.finditer(text)]


def _phrase_index(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in phrases:
        index[phrase[0]].append(phrase)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


def _split(lines: Iterable[str]) -> tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]]:
    words, phrases = set(), []
    for line in lines:
        parts = tuple(pieces(line.strip()))
        if len(parts) == 1:
            words.add(parts[0])
        elif parts:
            phrases.append(parts)
    return frozenset(words), _phrase_index(phrases)


def _package_file(package: str, *path: str) -> str:
    return resources.files(package).joinpath(*path).read_text(encoding="utf-8", errors="replace")


def read_vader(text: str, min_valence: float = 0.0) -> dict[str, float]:
    """Words of a VADER lexicon (``word<TAB>mean<TAB>sd<TAB>ratings``) with ``|valence| >= min_valence``."""
    table = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not _VADER_WORD.match(fields[0]):
            continue
        try:
            valence = float(fields[1])
        except ValueError:
            continue
        if abs(valence) >= min_valence:
            table[fields[0]] = valence
    return table


def read_textblob(
    text: str,
    min_subjectivity: float = TEXTBLOB_MIN_SUBJECTIVITY,
    min_polarity: float = TEXTBLOB_MIN_POLARITY,
) -> dict[str, float]:
    """Adjectives of TextBlob's en-sentiment.xml, averaged over senses, that are strongly subjective."""
    senses: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for word in ET.fromstring(text).iter("word"):
        form = (word.get("form") or "").lower()
        if word.get("pos") != "JJ" or not form or " " in form:
            continue
        senses[form].append((float(word.get("polarity") or 0), float(word.get("subjectivity") or 0)))
    table = {}
    for form, values in senses.items():
        polarity = sum(p for p, _ in values) / len(values)
        subjectivity = sum(s for _, s in values) / len(values)
        if subjectivity >= min_subjectivity and abs(polarity) >= min_polarity:
            table[form] = round(polarity, 3)
    return table


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """All lexicons, read once per process from claimgraph/data and the installed packages."""
    labels, label_phrases = _split(data_lines("conflict_labels.txt"))
    stop_words, stop_phrases = _split(data_lines("not_loaded.txt"))
    all_vader = read_vader(_package_file("vaderSentiment", "vader_lexicon.txt"))
    vader = {w: v for w, v in all_vader.items() if abs(v) >= VADER_MIN_VALENCE}
    textblob = read_textblob(_package_file("textblob", "en", "en-sentiment.xml"))
    return Lexicons(labels, label_phrases, stop_words, stop_phrases, vader, frozenset(all_vader), textblob)


def _words(tokens: Sequence[Tok]) -> list[Tok]:
    """Split tokens into the word pieces phrases are matched on ("so-called" -> so, -, called)."""
    out: list[Tok] = []
    for tok in tokens:
        parts = list(_PIECE.finditer(tok.text))
        if len(parts) <= 1:
            out.append(tok)
            continue
        for m in parts:
            out.append(Tok(m.group(), tok.start + m.start(), m.group().lower(), "", tok.is_name))
    return out


def _match_at(words: Sequence[Tok], i: int, index: dict[str, tuple[tuple[str, ...], ...]]) -> int:
    """Length in words of the longest phrase of ``index`` starting at ``words[i]`` (0 if none)."""
    for phrase in index.get(words[i].text.lower(), ()):
        end = i + len(phrase)
        if end <= len(words) and all(words[i + k].text.lower() == phrase[k] for k in range(1, len(phrase))):
            return len(phrase)
    return 0


def find_loaded(tokens: Sequence[Tok], text: str, lex: Lexicons | None = None) -> list[LoadedSpan]:
    """Loaded words in ``text`` (tokenised as ``tokens``), all with voice "narrator"."""
    lex = lex or lexicons()
    words = _words(tokens)
    blocked = [False] * len(words)
    for i in range(len(words)):
        n = _match_at(words, i, lex.stop_phrases)
        for k in range(i, i + n):
            blocked[k] = True
    spans: list[LoadedSpan] = []
    i = 0
    while i < len(words):
        if blocked[i]:
            i += 1
            continue
        n = _match_at(words, i, lex.phrases)
        if n and not any(blocked[i : i + n]):
            start, last = words[i].start, words[i + n - 1]
            end = last.start + len(last.text)
            spans.append(LoadedSpan(text[start:end], start, end, LABELS, LABEL_SCORE))
            i += n
            continue
        hit = _word_hit(words[i], lex)
        if hit:
            tok = words[i]
            end = tok.start + len(tok.text)
            spans.append(LoadedSpan(text[tok.start : end], tok.start, end, hit[0], hit[1]))
        i += 1
    return spans


def _word_hit(tok: Tok, lex: Lexicons) -> tuple[str, float] | None:
    word = tok.text.lower()
    if not word[:1].isalpha():
        return None
    lemma = tok.lemma.lower() or word
    # A label's lemma counts for nouns ("terrorists" -> terrorist) only: lemmatisers map verb
    # forms onto unrelated labels ("shaming" -> sham); verb forms are listed explicitly.
    if word in lex.labels or (lemma in lex.labels and (not tok.tag or tok.tag[:2] == "NN")):
        return LABELS, LABEL_SCORE
    if tok.is_name or word in lex.stop_words or lemma in lex.stop_words:
        return None
    # VADER rates word forms: a form it lists decides ("failing" -2.3 is under the bar even
    # though "fail" is -2.5); the lemma is used only for forms it does not list.
    vader_key = word if word in lex.vader_forms else lemma
    if vader_key in lex.vader:
        return VADER, lex.vader[vader_key]
    if not tok.tag or tok.tag in _ADJ_TAGS:
        for key in (word, lemma):
            if key in lex.textblob:
                return TEXTBLOB, lex.textblob[key]
    return None


# Quotation marks: curly pairs, and straight double quotes taken in turn within a paragraph.
_OPEN_CLOSE = {"“": "”", "„": "“", "«": "»"}
_MAX_QUOTE = 3000  # an unclosed quotation mark does not swallow the rest of the article


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (the marks excluded), in one pass each.

    Double quotes: curly pairs, guillemets, straight quotes taken in turn; a quotation
    never crosses a blank line and one left open is dropped. Curly single quotes count
    when they cannot be apostrophes (see ``_single_quoted``). These are words the
    outlet quotes even where no statement was extracted (scare quotes, quoted fragments).
    """
    ranges: list[tuple[int, int]] = []
    opened: int | None = None
    closer = ""
    for i, ch in enumerate(text):
        if opened is not None:
            if ch == closer or (closer == "“" and ch == "”"):
                ranges.append((opened + 1, i))
                opened = None
            elif ch == "\n" and text.startswith("\n", i + 1) or i - opened > _MAX_QUOTE:
                opened = None
        elif ch in _OPEN_CLOSE:
            opened, closer = i, _OPEN_CLOSE[ch]
        elif ch == '"':
            opened, closer = i, '"'
    return ranges + _single_quoted(text)


def _single_quoted(text: str) -> list[tuple[int, int]]:
    """Ranges inside curly single quotes (‘...’) that open after a space or bracket and close
    before a non-letter, so that apostrophes ("Kiev’s") neither open nor close a quote."""
    ranges = []
    for m in _SINGLE.finditer(text):
        ranges.append((m.start(1), m.end(1)))
    return ranges


_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[“\"]))‘([^‘’\n]{1,300}?)’(?![^\W\d_])", re.M)


def assign_voices(
    spans: Iterable[LoadedSpan],
    contents: Iterable[tuple[int, int, str]],
    quotes: Iterable[tuple[int, int]] = (),
) -> list[LoadedSpan]:
    """Mark each span "quoted" (with the statement id) when it lies inside a statement's
    content ``(start, end, id)``, "quoted" without a statement when it lies inside
    quotation marks ``quotes`` outside any statement, else "narrator".
    Spans are changed in place and returned."""
    contents = list(contents)
    ranges = sorted((s, e, sid) for s, e, sid in contents if e > s)
    quote_ranges = sorted(q for q in quotes if q[1] > q[0])
    quote_starts = [q[0] for q in quote_ranges]
    starts = [r[0] for r in ranges]
    out = []
    for span in spans:
        span.voice, span.statement = "narrator", None
        # Content spans may nest or overlap (a mixed statement and its quoted fragment):
        # look back from the last range starting at or before the span for one containing it.
        k = bisect.bisect_right(starts, span.start) - 1
        while k >= 0:
            s, e, sid = ranges[k]
            if s <= span.start and span.end <= e:
                span.voice, span.statement = "quoted", sid
                break
            k -= 1
            if k >= 0 and span.start - ranges[k][0] > _MAX_CONTENT:
                break
        if span.voice == "narrator":
            q = bisect.bisect_right(quote_starts, span.start) - 1
            if q >= 0 and quote_ranges[q][0] <= span.start and span.end <= quote_ranges[q][1]:
                span.voice = "quoted"
        out.append(span)
    return out


# Content spans longer than this are not searched backwards for (keeps voice assignment
# near O(spans log statements) even with many statements; no statement is this long).
_MAX_CONTENT = 20_000


def overlaps(span: LoadedSpan, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(span.start < e and s < span.end for s, e in ranges)
