"""Which language an article is in (py3langid, a kept model shipped in its wheel), and the
one-line refusal of a language claimgraph does not analyse."""

from __future__ import annotations

import re
from functools import lru_cache

from claimgraph.errors import InputError
from claimgraph.readers.items import one_line
from claimgraph.resources import data_table

SUPPORTED = ("en", "ru")

# The commonest English function words; real English prose of a few sentences has many.
_ENGLISH_WORDS = frozenset(
    "the of and to a in that is was he she for it with as his her on be at by "
    "said they from this have are not but had has were which an their who been "
    "would will its or more about after when also".split()
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
# Cyrillic letters of Ukrainian, Belarusian, Serbian and Macedonian that Russian does not use.
_NOT_RUSSIAN = re.compile("[іїєґўђјљњћџѓќѕІЇЄҐЎЂЈЉЊЋЏЃЌЅ]")


@lru_cache(maxsize=1)
def language_names() -> dict[str, str]:
    return data_table("language_names.tsv")


def language_name(code: str) -> str:
    return language_names().get(code, code)


def identify(text: str) -> str:
    """The ISO 639-1 code py3langid gives the text."""
    import py3langid

    return str(py3langid.classify(text)[0])


def cyrillic_share(text: str) -> float:
    """The share of the text's letters that are Cyrillic (0 without letters)."""
    letters = _LETTER.findall(text)
    return sum(1 for ch in letters if _CYRILLIC.match(ch)) / len(letters) if letters else 0.0


def detect_language(text: str) -> str:
    """The article's language. Text mostly in Latin letters keeps the English test it always
    had (a short text, or one with a fair share of English function words, is English), so
    English articles go through unchanged; Cyrillic text, and Latin text that fails that test,
    is identified by py3langid, except a Cyrillic text of a few words without a letter Russian
    lacks, too short for it to tell, which is taken as Russian."""
    if cyrillic_share(text[:20_000]) > 0.5:
        if len(text.split()) < 5 and not _NOT_RUSSIAN.search(text):
            return "ru"  # too short to identify, and no letter that Russian lacks
        return identify(text[:20_000])
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 20 or sum(w in _ENGLISH_WORDS for w in words) / len(words) >= 0.08:
        return "en"
    return identify(text[:20_000])


def check_language(code: str, name: str) -> str:
    """``code`` when claimgraph analyses that language, else a one-line error naming it."""
    if code in SUPPORTED:
        return code
    raise InputError(
        f"{one_line(name)}: input does not look like English or Russian text: it looks like "
        f"{language_name(code)} ({code}), which claimgraph does not analyse"
    )


def forced_language(code: str) -> str:
    """A language given with ``--lang``: a supported ISO 639-1 code."""
    code = code.strip().lower()
    if code not in SUPPORTED:
        known = language_names().get(code)
        what = f"{known} ({code})" if known else repr(code)
        raise InputError(f"--lang {what}: claimgraph analyses {' and '.join(SUPPORTED)} only")
    return code
