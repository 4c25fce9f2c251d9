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


def fold(name: str) -> str:
    """Case- and accent-folded name with single spaces: 'Mária  ZAKHAROVA' -> 'maria zakharova'.

    Letters of every script are kept; punctuation other than apostrophes and hyphens
    becomes a space ("J.K." -> "j k")."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("\u2019", "'")
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", bare.casefold())).strip()


def last_word(folded: str) -> str:
    return folded.rsplit(" ", 1)[-1] if folded else ""
