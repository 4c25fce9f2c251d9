"""The check that every speaker is somebody: a person, an organisation, a group of people
or a place standing for its government.

``speaker_reason(entity)`` gives the reason an entity may speak ("PERSON name", "group noun
'officials' (data/people_nouns.txt)") or None when it may not: a common noun that denotes
no people ("brain cancer"), a name that carries a headline's verb ("Obama Says"), a
lower-case phrase typed as a name. ``check_speakers(analyses)`` lists every speaker of a
corpus run with its reason; ``scripts/evaluate.py`` prints the count of those without one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimgraph.attribution.lexicon import reporting_verbs
from claimgraph.nlp import place_names, reporting_verb_forms
from claimgraph.resources import country_words
from claimgraph.speakers.entities import campaign_nouns, name_particles
from claimgraph.speakers.people import people_reason, untitled_nouns

# Lower-case words an organisation's name may hold: "Committee for a Responsible Budget".
ORG_FUNCTION_WORDS = frozenset("a an the of for and on in at to with against by".split())
_WORD = re.compile(r"[\w'’.-]+")
_AFTER_HEAD = re.compile(r"\s+(?:for|of|to|at|from|in|with|close|who|that|on)\s.*$", re.I)


@dataclass(frozen=True)
class SpeakerCheck:
    name: str
    type: str
    statements: int
    reason: str | None  # None: not somebody

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "statements": self.statements, "reason": self.reason}


def _name_problem(name: str, etype: str) -> str | None:
    words = name.split()
    if not words:
        return "no words"
    if etype in ("PERSON", "ORG"):
        for word in words[1:]:
            if word.lower() in reporting_verb_forms():
                return f"headline verb '{word}'"
    if etype == "GPE" and name not in place_names() and words[0].lower() in reporting_verbs():
        return f"headline verb '{words[0]}'"  # "Say Mexico"
    allowed = name_particles() | (ORG_FUNCTION_WORDS if etype != "PERSON" else frozenset())
    lower = [w for w in words if w[:1].islower() and w.lower() not in allowed]
    if lower and not name.isupper():
        return f"common word '{lower[0]}'"
    return None


def group_head(name: str) -> str:
    """The head noun of a group's phrase: "officials" for "Some state officials", "spokesman"
    for "spokesman for Senator Keller"."""
    phrase = _AFTER_HEAD.sub("", name.strip())
    words = _WORD.findall(phrase)
    return words[-1] if words else ""


def speaker_reason(entity: Any) -> str | None:
    """Why ``entity`` (an Entity or its dict) may be a statement's speaker, or None."""
    get = entity.get if isinstance(entity, dict) else lambda key: getattr(entity, key)
    etype, name = get("type"), (get("name") or "").strip()
    if not name:
        return None
    # "Ruth Keller campaign" (speakers.entities.EntityTable.campaign): named after its person.
    affiliation, last = get("affiliation"), name.split()[-1]
    if etype == "ORG" and affiliation and name == f"{affiliation} {last}" and last in campaign_nouns():
        return f"campaign of {affiliation} (data/campaign_nouns.txt)"
    if etype in ("PERSON", "ORG", "GPE", "NORP"):
        problem = _name_problem(name, etype)
        if problem is not None:
            return None
        label = {
            "PERSON": "person's name",
            "ORG": "organisation's name",
            "GPE": "place standing for its government",
            "NORP": "nationality or party standing for its people",
        }[etype]
        if etype == "GPE" and name in place_names():
            return f"{label} (gazetteer)"
        return f"{label} ({etype} entity)"
    if etype == "GROUP":
        # "Nearly eight of 10 voters": the head of a quantity is its people
        words = _WORD.findall(name)
        return people_reason(group_head(name)) or (people_reason(words[-1]) if words else None)
    return None


def check_speakers(analyses: Iterable[Any]) -> list[SpeakerCheck]:
    """Every distinct speaker (type, name) of ``analyses`` (Analysis objects or their dicts)
    with its statement count and reason, in order of name."""
    counts: dict[tuple[str, str], int] = {}
    entities: dict[tuple[str, str], Any] = {}
    for analysis in analyses:
        record = analysis.to_dict() if hasattr(analysis, "to_dict") else analysis
        by_id = {e["id"]: e for e in record.get("entities") or []}
        for st in record.get("statements") or []:
            entity = by_id.get((st.get("speaker") or {}).get("entity"))
            if entity is None:
                continue
            key = (entity["type"], entity["name"])
            counts[key] = counts.get(key, 0) + 1
            entities.setdefault(key, entity)
    return [
        SpeakerCheck(name, etype, counts[(etype, name)], speaker_reason(entities[(etype, name)]))
        for etype, name in sorted(counts, key=lambda k: (k[1].lower(), k[0]))
    ]


def field_problem(field: str, value: str) -> str | None:
    """What is wrong with a speaker's stored title or country, or None: a title must be a
    noun for a person that says what they do (not "woman", not "events"), a country one of
    data/countries.tsv's countries (not a city or a state)."""
    if field == "title":
        if value.lower() in untitled_nouns():
            return "a person noun that is no role (data/untitled_people_nouns.txt)"
        if people_reason(value) is None:
            return "not a noun for a person"
    if field == "country" and value not in set(country_words().values()):
        return "not a country (data/countries.tsv)"
    return None
