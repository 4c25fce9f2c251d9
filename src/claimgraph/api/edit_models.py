"""Request and response models of a fact-checker's edits (``api.edits``). Requests refuse
fields they do not know (422 naming them): a misspelt field is never silently dropped."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from claimgraph.claims.review import MAX_NAME, MAX_NOTE, MAX_RATING, MAX_SOURCES, MAX_URL, Verdict

CLAIM_REF = r"^c?[0-9]{1,9}$"
EditKind = Literal["speaker-merge", "speaker-split", "statement-move", "stance", "verdict"]
Editor = Field(None, max_length=200, description="Who makes the edit (free text, shown in the audit log).")
StatementRef = Field(
    ...,
    min_length=3,
    max_length=260,
    pattern=r"^.+/[^/]+$",
    description="The statement's permalink id, ARTICLE_ID/STATEMENT_ID.",
    examples=["ledger-1/s2"],
)


class EditRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MoveRequest(EditRequest):
    """Move a statement to another claim, or (``claim`` null) to a claim of its own. It stays
    there through later ingests and reclustering."""

    statement: str = StatementRef
    claim: str | None = Field(
        None, pattern=CLAIM_REF, description="The claim to move it to; null: a new one."
    )
    editor: str | None = Editor


class StanceRequest(EditRequest):
    """Set a statement's stance on its claim by hand; it wins over the computed one."""

    statement: str = StatementRef
    stance: Literal["asserts", "disputes"]
    editor: str | None = Editor


class VerdictRequest(EditRequest):
    """A verdict on a claim, as a ClaimReview gives one: a rating in words, optionally on a
    numeric scale (all three of rating_value, best_rating, worst_rating), a note, sources."""

    rating: str = Field(..., min_length=1, max_length=MAX_RATING, examples=["Mostly false"])
    rating_value: float | None = Field(None, allow_inf_nan=False, examples=[2])
    best_rating: float | None = Field(None, allow_inf_nan=False, examples=[5])
    worst_rating: float | None = Field(None, allow_inf_nan=False, examples=[1])
    note: str | None = Field(None, max_length=MAX_NOTE)
    sources: list[str] = Field([], max_length=MAX_SOURCES, description="URLs read to check it.")
    checked: str = Field(
        ..., max_length=10, description="The day it was checked, YYYY-MM-DD.", examples=["2025-05-01"]
    )
    reviewer: str | None = Field(
        None, max_length=MAX_NAME, description="Who checked it (the review's author)."
    )
    editor: str | None = Editor

    def verdict(self) -> Verdict:
        return Verdict(
            rating=self.rating.strip(),
            checked=self.checked,
            rating_value=self.rating_value,
            best_rating=self.best_rating,
            worst_rating=self.worst_rating,
            note=self.note or None,
            sources=tuple(s.strip() for s in self.sources if s.strip()),
            reviewer=self.reviewer or None,
        )


class VerdictOut(BaseModel):
    rating: str
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    note: str | None = None
    sources: list[str] = Field([], description=f"URLs, each at most {MAX_URL} characters.")
    checked: str = Field(..., description="YYYY-MM-DD")
    reviewer: str | None = None
    recorded_at: str | None = None


class StatementEdited(BaseModel):
    statement: str = Field(..., description="ARTICLE_ID/STATEMENT_ID")
    claim: str | None = None
    stance: str | None = None
    stance_source: Literal["hand", "computed"]
    moved_by_hand: bool = False


class AuditEntry(BaseModel):
    id: int
    made_at: str
    kind: EditKind
    target: str
    editor: str | None = None
    before: dict[str, object] | None = None
    after: dict[str, object] | None = None


class AuditPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None = None
    items: list[AuditEntry]
