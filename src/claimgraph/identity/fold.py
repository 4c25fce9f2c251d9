"""The one folding of names: how claimgraph compares two spellings of a name.

Used by the article's entities (speakers.entities), the store's aliases (store.speakers,
store.queries) and the scoring of speakers (evaluate), so that speaker matching agrees
with the article's entities.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w\s'-]+")
_SPACES = re.compile(r"\s+")


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def latin(text: str) -> str:
    """Cyrillic in Latin letters by iuliia's Wikipedia scheme ("Мария Захарова" -> "Mariya
    Zakharova", "Зеленский" -> "Zelensky"), the spelling English news mostly uses; other
    text as it is."""
    if not _CYRILLIC.search(text):
        return text
    import iuliia

    return str(iuliia.WIKIPEDIA.translate(text))


def fold(name: str) -> str:
    """Case- and accent-folded name in Latin letters with single spaces: 'Mária  ZAKHAROVA'
    and 'Мария Захарова' -> 'mariya zakharova' / 'maria zakharova'.

    Cyrillic is transliterated (``latin``), so one person named in two scripts folds alike;
    punctuation other than apostrophes and hyphens becomes a space ("J.K." -> "j k")."""
    decomposed = unicodedata.normalize("NFKD", latin(name))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("\u2019", "'")
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", bare.casefold())).strip()


def last_word(folded: str) -> str:
    return folded.rsplit(" ", 1)[-1] if folded else ""
