"""A stored claim with its verdict as the typed record ``claims.review`` maps to schema.org
``ClaimReview``: shared by the API, the claim page and ``claimgraph claims reviews``."""

from __future__ import annotations

from typing import Any

from claimgraph.claims.review import ClaimAuthor, ReviewedClaim, claim_review
from claimgraph.store import Store
from claimgraph.store.edits import verdict_of


def reviewed_claim(
    claim: dict[str, Any], types: dict[int, str | None], base_url: str
) -> ReviewedClaim | None:
    """The claim (``Store.claim``'s record) as reviewed; None when it has no verdict.
    ``types``: the entity type of its speakers, by speaker id; ``base_url``: where the
    claim pages are served (its page is the review's ``url``)."""
    if not claim.get("verdict"):
        return None
    authors = tuple(
        ClaimAuthor(p["name"], organization=types.get(p.get("speaker_id") or 0) not in (None, "PERSON"))
        for p in claim.get("asserted_by") or []
    )
    statements = claim.get("statements") or []
    dated = sorted(statements, key=lambda st: (st.get("article") or {}).get("published") or "9999")
    urls = list(dict.fromkeys(u for st in dated if (u := (st.get("article") or {}).get("url"))))
    return ReviewedClaim(
        label=claim["label"],
        verdict=verdict_of(claim["verdict"]),
        url=f"{base_url.rstrip('/')}/claims/{claim['id']}",
        authors=authors,
        appearances=tuple(urls),
        first_seen=claim.get("first_seen"),
    )


def asserting_speakers(claim: dict[str, Any]) -> set[int]:
    """The ids of the speakers who assert the claim (the Claim's authors)."""
    return {p["speaker_id"] for p in claim.get("asserted_by") or [] if p.get("speaker_id") is not None}


def review_of(store: Store, claim_id: str | int, base_url: str) -> dict[str, Any] | None:
    """The ClaimReview JSON-LD of one claim, or None (no such claim, or no verdict)."""
    claim = store.claim(claim_id)
    if claim is None:
        return None
    reviewed = reviewed_claim(claim, store.speaker_types(asserting_speakers(claim)), base_url)
    return None if reviewed is None else claim_review(reviewed)


def all_reviews(store: Store, base_url: str) -> list[dict[str, Any]]:
    """The ClaimReview of every claim with a verdict, by claim id."""
    found = (review_of(store, claim_id, base_url) for claim_id in sorted(store.verdicts()))
    return [review for review in found if review is not None]
