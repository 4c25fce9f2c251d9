"""Competing claims: the same frame with a conflicting value.

"27 people died in the blast" and "at least 61 people died" are two claims, and so are
"Russia struck the market" and "Ukraine struck the market": each denies the other without
a negation. Two propositions compete when they have the same predicate and polarity and
either the same subject with numbers of the same unit that share no value, or the same
object (or none) with subjects that name different referents.
"""

from __future__ import annotations

from claimgraph.claims.features import same_referent
from claimgraph.model import Proposition


def _numbers_conflict(a: Proposition, b: Proposition) -> bool:
    units_a: dict[str | None, set[float]] = {}
    for q in a.numbers:
        units_a.setdefault(q.unit, set()).add(round(q.value, 3))
    for unit in {q.unit for q in b.numbers} & set(units_a):
        if unit is not None and not units_a[unit] & {round(q.value, 3) for q in b.numbers if q.unit == unit}:
            return True
    return False


def competing(a: Proposition | None, b: Proposition | None) -> bool:
    if a is None or b is None or not a.predicate or a.predicate != b.predicate or a.negated != b.negated:
        return False
    subject = same_referent(a.subject, b.subject)
    if subject is True and _numbers_conflict(a, b):
        return True
    return subject is False and a.object == b.object
