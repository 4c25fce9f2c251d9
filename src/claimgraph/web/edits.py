"""A fact-checker's edits from the pages: HTML forms posted here make the same edits as the
API's routes (``api.edits``, ``api.routes`` for speakers), then send the browser back to the
page edited; and the audit log as a page.

Forms are offered, and accepted, only when the server allows edits (--allow-edit or
--allow-ingest). Every post must carry the server's token (``Services.edit_token``, in a
hidden field of the forms it renders), besides passing the Origin check every POST meets
(``app.OriginCheck``): a page of another site can neither read the token nor post as this
one. Refused posts are 403 pages."""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from claimgraph.api import edits as api_edits
from claimgraph.api.edit_models import MoveRequest, StanceRequest, VerdictRequest
from claimgraph.api.parameters import known_parameters
from claimgraph.api.services import Services
from claimgraph.errors import InputError
from claimgraph.store.edits import KINDS
from claimgraph.store.speakers import SpeakerNotFound
from claimgraph.web.lists import Pager
from claimgraph.web.pages import PageNo, page

router = APIRouter(include_in_schema=False, dependencies=[Depends(known_parameters)])
AUDIT_PAGE = 50
FormText = Annotated[str, Form(max_length=5000)]
Token = Annotated[str, Form(max_length=200)]


def checked(request: Request, csrf_token: str) -> Services:
    """The services, when this server allows edits and the form carries its token; a 403
    otherwise."""
    svc: Services = request.app.state.services
    api_edits.editable(svc)
    if not secrets.compare_digest(csrf_token.encode(), svc.edit_token.encode()):
        raise HTTPException(403, "this form is not one this server gave out (reload the page and try again)")
    return svc


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def parsed(model: Any, **fields: Any) -> Any:
    """A request model made from form fields; a 422 page naming what is wrong."""
    try:
        return model(**fields)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "form"
        raise InputError(
            f"{where}: {str(first.get('msg', 'invalid')).removeprefix('Value error, ')}"
        ) from None


def statement_url(ref: str) -> str:
    article_id, local_id = api_edits.split_ref(ref)
    return f"/statements/{quote(article_id, safe='')}/{quote(local_id, safe='')}"


@router.post("/speakers/{speaker_id}/merge")
def merge_speaker(
    request: Request, speaker_id: int, into: FormText, editor: FormText = "", csrf_token: Token = ""
) -> Response:
    svc = checked(request, csrf_token)
    if not (into.strip().isascii() and into.strip().isdigit()):
        raise InputError(f"into: {into!r} is not a speaker id")
    try:
        merged = svc.store.merge_speakers(speaker_id, int(into), editor.strip() or None)
    except SpeakerNotFound as err:
        raise HTTPException(404, str(err)) from None
    return back(f"/speakers/{merged}")


@router.post("/speakers/{speaker_id}/split")
def split_speaker(
    request: Request, speaker_id: int, alias: FormText, editor: FormText = "", csrf_token: Token = ""
) -> Response:
    svc = checked(request, csrf_token)
    try:
        new = svc.store.split_speaker(speaker_id, alias.strip(), editor.strip() or None)
    except SpeakerNotFound as err:
        raise HTTPException(404, str(err)) from None
    return back(f"/speakers/{new}")


@router.post("/statements/move")
def move_statement(
    request: Request, statement: FormText, claim: FormText = "", editor: FormText = "", csrf_token: Token = ""
) -> Response:
    svc = checked(request, csrf_token)
    body = parsed(
        MoveRequest, statement=statement, claim=claim.strip() or None, editor=editor.strip() or None
    )
    moved = api_edits.move(svc, body)
    return back(f"/claims/{moved['claim']}")


@router.post("/statements/stance")
def correct_stance(
    request: Request, statement: FormText, stance: FormText, editor: FormText = "", csrf_token: Token = ""
) -> Response:
    svc = checked(request, csrf_token)
    body = parsed(StanceRequest, statement=statement, stance=stance, editor=editor.strip() or None)
    api_edits.correct(svc, body)
    return back(statement_url(body.statement))


@router.post("/claims/{claim_id}/verdict")
def record_verdict(
    request: Request,
    claim_id: str,
    rating: FormText,
    checked_on: Annotated[str, Form(alias="checked", max_length=40)],
    rating_value: FormText = "",
    best_rating: FormText = "",
    worst_rating: FormText = "",
    note: FormText = "",
    sources: Annotated[str, Form(max_length=100_000)] = "",
    reviewer: FormText = "",
    editor: FormText = "",
    csrf_token: Token = "",
) -> Response:
    svc = checked(request, csrf_token)
    body = parsed(
        VerdictRequest,
        rating=rating,
        checked=checked_on.strip(),
        rating_value=rating_value.strip() or None,
        best_rating=best_rating.strip() or None,
        worst_rating=worst_rating.strip() or None,
        note=note.strip() or None,
        sources=[line.strip() for line in sources.splitlines() if line.strip()],
        reviewer=reviewer.strip() or None,
        editor=editor.strip() or None,
    )
    api_edits.judge(svc, claim_id, body)
    return back(f"/claims/c{api_edits.claim_ref_key(claim_id)}#verdict")


@router.get("/audit")
def audit(request: Request, kind: Annotated[str, Query(max_length=40)] = "", page_no: PageNo = 1) -> Response:
    """Every hand edit, newest first."""
    svc: Services = request.app.state.services
    if kind and kind not in KINDS:
        raise InputError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    total = svc.store.count_audit(kind=kind or None)
    pager = Pager(page_no, AUDIT_PAGE, total, {"kind": kind})
    items = svc.store.audit(limit=AUDIT_PAGE, offset=pager.offset, kind=kind or None)
    return page(request, "audit.html", items=items, pager=pager, kind=kind, kinds=KINDS)
