"""Names as claimgraph compares them across articles.

:func:`parse_name` reads a speaker's name as the analysis gave it ("Russian President
Vladimir Putin", "Mr. Trump's", "the Skyvale Airlines", "J.K. Rowling") into a
:class:`NameForm`: the name without titles, honorifics and possessives, its parts (first
name, middle names or initials, surname, suffix) and one folded ``form`` that is equal for
every spelling of the same name. :func:`covers` says when one name is a fuller version of
another ("Donald J. Trump" of "Trump"); :mod:`claimgraph.identity.decide` decides
identities from it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from claimgraph.identity.fold import fold
from claimgraph.resources import data_lines, honorifics, organisation_words

PERSON, ORG = "person", "org"
_PERSON_LIKE = ("PERSON", None, "")
_PAREN = re.compile(r"\(([^()]*)\)")
_QUOTED = re.compile(r"[\"\u201c\u201d][^\"\u201c\u201d]*[\"\u201c\u201d]")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]?$|^[^\W\d_]$")
_CAPS_INITIALS = re.compile(r"^[^\W\d_]{2,3}$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$")
# A particle written onto the name: "al-Sisi", "d'Estaing", "bin-Talal".
_PREFIXED = re.compile(r"^(?:al|el|ad|as|an|ar|at|az|ash|bin|ibn|d|l|dell)['\u2019-]", re.IGNORECASE)
_ARTICLE_PREFIX = re.compile(r"^(?:al|el)-")


@lru_cache(maxsize=1)
def _parts() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for line in data_lines("name_parts.tsv"):
        word, _, kind = line.partition("\t")
        kinds.setdefault(kind.strip(), set()).add(word.strip())
    return {kind: frozenset(words) for kind, words in kinds.items()}


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Folded words of a title of office (any case), from the three data files."""
    parts = _parts()
    from_honorifics = {fold(word) for word in honorifics()}
    return frozenset(parts["title"] | parts["regnal"] | from_honorifics) - parts["courtesy"]


@lru_cache(maxsize=1)
def _org_tail_words() -> frozenset[str]:
    """Last words that make a name an organisation's ("Skyvale Airlines", "State Security Bureau")."""
    parts = _parts()
    return frozenset(parts["designator"] | parts["organisation"] | organisation_words())


@dataclass(frozen=True)
class NameForm:
    """One name as the store compares it (see :func:`parse_name`)."""

    form: str  # folded, without titles: equal for every spelling of one name
    display: str  # the clean name to show: "Donald J. Trump"
    kind: str  # "person", "org" or "other" (places, nationalities, groups)
    tokens: tuple[str, ...]  # folded words of ``form``
    first: str | None = None  # person: first name or initial (folded)
    middles: tuple[str, ...] = ()  # person: middle names or initials
    surname: str = ""  # person: surname key, particles kept, "al-"/"el-" dropped
    suffix: str | None = None  # person: "jr", "iii"
    fixed: bool = False  # a name with its title ("King Harald"): matched only as a whole
    acronym: str | None = None  # org: "SSB" from "State Security Bureau (SSB)"
    dropped: tuple[str, ...] = ()  # what was taken off: "honorific dropped", ...

    @property
    def initials(self) -> int:
        """First and middle names given only as initials."""
        return sum(1 for t in (self.first or "", *self.middles) if len(t) == 1)


def _word(token: str) -> str:
    """A token folded for comparison, without dots: "Sen." -> "sen", "J.K." -> "j k"."""
    return " ".join(t.strip("'-") for t in fold(token.replace(".", " ")).split())


def _clean_word(word: str) -> str:
    """A word without the punctuation around it; the dot of an abbreviation stays ("Jr.")."""
    word = word.strip("\":;!?*\u201c\u201d").lstrip("'")
    if word.endswith("'") and not word.endswith("s'"):
        word = word[:-1]
    if word.endswith(".") and not _INITIALS.match(word) and len(word) > 4:
        low = _word(word)
        if low not in _parts()["suffix"] and low not in _parts()["designator"]:
            word = word.rstrip(".")
    return word


def _kind(words: list[str], etype: str | None) -> str:
    if etype == "ORG":
        return ORG
    if etype in _PERSON_LIKE:
        if len(words) > 1 and _word(words[-1]) in _org_tail_words():
            return ORG  # "Skyvale Airlines" untyped, "Brenholm Tribune" typed as a person
        return PERSON
    return "other"


@lru_cache(maxsize=65536)
def parse_name(name: str, etype: str | None = None) -> NameForm | None:
    """The name without what is not part of it; None when nothing is left.

    Person names lose a leading title ("Russian Foreign Ministry spokeswoman", "President",
    "Mr."), a possessive ("Trump's") and parenthesised or quoted asides; organisation names
    lose a leading "the" and a possessor ("Dravia's State Security Bureau"). ALL CAPS and
    lower-case names are read without the case cues. A pure function: the only thing the
    store may cache (names are parsed again on every write).
    """
    text = unicodedata.normalize("NFC", name).replace("\u2019", "'")
    acronym = None
    for inner in _PAREN.findall(text):
        if _ACRONYM.match(inner.strip()):
            acronym = inner.strip()
    text = _QUOTED.sub(" ", _PAREN.sub(" ", text)).replace(",", " ")
    words = [_clean_word(w) for w in text.split()]
    words = [w for w in words if any(ch.isalnum() for ch in w)]
    if not words:
        return None
    cased = any(ch.isupper() for ch in text) and any(ch.islower() for ch in text)
    if not cased and any(ch.isupper() for ch in text):
        # ALL CAPS: read (and show) it title-cased; acronyms of organisations stay as they are.
        if _kind(words, etype) == PERSON:
            words = [_title_case(w) for w in words]
    kind = _kind(words, etype)
    dropped: list[str] = []
    if len(words) > 1 and _word(words[0]) == "the":
        words = words[1:]
        dropped.append("article dropped")
    if kind == PERSON:
        return _person(words, cased, dropped)
    if kind == ORG and len(words) >= 3 and _POSSESSIVE.search(words[0]):
        words = words[1:]
        dropped.append("possessor dropped")
    tokens = tuple(t for w in words for t in _word(w).split())
    if not tokens:
        return None
    return NameForm(" ".join(tokens), " ".join(words), kind, tokens, acronym=acronym,
                    dropped=tuple(dropped))


def _title_case(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def _is_name_particle(word: str, cased: bool, first: bool = False) -> bool:
    """A particle of a surname: "von", "de", "al-"; capitalised only the ones that never
    are first names ("De la Cruz", "Robert De Niro"; not "Van Jones" or "Al Gore")."""
    low = _word(word)
    parts = _parts()
    if _PREFIXED.match(word) or low in parts["surname"]:
        return True
    return low in parts["particle"] and (
        (cased and word[:1].islower()) or (not cased and not first)
    )


def _person(words: list[str], cased: bool, dropped: list[str]) -> NameForm | None:
    parts = _parts()
    titles = _title_words()
    cut = 0
    title_kinds: set[str] = set()
    for i, word in enumerate(words[:-1]):
        low = _word(word)
        if low in parts["courtesy"]:
            cut, kind = i + 1, "courtesy"
        elif low in titles or _POSSESSIVE.search(word) or low in organisation_words():
            cut, kind = i + 1, "title"
        elif cased and word[:1].islower() and not _is_name_particle(word, cased):
            cut, kind = i + 1, "title"  # "spokeswoman", "rail union boss"
        else:
            continue
        title_kinds.add(kind)
    regnal = cut and _word(words[cut - 1]) in parts["regnal"] and len(words) - cut == 1
    if regnal:
        # "King Harald", "Pope Clement": the title is how the name is said.
        name_words = words[cut - 1 :]
        title_kinds.discard("title") if cut == 1 else None
    else:
        name_words = words[cut:]
    if "courtesy" in title_kinds:
        dropped.append("honorific dropped")
    if "title" in title_kinds:
        dropped.append("title dropped")
    if _POSSESSIVE.search(name_words[-1]):
        name_words[-1] = _POSSESSIVE.sub("", name_words[-1]) or name_words[-1]
        dropped.append("possessive dropped")
    display = " ".join(name_words)
    if regnal:
        tokens = tuple(_word(display).split())
        return NameForm(" ".join(tokens), display, PERSON, tokens, fixed=True, dropped=tuple(dropped))
    return _person_parts(name_words, cased, display, dropped)


def _person_parts(words: list[str], cased: bool, display: str, dropped: list[str]) -> NameForm | None:
    parts = _parts()
    suffix = None
    if len(words) > 1 and _word(words[-1]) in parts["suffix"]:
        suffix = _word(words[-1])
        words = words[:-1]
    # The surname is the last word with the particles before it ("von der Leyen"); a
    # capitalised first word is a first name ("Van Jones", "Al Gore") unless it is a
    # particle that only ever starts a surname ("De la Cruz").
    start = len(words) - 1
    while start > 0 and _is_name_particle(words[start - 1], cased, first=start == 1):
        start -= 1
    surname_words = [t for w in words[start:] for t in _word(w).split()]
    given = words[:start]
    given_tokens: list[str] = []
    for word in given:
        if _INITIALS.match(word) or (cased and _CAPS_INITIALS.match(word) and word.isupper()):
            given_tokens.extend(ch for ch in fold(word) if ch.isalnum())
        else:
            given_tokens.extend(_word(word).split())
    if not surname_words:
        return None
    key_words = [_ARTICLE_PREFIX.sub("", w) for w in surname_words]
    key_words = [w for w in key_words if w not in parts["article"]] or key_words
    if key_words != surname_words:
        dropped.append("article al-/el- ignored")
    surname = " ".join(key_words)
    first = given_tokens[0] if given_tokens else None
    middles = tuple(given_tokens[1:])
    tokens = tuple([*given_tokens, *key_words, *([suffix] if suffix else [])])
    return NameForm(" ".join(tokens), display, PERSON, tokens, first=first, middles=middles,
                    surname=surname, suffix=suffix, dropped=tuple(dropped))


def _part_of(short: str, full: str) -> bool:
    """A name part says no more than another: equal, or its initial ("j" of "john")."""
    return short == full or (len(short) == 1 and full.startswith(short))


def _subsequence(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    i = 0
    for part in full:
        if i < len(short) and _part_of(short[i], part):
            i += 1
    return i == len(short)


def covers(full: NameForm, short: NameForm) -> bool:
    """``full`` is a fuller version of ``short``: everything ``short`` says, ``full`` says.

    Persons: the same surname and suffix, and the short name's first and middle names are
    the full one's or their initials ("Trump", "D. Trump", "Donald Trump" of "Donald J.
    Trump"; never "Bill Clinton" of "Hillary Clinton"). Organisations: the short name starts
    the full one and only designators follow ("Skyvale" of "Skyvale Airlines").
    """
    if full.form == short.form or full.fixed or short.fixed:
        return False
    if full.kind == PERSON:
        if short.kind != PERSON or full.surname != short.surname:
            return False
        if short.first is None:
            # A bare surname fits a "Jr." too; "Donald Trump" does not fit "Donald Trump Jr.".
            return not short.middles and short.suffix in (None, full.suffix)
        if full.suffix != short.suffix:
            return False
        if full.first is None or not _part_of(short.first, full.first):
            return False
        return _subsequence(short.middles, full.middles)
    if full.kind == ORG and short.kind in (ORG, PERSON) and len(short.tokens) < len(full.tokens):
        if short.kind == PERSON and len(short.tokens) > 1:
            return False  # "Maria Skyvale" is a person's name, not a short one
        n = len(short.tokens)
        if full.tokens[:n] == short.tokens:
            return all(t in _parts()["designator"] for t in full.tokens[n:])
        # "the Tribune" of "Brenholm Tribune"; never a generic head ("the Ministry").
        return (short.kind == ORG and short.tokens == full.tokens[-1:]
                and short.tokens[0] not in organisation_words()
                and short.tokens[0] not in _parts()["designator"])
    return False


def join_reason(short: NameForm, full: NameForm) -> str:
    """Why ``short`` was taken for the speaker that ``full`` names (``covers(full, short)``)."""
    if full.kind == ORG:
        if short.tokens == full.tokens[-1:]:
            return "last word of the only known organisation"
        return "short name of the only known organisation"
    if short.first is None:
        return "surname of the only known person"
    if len(short.first) == 1 and full.first and len(full.first) > 1:
        return "first initial of the only known person"
    if len(short.middles) < len(full.middles):
        extra = [m for m in full.middles if m not in short.middles]
        return "middle initial dropped" if all(len(m) == 1 for m in extra) else "middle name dropped"
    return "middle initial of the only known person"


def rank(name: NameForm) -> tuple:
    """Sort key of the display name a speaker shows, best first, the same whatever the order
    names arrived in: full names before surnames, fewer initials, more words, mixed case,
    accents kept ("José" over "Jose"), longer."""
    mixed = any(ch.isupper() for ch in name.display) and any(ch.islower() for ch in name.display)
    accents = sum(1 for ch in name.display if ord(ch) > 127)
    if name.kind == PERSON:
        return (name.first is None, name.initials, -len(name.tokens), not mixed, -accents,
                -len(name.display), name.display)
    return (-len(name.tokens), not mixed, -accents, -len(name.display), name.display)
