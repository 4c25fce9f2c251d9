"""The JSON API under /api: thin handlers over :class:`Services`."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile

from claimgraph.api.schemas import (
    DATE_PATTERN,
    ERROR_RESPONSES,
    AnalysisOut,
    AnalyzeRequest,
    ArticlePage,
    Ingested,
    Kind,
    MergeRequest,
    OutletList,
    SpeakerDetail,
    SpeakerPage,
    SplitRequest,
    StatementPage,
)
from claimgraph.api.services import Services
from claimgraph.model import Article
from claimgraph.store.speakers import SpeakerNotFound

MAX_LIMIT = 200

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


def services(request: Request) -> Services:
    return request.app.state.services


Svc = Annotated[Services, Depends(services)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
OutletQ = Annotated[str | None, Query(max_length=500, description="Outlet name (case-insensitive).")]
Date = Annotated[str | None, Query(pattern=DATE_PATTERN, description="ISO date, YYYY-MM-DD.")]


def _next(request: Request, limit: int, offset: int, more: bool) -> str | None:
    if not more:
        return None
    params = dict(request.query_params)
    params.update(limit=str(limit), offset=str(offset + limit))
    return f"{request.url.path}?{urlencode(params)}"


def _open_page(request: Request, items: list, limit: int, offset: int) -> dict[str, Any]:
    """A page of a list the store does not count: fetched with one extra item to see if more."""
    more = len(items) > limit
    return {
        "items": items[:limit],
        "total": None,
        "limit": limit,
        "offset": offset,
        "next": _next(request, limit, offset, more),
    }


# -- analysis --------------------------------------------------------------------------------


@router.post("/analyze", response_model=AnalysisOut, tags=["analyze"], summary="Analyse an article")
def analyze(body: AnalyzeRequest, svc: Svc) -> dict[str, Any]:
    """Find every attributed statement in a posted text or HTML page. Nothing is stored."""
    return svc.analyze_text(body.text, body.article(), body.options()).to_dict()


@router.post(
    "/analyze/file",
    response_model=AnalysisOut,
    tags=["analyze"],
    summary="Analyse an uploaded file",
)
def analyze_file(
    svc: Svc,
    file: Annotated[UploadFile, File(description="A UTF-8 .txt or .html file, up to 5 MB.")],
    outlet: Annotated[str | None, Form(max_length=200)] = None,
    title: Annotated[str | None, Form(max_length=1000)] = None,
    published: Annotated[str | None, Form(pattern=DATE_PATTERN)] = None,
) -> dict[str, Any]:
    """Same as POST /api/analyze for a multipart file upload (field `file`)."""
    data = file.file.read()
    article = Article(title=title or None, outlet=outlet or None, published=published or None)
    return svc.analyze_bytes(data, file.filename or "upload", article).to_dict()


@router.post(
    "/articles",
    response_model=Ingested,
    status_code=201,
    tags=["articles"],
    summary="Analyse and store an article (needs --allow-ingest)",
    responses={403: {"description": "The server is read-only"}},
)
def add_article(body: AnalyzeRequest, svc: Svc) -> dict[str, Any]:
    """Analyse the article and add it to the corpus. Refused with 403 on a read-only server."""
    if not svc.allow_ingest:
        raise HTTPException(403, "this server is read-only; start it with --allow-ingest to add articles")
    svc.store  # noqa: B018 - fail with 503 before spending time on the analysis
    analysis = svc.analyze_text(body.text, body.article(), body.options())
    article_id = svc.ingest(analysis)
    analysis.article.id = article_id
    url = f"/api/articles/{quote(article_id, safe='')}"
    return {"id": article_id, "url": url, "analysis": analysis.to_dict()}


# -- corpus ----------------------------------------------------------------------------------


@router.get("/statements", response_model=StatementPage, tags=["statements"])
def list_statements(
    request: Request,
    svc: Svc,
    speaker: Annotated[str | None, Query(max_length=500, description="Speaker id or name.")] = None,
    outlet: OutletQ = None,
    since: Date = None,
    until: Date = None,
    search: Annotated[str | None, Query(max_length=500, description="Words in the content.")] = None,
    kind: Annotated[Kind | None, Query(description="direct, indirect or mixed.")] = None,
    cue_class: Annotated[
        str | None, Query(max_length=50, description="Cue class, e.g. neutral, distancing, denial.")
    ] = None,
    article: Annotated[str | None, Query(max_length=200, description="Article id.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Statements in the corpus, newest article first, filtered like `claimgraph statements`."""
    filters = {
        "speaker": speaker,
        "outlet": outlet,
        "since": since,
        "until": until,
        "search": search,
        "kind": kind,
        "cue_class": cue_class,
        "article": article,
    }
    filters = {k: v for k, v in filters.items() if v not in (None, "")}
    if speaker and speaker.isascii() and speaker.isdigit():
        filters["speaker"] = int(speaker)  # a speaker id, as in /api/speakers
    items, total = svc.statements_page(filters, limit, offset)
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": _next(request, limit, offset, offset + len(items) < total),
    }


@router.get("/speakers", response_model=SpeakerPage, tags=["speakers"])
def list_speakers(
    request: Request,
    svc: Svc,
    outlet: OutletQ = None,
    search: Annotated[str | None, Query(max_length=500, description="Part of a name.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Speakers, most quoted first."""
    items = svc.store.speakers(outlet=outlet or None, search=search or None, limit=limit + 1, offset=offset)
    return _open_page(request, items, limit, offset)


@router.get("/speakers/{speaker_id}", response_model=SpeakerDetail, tags=["speakers"])
def get_speaker(speaker_id: int, svc: Svc) -> dict[str, Any]:
    """One speaker: titles and affiliations seen over time, outlets, statements."""
    found = svc.speaker(speaker_id)
    if found is None:
        raise HTTPException(404, f"no speaker with id {speaker_id!r}")
    return found


_EDIT_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "The server is read-only"},
    404: {"description": "No speaker with that id"},
}


def _edit_speakers(svc: Services, edit: Any) -> dict[str, Any]:
    """A hand decision on speakers (stored; later ingests keep it): 403 on a read-only
    server, 404 for an unknown id, 422 for a name the speaker does not have."""
    if not svc.allow_ingest:
        raise HTTPException(403, "this server is read-only; start it with --allow-ingest to edit speakers")
    try:
        speaker_id = edit(svc.store)
    except SpeakerNotFound as err:
        raise HTTPException(404, str(err)) from None
    return svc.speaker(speaker_id) or {}


@router.post(
    "/speakers/{speaker_id}/merge",
    response_model=SpeakerDetail,
    tags=["speakers"],
    summary="Merge a speaker into another (needs --allow-ingest)",
    responses=_EDIT_RESPONSES,
)
def merge_speaker(speaker_id: int, body: MergeRequest, svc: Svc) -> dict[str, Any]:
    """Speaker `speaker_id` becomes speaker `into`: its names, statements and titles move,
    its id points on. Returns the merged speaker."""
    return _edit_speakers(svc, lambda store: store.merge_speakers(speaker_id, body.into))


@router.post(
    "/speakers/{speaker_id}/split",
    response_model=SpeakerDetail,
    tags=["speakers"],
    summary="Split one name off a speaker (needs --allow-ingest)",
    responses=_EDIT_RESPONSES,
)
def split_speaker(speaker_id: int, body: SplitRequest, svc: Svc) -> dict[str, Any]:
    """The name `alias` (every spelling of it) and the statements made under it become a
    speaker of their own, which no later ingest merges back. Returns the new speaker."""
    return _edit_speakers(svc, lambda store: store.split_speaker(speaker_id, body.alias))


@router.get("/articles", response_model=ArticlePage, tags=["articles"])
def list_articles(
    request: Request, svc: Svc, outlet: OutletQ = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Articles in the corpus."""
    items = svc.store.articles(outlet=outlet or None, limit=limit + 1, offset=offset)
    return _open_page(request, items, limit, offset)


@router.get("/articles/{article_id:path}", response_model=AnalysisOut, tags=["articles"])
def get_article(article_id: str, svc: Svc) -> dict[str, Any]:
    """One article with its text, statements and entities."""
    found = svc.store.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return found


@router.get("/outlets", response_model=OutletList, tags=["outlets"])
def list_outlets(svc: Svc) -> dict[str, Any]:
    """Every outlet: articles, statements by kind, most quoted speakers."""
    return {"items": svc.store.outlets()}


@router.get("/outlets/{outlet:path}", tags=["outlets"], summary="How one outlet tells it")
def get_outlet(outlet: str, svc: Svc) -> dict[str, Any]:
    """One outlet (`(unknown)` for articles without one): the cue verbs it uses and their
    classes, cue classes by speaker and by side, and loaded language in its own voice
    (per 1,000 narrator words) against the loaded words it quotes."""
    found = svc.outlet_report(outlet)
    if found is None:
        raise HTTPException(404, f"no articles from outlet {outlet!r}")
    return found
