"""Which speaker a name not seen before belongs to, from the names already known.

Pure decisions over :class:`~claimgraph.identity.names.NameForm` records; the store reads
the known names, calls :func:`place` and carries out the :class:`Placement`:

1. a new form that is a shorter version of known names ("Trump" of "Donald Trump") is the
   speaker of those names when they are all one speaker; when they are not ("Clinton" with
   Bill and Hillary Clinton known) it is a speaker of its own;
2. a new form that is a fuller version of known shorter ones takes them: a short name that
   was a speaker of its own ("Trump" seen first) becomes this speaker, and a short name that
   belonged to another speaker and now fits two ("Trump" once "Ivanka Trump" appears beside
   "Donald Trump") leaves it for a speaker of its own.

A short name that fits several speakers goes to one of them when the corpus says which
(:func:`choose`): the only one of the gender the article gives the short name ("Mr. Obama"
with Barack and Michelle Obama known), or else the prominent one, named in at least
:data:`DOMINANCE` times as many articles as all the others together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimgraph.identity.names import PERSON, NameForm, covers, join_reason, rank

NEW = -1
"""The key of the speaker a new name would found, in :class:`Evidence` maps."""

DOMINANCE = 3
"""How much more often the prominent full name of a surname is met than all its other full
names together (in articles) for a bare surname of unknown person to be taken for it."""

PROMINENT_ARTICLES = 5
"""Articles giving a full name before it can be prominent: in a handful of articles one
person named three times against another named once is no evidence of who a bare surname
is (and the choice would follow the order the articles came in)."""


@dataclass(frozen=True)
class Evidence:
    """What the corpus says of speakers, for short names that fit several: each speaker's
    gender ("m", "f" or None where its articles disagree or say nothing) and the number of
    articles it is met in, and the gender the article gives the new name."""

    gender: str | None = None
    genders: Mapping[int, str | None] | None = None
    articles: Mapping[int, int] | None = None


def choose(owners: set[int], evidence: Evidence | None, gender: str | None = None) -> int | None:
    """The one of ``owners`` (speakers whose names are fuller versions of one short name)
    that the short name of a person of ``gender`` is, or None when the corpus does not say."""
    if evidence is not None and gender is not None:
        # "Mr. Hale" is not the only Hale known when she is a woman.
        genders = evidence.genders or {}
        owners = {o for o in owners if genders.get(o) in (None, gender)}
    if len(owners) == 1:
        return next(iter(owners))
    if evidence is None or not owners:
        return None
    counts = evidence.articles or {}
    ranked = sorted(owners, key=lambda o: (-counts.get(o, 0), o))
    top, rest = counts.get(ranked[0], 0), sum(counts.get(o, 0) for o in ranked[1:])
    return ranked[0] if top >= max(DOMINANCE * rest, PROMINENT_ARTICLES) else None


@dataclass
class Known:
    """A form already stored: its best-spelt name, its speaker, whether a hand put it there."""

    name: NameForm
    owner: int
    pinned: bool


@dataclass(frozen=True)
class Placement:
    """Where a new form goes: ``owner`` (None: a speaker of its own), the speakers merged
    into the owner (``absorb``) and the (form, speaker) pairs that become speakers of their
    own first (``detach``)."""

    owner: int | None
    absorb: tuple[int, ...] = ()
    detach: tuple[tuple[str, int], ...] = ()


def covering_owners(new: NameForm, known: Mapping[str, Known]) -> set[int]:
    """The speakers of known names that are fuller versions of ``new``."""
    return {k.owner for k in known.values() if covers(k.name, new)}


def shorter_names(new: NameForm, known: Mapping[str, Known]) -> list[Known]:
    """Known names (not placed by hand) that ``new`` is a fuller version of."""
    return [k for k in known.values() if not k.pinned and covers(new, k.name)]


def place(
    new: NameForm,
    known: Mapping[str, Known],
    more: Mapping[str, Known],
    evidence: Evidence | None = None,
) -> Placement:
    """The placement of ``new`` among ``known`` (the names sharing its first or last word)
    and ``more`` (the names sharing a first or last word with its shorter names: a short
    name's other covers can start with another word, "Trump" of "Trump Airlines");
    ``evidence`` decides a short name that fits several speakers (:func:`choose`)."""
    if new.kind != PERSON:
        evidence = None  # genders and prominence tell persons apart, not organisations
    owners = covering_owners(new, known)
    if owners:
        # A short name of two speakers is its own unless the corpus says which.
        return Placement(choose(owners, evidence, evidence.gender if evidence else None))
    shorter = shorter_names(new, known)
    if not shorter:
        return Placement(None)
    every = dict(known)
    for form, entry in more.items():
        every.setdefault(form, entry)
    if evidence is not None:
        # The new name's speaker is not stored yet: it stands as NEW, of the article's gender.
        evidence = Evidence(
            evidence.gender,
            {**(evidence.genders or {}), NEW: evidence.gender},
            {**(evidence.articles or {}), NEW: 1},
        )

    def covering(short: Known) -> list[Known]:
        return [k for k in every.values() if k is not short and covers(k.name, short.name)]

    def said(owners: set[int], short_owner: int) -> int | None:
        """The speaker the corpus says a short name of ``owners`` is (None: it does not)."""
        if evidence is None:
            return None
        return choose(owners, evidence, (evidence.genders or {}).get(short_owner))

    # Short names that were speakers of their own, no other name covering them (or the corpus
    # saying they are the new name's), now are this one's.
    joining = [
        k
        for k in shorter
        if not covering(k) or said({c.owner for c in covering(k)} | {NEW}, k.owner) == NEW
    ]
    target = min((k.owner for k in joining), default=None)
    absorbed = {k.owner for k in joining}
    detach = []
    for short in shorter:
        if short in joining:
            continue
        after = {target if k.owner in absorbed else k.owner for k in covering(short)}
        after.add(NEW if target is None else target)
        was_joined = any(k.owner == short.owner for k in covering(short))
        stays = target if short.owner in absorbed and target is not None else short.owner
        if said(after, stays) == stays:
            continue  # the corpus still says whose short name it is
        if len(after) > 1 and (was_joined or short.owner in absorbed):
            # Now the short name of two speakers: it becomes a speaker of its own.
            detach.append((short.name.form, short.owner))
    if target is None:
        return Placement(None, detach=tuple(detach))
    return Placement(target, tuple(sorted(absorbed - {target})), tuple(detach))


def alias_reason(alias: NameForm, main: NameForm, names: Sequence[NameForm], acronyms: set[str]) -> str:
    """Why ``alias`` is a name of the speaker called ``main``."""
    spelled = list(alias.dropped)
    if alias.form == main.form:
        why = None
    elif covers(main, alias):
        why = join_reason(alias, main)
    elif covers(alias, main):
        why = join_reason(main, alias)
    elif alias.form in acronyms:
        why = "acronym given with the name"
    else:
        fuller = [n for n in names if covers(n, alias)]
        why = join_reason(alias, min(fuller, key=rank)) if fuller else "merged by an earlier version"
    return "; ".join([*spelled, *([why] if why else [])]) or "same folded name"
