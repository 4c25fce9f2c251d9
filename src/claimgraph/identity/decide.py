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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimgraph.identity.names import NameForm, covers, join_reason, rank


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


def place(new: NameForm, known: Mapping[str, Known], more: Mapping[str, Known]) -> Placement:
    """The placement of ``new`` among ``known`` (the names sharing its first or last word)
    and ``more`` (the names sharing a first or last word with its shorter names: a short
    name's other covers can start with another word, "Trump" of "Trump Airlines")."""
    owners = covering_owners(new, known)
    if len(owners) == 1:
        return Placement(owners.pop())
    if owners:
        return Placement(None)  # a short name of two speakers: its own
    shorter = shorter_names(new, known)
    if not shorter:
        return Placement(None)
    every = dict(known)
    for form, entry in more.items():
        every.setdefault(form, entry)

    def covering(short: Known) -> list[Known]:
        return [k for k in every.values() if k is not short and covers(k.name, short.name)]

    # Short names that were speakers of their own, no other name covering them, now are this one's.
    joining = [k for k in shorter if not covering(k)]
    target = min((k.owner for k in joining), default=None)
    absorbed = {k.owner for k in joining}
    detach = []
    for short in shorter:
        if short in joining:
            continue
        after = {target if k.owner in absorbed else k.owner for k in covering(short)} | {target}
        was_joined = any(k.owner == short.owner for k in covering(short))
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
