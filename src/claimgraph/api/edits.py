"""A fact-checker's edits in the API: move a statement to another claim, correct its stance,
record a verdict on a claim; the audit log of every edit; a verdict as schema.org
ClaimReview. Edits are refused (403) unless the server runs with --allow-edit (or
--allow-ingest). Their bodies are JSON, which a page of another site cannot post without the
browser asking first; the Origin check (``app.OriginCheck``) refuses cross-site posts too."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from claimgraph.api.edit_models import (
    AuditPage,
    EditKind,
    MoveRequest,
    StanceRequest,
    StatementEdited,
    VerdictOut,
    VerdictRequest,
)
from claimgraph.api.parameters import known_parameters
from claimgraph.api.reviews import review_of
from claimgraph.api.routes import CSV_RESPONSE, MAX_CSV_ROWS, Limit, Offset, csv_response, page_of, services
from claimgraph.api.schemas import ERROR_RESPONSES
from claimgraph.api.services import Services
from claimgraph.store.edits import NotFound

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, dependencies=[Depends(known_parameters)])
Svc = Annotated[Services, Depends(services)]
LD_JSON = "application/ld+json"
AUDIT_COLUMNS = ["id", "made_at", "kind", "target", "editor", "before", "after"]


def editable(svc: Services) -> None:
    """403 on a server that does not allow edits."""
    if not svc.allow_edit:
        raise HTTPException(403, "this server is read-only; start it with --allow-edit to make edits")


def split_ref(ref: str) -> tuple[str, str]:
    """ARTICLE_ID/STATEMENT_ID (article ids may hold "/": the last one splits)."""
    article_id, _, local_id = ref.rpartition("/")
    return article_id, local_id


def claim_ref_key(claim_id: str) -> int:
    """The store's key of a claim id ("c12" or "12"); 404 when it cannot be one."""
    key = claim_id.removeprefix("c")
    if not (key.isascii() and key.isdigit() and 0 < len(key) < 10):
        raise HTTPException(404, f"no claim with id {claim_id!r}")
    return int(key)


def edited(svc: Services, ref: str) -> dict[str, Any]:
    """What a statement edit answers: the statement's claim and stance now, and their source."""
    article_id, local_id = split_ref(ref)
    claim = (svc.store.statement(article_id, local_id) or {}).get("claim") or {}
    marks = svc.store.hand_marks(article_id, local_id)
    return {
        "statement": ref,
        "claim": claim.get("id"),
        "stance": claim.get("stance"),
        "stance_source": "hand" if marks["stance"] else "computed",
        "moved_by_hand": marks["moved"],
    }


def move(svc: Services, body: MoveRequest) -> dict[str, Any]:
    editable(svc)
    article_id, local_id = split_ref(body.statement)
    target = claim_ref_key(body.claim) if body.claim else None
    try:
        svc.store.move_statement(article_id, local_id, target, editor=body.editor)
    except NotFound as err:
        raise HTTPException(404, str(err)) from None
    return edited(svc, body.statement)


def correct(svc: Services, body: StanceRequest) -> dict[str, Any]:
    editable(svc)
    article_id, local_id = split_ref(body.statement)
    try:
        svc.store.correct_stance(article_id, local_id, body.stance, editor=body.editor)
    except NotFound as err:
        raise HTTPException(404, str(err)) from None
    return edited(svc, body.statement)


def judge(svc: Services, claim_id: str, body: VerdictRequest) -> dict[str, Any]:
    editable(svc)
    try:
        return svc.store.record_verdict(claim_ref_key(claim_id), body.verdict(), editor=body.editor)
    except NotFound as err:
        raise HTTPException(404, str(err)) from None


_EDIT = {
    403: {"description": "The server does not allow edits"},
    404: {"description": "No such statement or claim"},
}


@router.post(
    "/statements/move",
    response_model=StatementEdited,
    tags=["edits"],
    responses=_EDIT,
    summary="Move a statement to another claim (needs --allow-edit)",
)
def move_statement(body: MoveRequest, svc: Svc) -> dict[str, Any]:
    """The statement joins claim `claim` (null: a new claim of its own) and stays there:
    later ingests and reclustering keep it in that claim (or the claim that takes that
    claim's statements). Logged in the audit log."""
    return move(svc, body)


@router.post(
    "/statements/stance",
    response_model=StatementEdited,
    tags=["edits"],
    responses=_EDIT,
    summary="Correct a statement's stance (needs --allow-edit)",
)
def correct_stance(body: StanceRequest, svc: Svc) -> dict[str, Any]:
    """The statement asserts or disputes its claim, as given: the hand stance wins over the
    computed one wherever stance is shown or counted. Logged in the audit log."""
    return correct(svc, body)


@router.post(
    "/claims/{claim_id}/verdict",
    response_model=VerdictOut,
    tags=["edits"],
    responses=_EDIT,
    summary="Record a verdict on a claim (needs --allow-edit)",
)
def record_verdict(claim_id: str, body: VerdictRequest, svc: Svc) -> dict[str, Any]:
    """A fact-checker's verdict (rating, note, sources, checked date, reviewer); replaces the
    claim's verdict, the audit log keeps the old one. Exported as ClaimReview
    (GET /api/claims/{id}/review)."""
    return judge(svc, claim_id, body)


@router.get(
    "/claims/{claim_id}/review",
    tags=["claims"],
    summary="A claim's verdict as ClaimReview",
    responses={200: {"content": {LD_JSON: {}}, "description": "schema.org ClaimReview JSON-LD"}},
)
def claim_review(claim_id: str, svc: Svc, request: Request) -> JSONResponse:
    """The claim's verdict as schema.org `ClaimReview` JSON-LD (the markup fact-checkers
    publish); 404 when the claim has no verdict."""
    review = review_of(svc.store, claim_ref_key(claim_id), str(request.base_url))
    if review is None:
        raise HTTPException(404, f"claim {claim_id!r} has no verdict")
    return JSONResponse(review, media_type=LD_JSON)


KindQ = Annotated[EditKind | None, Query(description="Only edits of this kind.")]


@router.get("/audit", response_model=AuditPage, tags=["edits"], summary="The audit log")
def audit(
    request: Request, svc: Svc, kind: KindQ = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Every hand edit, newest first: when, what kind, on what, from what to what, by whom."""
    items = svc.store.audit(limit=limit, offset=offset, kind=kind)
    return page_of(request, items, svc.store.count_audit(kind=kind), limit, offset)


@router.get(
    "/audit.csv",
    tags=["edits"],
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    summary="The audit log as CSV",
)
def audit_csv(
    svc: Svc,
    kind: KindQ = None,
    limit: Annotated[int, Query(ge=1, le=MAX_CSV_ROWS, description="Rows (at most 10,000).")] = MAX_CSV_ROWS,
    offset: Offset = 0,
) -> StreamingResponse:
    """GET /api/audit as CSV; before and after are JSON text."""
    items = svc.store.audit(limit=limit, offset=offset, kind=kind)

    def cell(entry: dict[str, Any], key: str) -> Any:
        value = entry.get(key)
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, dict) else value

    return csv_response("audit.csv", AUDIT_COLUMNS, ([cell(e, k) for k in AUDIT_COLUMNS] for e in items))
