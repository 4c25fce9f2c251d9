"""A fact-checker's verdict on a claim, checked, and as schema.org ``ClaimReview`` JSON-LD.

The JSON-LD is the markup fact-checkers publish (https://schema.org/ClaimReview, read by
search engines and the fact-check tools): ``claimReviewed`` is the claim's wording,
``reviewRating`` the verdict (a ``Rating`` whose ``alternateName`` is the rating's text),
``itemReviewed`` the ``Claim`` itself (who made it, where it appeared, when first), and
``author`` and ``datePublished`` the review's reviewer and checked date. Pure: records in,
a dict out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

MAX_RATING, MAX_NOTE, MAX_NAME, MAX_SOURCES, MAX_URL = 200, 5000, 300, 50, 2000


@dataclass(frozen=True)
class Verdict:
    """What a fact-checker concluded about a claim: a rating in words ("False", "Mostly
    true"), optionally on a numeric scale (``rating_value`` between ``worst_rating`` and
    ``best_rating``), a note, the sources read, the day checked and by whom."""

    rating: str
    checked: str  # YYYY-MM-DD
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    reviewer: str | None = None

    def problems(self) -> list[str]:
        """What is wrong with this verdict, one line each (empty: it can be stored)."""
        found = []
        if not self.rating.strip():
            found.append("rating: give the verdict in words (e.g. False, Mostly true)")
        elif len(self.rating) > MAX_RATING:
            found.append(f"rating: at most {MAX_RATING} characters")
        found += _date_problems(self.checked)
        found += _scale_problems(self.rating_value, self.best_rating, self.worst_rating)
        if self.note is not None and len(self.note) > MAX_NOTE:
            found.append(f"note: at most {MAX_NOTE} characters")
        if self.reviewer is not None and len(self.reviewer) > MAX_NAME:
            found.append(f"reviewer: at most {MAX_NAME} characters")
        if len(self.sources) > MAX_SOURCES:
            found.append(f"sources: at most {MAX_SOURCES}")
        found += [
            f"sources: {_shown(url)!r} is not an http(s) URL" for url in self.sources if not is_web_url(url)
        ]
        return found


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # fromisoformat also takes week dates ("2025-W01-1")


def _shown(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _date_problems(checked: str) -> list[str]:
    try:
        day = date.fromisoformat(checked) if _ISO_DAY.fullmatch(checked) else None
    except ValueError:
        day = None
    return [] if day is not None else [f"checked: {_shown(checked)!r} is not a date (YYYY-MM-DD)"]


def _scale_problems(value: float | None, best: float | None, worst: float | None) -> list[str]:
    if value is None:
        alone = (best, worst) != (None, None)
        return ["rating_value: give it with best_rating and worst_rating"] if alone else []
    if best is None or worst is None:
        return ["rating_value: give best_rating and worst_rating with it"]
    if best == worst:
        return ["best_rating and worst_rating: they must differ"]
    low, high = min(best, worst), max(best, worst)
    if not low <= value <= high:
        return [f"rating_value: {value:g} is not between worst_rating ({worst:g}) and best_rating ({best:g})"]
    return []


def is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(url) <= MAX_URL and " " not in url


@dataclass(frozen=True)
class ClaimAuthor:
    """Somebody who asserts the claim: a person or an organisation (a speaker's type)."""

    name: str
    organization: bool = False


@dataclass(frozen=True)
class ReviewedClaim:
    """A claim with its verdict and what the review says of the claim itself."""

    label: str
    verdict: Verdict
    url: str  # the claim's page
    authors: tuple[ClaimAuthor, ...] = ()
    appearances: tuple[str, ...] = ()  # URLs of the articles that carry it
    first_seen: str | None = None  # the earliest publication day


def claim_review(claim: ReviewedClaim) -> dict[str, Any]:
    """The claim's review as a schema.org ``ClaimReview`` (JSON-LD, with its ``@context``)."""
    verdict = claim.verdict
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.rating}
    if verdict.rating_value is not None:
        rating.update(
            ratingValue=_number(verdict.rating_value),
            bestRating=_number(verdict.best_rating),
            worstRating=_number(verdict.worst_rating),
        )
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.authors:
        people = [
            {"@type": "Organization" if a.organization else "Person", "name": a.name} for a in claim.authors
        ]
        item["author"] = people[0] if len(people) == 1 else people
    if claim.appearances:
        item["appearance"] = [{"@type": "CreativeWork", "url": url} for url in claim.appearances]
        item["firstAppearance"] = item["appearance"][0]
    if claim.first_seen:
        item["datePublished"] = claim.first_seen
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim.url,
        "claimReviewed": claim.label,
        "itemReviewed": item,
        "reviewRating": rating,
        "datePublished": verdict.checked,
    }
    if verdict.reviewer:
        review["author"] = {"@type": "Person", "name": verdict.reviewer}
    if verdict.note:
        review["reviewBody"] = verdict.note
    if verdict.sources:
        review["citation"] = list(verdict.sources)
    return review


def _number(value: float | None) -> float | int | None:
    """Whole numbers as integers (``5``, not ``5.0``): what the published markup uses."""
    return int(value) if value is not None and float(value).is_integer() else value
