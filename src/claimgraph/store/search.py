"""The search syntax of statement content, the same on SQLite (FTS5) and PostgreSQL.

    harbor piers          both words (stemmed: "pier" finds "piers")
    "our own harbor"      the words as a phrase (PostgreSQL, which does not index small
                          words, lets any small word stand for "our")
    harbor OR ferry       either side (AND binds tighter: ``a b OR c`` is ``(a b) OR c``)
    harbor -ferry         without "ferry"

The user's text is parsed here into terms, and each database gets an expression built from
them: quoted FTS5 strings (no FTS5 syntax of the user's reaches the parser) or PostgreSQL
``plainto_tsquery``/``phraseto_tsquery`` of bound parameters joined with ``tsquery_and``,
``tsquery_or`` and ``tsquery_not`` (store.queries). So both databases answer the same query
in the same way.

Russian words are found in any of their forms ("заявление" finds "заявления"): PostgreSQL
indexes and queries with its 'russian' configuration (Snowball's Russian stemmer for Cyrillic
words, the English one for Latin words), and SQLite's FTS5 indexes ``index_text`` (each
Cyrillic word replaced by the same Snowball stem; FTS5's porter tokenizer stems the English
words) and is queried with stems too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from claimgraph.lexicons import load

# PostgreSQL's english configuration drops these words from a query; dropping them
# from FTS5 queries too keeps the two databases' answers the same.
STOPWORDS = frozenset(
    "a an and are as at be but by for from had has have he her his i if in into is it its "
    "me my no not of on or our she so than that the their them then there these they this "
    "to was we were what when which who will with would you your".split()
)
_WORD = re.compile(r"\w+")
# A word with any Cyrillic letter is stemmed whole, as PostgreSQL's russian_stem takes it
# ("Україна" keeps its "ї"; cut around it, its parts would never match a query).
_CYRILLIC_WORD = re.compile(r"\w*[\u0400-\u04ff]\w*")


@cache
def russian_stopwords() -> frozenset[str]:
    """The Russian words PostgreSQL's 'russian' configuration drops (data/ru/search_stopwords)."""
    return frozenset(row.word for row in load("ru", "search_stopwords"))


@cache
def _russian_stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A Cyrillic word's Snowball Russian stem, lower-cased ("заявления" -> "заявлен");
    any other word as it is (FTS5's porter tokenizer stems English)."""
    if not _CYRILLIC_WORD.fullmatch(word):
        return word
    return str(_russian_stemmer().stemWord(word.lower()))


def index_text(content: str) -> str:
    """What SQLite's FTS5 indexes for a statement's content: the text with each Cyrillic word
    replaced by its stem, in place, so phrases still match."""
    return _CYRILLIC_WORD.sub(lambda m: stem(m.group(0)), content)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')

Term = tuple[str, ...]
"""One word, or the words of a phrase, lower-cased."""


@dataclass
class Query:
    """``(g1 AND ...) OR (g2 AND ...) ... AND NOT excluded...``"""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(self.groups)

    @property
    def words(self) -> list[str]:
        """The words searched for (not the excluded ones), for highlighting."""
        return list(dict.fromkeys(w for group in self.groups for term in group for w in term))


def _term(text: str) -> Term:
    """The words of ``text``; a phrase keeps its stop words (both databases match them in
    place: FTS5 exactly, PostgreSQL as a gap), a word alone that is one is dropped."""
    words = tuple(_WORD.findall(text.lower()))
    if all(w in STOPWORDS or w in russian_stopwords() for w in words):
        return ()
    return words


def parse(user_text: str) -> Query:
    query = Query(groups=[[]])
    for match in _TOKEN.finditer(user_text):
        negated, phrase, bare = match.groups()
        if bare == "OR":
            if query.groups[-1]:
                query.groups.append([])
            continue
        if bare is not None:
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            words = _term(bare[1:] if negated else bare)
            # a hyphenated or dotted word ("e-mail") is a phrase of its parts
            terms = [words] if words else []
        else:
            words = _term(phrase)
            terms = [words] if words else []
        for term in terms:
            (query.excluded if negated else query.groups[-1]).append(term)
    query.groups = [g for g in query.groups if g]
    return query


def fts5_expression(query: Query) -> str | None:
    """The FTS5 MATCH expression of ``query``; None when it has no positive term."""
    if query.empty:
        return None

    def quoted(term: Term) -> str:
        return '"' + " ".join(stem(w) for w in term) + '"'

    groups = ["(" + " AND ".join(quoted(t) for t in group) + ")" for group in query.groups]
    expression = "(" + " OR ".join(groups) + ")"
    for term in query.excluded:
        expression += f" NOT {quoted(term)}"
    return expression
