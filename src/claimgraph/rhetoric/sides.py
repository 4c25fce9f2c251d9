"""Which side a speaker speaks for: country or bloc, from what the article says about them.

The side comes from the speaker's entity, in order of reliability: its ``country``, its
``affiliation`` ("Russian Foreign Ministry" -> Russia), its titles ("Ukrainian leader"),
its own name when it is a place, people or organisation ("Western nations" -> West), and
finally the words naming the speaker in the sentence. Words are mapped through
data/countries.tsv (demonyms, capitals used as metonyms, blocs); a ``country`` the table does
not know is kept as written. No person's name is looked up: only descriptive words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimgraph.model import Analysis, Entity, Statement
from claimgraph.resources import country_words

UNKNOWN = "(unknown)"
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.]*")
_MAX_PHRASE = 3
_GROUP_TYPES = frozenset({"GPE", "NORP", "ORG", "GROUP"})


@lru_cache(maxsize=1)
def side_table() -> dict[str, str]:
    return {_key(key): value for key, value in country_words().items()}


def _key(words: str) -> str:
    return words.lower().replace(".", "")


def side_in(text: str | None) -> str | None:
    """The side named first in ``text`` (longest phrase first at each word), or None."""
    if not text:
        return None
    table = side_table()
    whole = table.get(_key(text.strip()))
    if whole:
        return whole
    words = _WORD.findall(text.replace("’", "'"))
    for i in range(len(words)):
        for n in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            side = table.get(_key(" ".join(words[i : i + n])))
            if side:
                return side
    return None


def statement_side(statement: Statement, analysis: Analysis) -> str:
    """The side of a statement's speaker, or ``(unknown)``."""
    mention = statement.speaker.mention
    return speaker_side(
        analysis.entity(statement.speaker.entity), statement.speaker.name, mention.text if mention else None
    )


def speaker_side(entity: Entity | None, name: str | None, mention: str | None) -> str:
    """The side of a speaker given by its entity (None: not known), its name and the words
    naming it (what :func:`statement_side` reads; the store's outlet report calls it with
    the stored columns)."""
    sources: list[str | None] = []
    if entity is not None:
        if entity.country:
            side = side_in(entity.country)
            return side or entity.country
        sources.append(entity.affiliation)
        sources.extend(entity.titles)
        if entity.type in _GROUP_TYPES:
            sources.append(entity.name)
    elif name:
        sources.append(name)
    if mention is not None:
        sources.append(mention)
    for source in sources:
        side = side_in(source)
        if side:
            return side
    return UNKNOWN
