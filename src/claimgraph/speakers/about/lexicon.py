"""The words "about" reads: pronoun classes, determiners, the noun tables (data files) and
the tests on a noun that these give."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from claimgraph.resources import country_words, data_lines, data_table
from claimgraph.speakers.entities import role_nouns
from claimgraph.speakers.people import people_reason
from claimgraph.speakers.resolve import pronouns

FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
THIRD_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
# Forms pronouns.tsv does not list, and the one it does list for them.
PRONOUN_FORMS = {"himself": "him", "herself": "her", "hers": "her", "itself": "it", "them": "they",
                 "themselves": "they", "theirs": "their"}
# Words that make a noun phrase refer to something known: "the union", "this woman".
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# Words that make it generic: "every reporter", "any offer", "no company".
GENERIC = frozenset({"every", "each", "any", "no", "some", "many", "most", "all", "what", "which"})
# Named-entity labels of times and quantities: "on Monday it said" still opens with "it".
NUMERIC = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
SIDES_MARKERS = frozenset({"both", "two", "either", "neither", "each"})
# Blocs and bodies in countries.tsv are no country a capital stands for.
NOT_NATIONS = frozenset({"West", "United Nations"})
DEMONYM_ENDINGS = ("ian", "ean", "an", "ese", "ish", "i")


@lru_cache(maxsize=1)
def about_nouns() -> dict[str, str]:
    return data_table("about_nouns.tsv")


@lru_cache(maxsize=1)
def not_company() -> frozenset[str]:
    """Head nouns of organisations that are no company: "the company" is never a union."""
    return frozenset(w for w, kind in about_nouns().items() if kind in ("body", "government", "agents"))


@lru_cache(maxsize=1)
def group_nouns() -> dict[str, str]:
    """Group noun, plural or singular ("nurses", "nurse") -> its plural."""
    table: dict[str, str] = {}
    for line in data_lines("group_nouns.txt"):
        plural = line.strip().lower()
        table[plural] = plural
        for singular in _singulars(plural):
            table.setdefault(singular, plural)
    return table


def _singulars(word: str) -> list[str]:
    if word.endswith("men"):
        return [word[:-3] + "man"]
    if word == "children":
        return ["child"]
    if word.endswith("ies"):
        return [word[:-3] + "y"]
    if word.endswith(("ches", "shes", "sses", "xes")):
        return [word[:-2]]
    if word.endswith("s") and not word.endswith("ss"):
        return [word[:-1]]
    return []


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Country -> a nationality adjective of it from countries.tsv ("Russia" -> "Russian")."""
    found: dict[str, str] = {}
    for word, country in country_words().items():
        if word != country and word[:1].isupper() and word.endswith(DEMONYM_ENDINGS) and " " not in word:
            found.setdefault(country, word)
    return found


def derives(adjective: str, country: str) -> bool:
    """ "Valdorian" is the nationality adjective of "Valdoria" (the country's name plus an ending)."""
    a, c = adjective.lower(), country.lower()
    if len(c) < 4 or a == c or not a.endswith(DEMONYM_ENDINGS):
        return False
    stem = c[:-1] if c.endswith(("a", "e", "y")) else c
    return a.startswith(stem) and len(a) - len(stem) <= 4


def denotes_people(token: Token) -> bool:
    """A noun for people ("correspondent", "neighbour", "nurses"), not for an organisation."""
    lemma = token.lemma_.lower()
    kind = role_nouns().get(lemma)
    if kind == "org":
        return False
    return kind in ("person", "group") or people_reason(lemma) is not None or lemma in group_nouns()


def denotes_body(token: Token) -> bool:
    """A noun for people or for a body of them: "our consul", "our police forces"."""
    lemma = token.lemma_.lower()
    return (
        denotes_people(token)
        or role_nouns().get(lemma) == "org"
        or about_nouns().get(lemma) in ("body", "agents", "government")
    )


@lru_cache(maxsize=1)
def _pronoun_words() -> frozenset[str]:
    return frozenset(pronouns()) | frozenset(PRONOUN_FORMS) | FIRST_SINGULAR | FIRST_PLURAL


def is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" and token.lower_ in _pronoun_words()


def may_stand_for_something(token: Token, titles: frozenset[str], org_heads: frozenset[str]) -> bool:
    """A common noun one of the tables knows, a title an article's person holds or the
    last word of one of its organisations' names: the only nouns the noun rules read."""
    lemma, word = token.lemma_.lower(), token.lower_
    return (about_nouns().get(lemma) is not None or lemma in role_nouns() or word in group_nouns()
            or word in titles or lemma in org_heads)
