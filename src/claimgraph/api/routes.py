"""The JSON API under /api: thin handlers over :class:`Services`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import AfterValidator

from claimgraph.api.parameters import known_parameters
from claimgraph.api.schemas import (
    CLAIM_PATTERN,
    DATE_PATTERN,
    ERROR_RESPONSES,
    Act,
    AnalysisOut,
    AnalyzeRequest,
    ArticlePage,
    ClaimDetail,
    ClaimPage,
    ClaimSort,
    ClaimStatement,
    ClaimStatementPage,
    CueClass,
    Facets,
    Ingested,
    Kind,
    Language,
    MergeRequest,
    OutletList,
    Sort,
    SpeakerDetail,
    SpeakerPage,
    SplitRequest,
    Stance,
    StatementPage,
    Timeline,
    check_date,
)
from claimgraph.api.services import Services
from claimgraph.model import Article
from claimgraph.rhetoric.cues import ALL_CLASSES as CUE_CLASSES
from claimgraph.store.claims import flat_claim
from claimgraph.store.csv_cells import csv_cells
from claimgraph.store.export import COLUMNS as STATEMENT_COLUMNS
from claimgraph.store.export import flatten
from claimgraph.store.queries import date_bound
from claimgraph.store.speakers import SpeakerNotFound

MAX_LIMIT = 200
MAX_CSV_ROWS = 10_000

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, dependencies=[Depends(known_parameters)])


def services(request: Request) -> Services:
    return request.app.state.services


Svc = Annotated[Services, Depends(services)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
OutletQ = Annotated[
    str | None,
    Query(
        max_length=500,
        description="Outlet name (case-insensitive); `(unknown)` for articles without one.",
        examples=["Lakeside Ledger"],
    ),
]
DateQ = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN,
        description="A day, month or year: YYYY-MM-DD, YYYY-MM or YYYY (since: its first day; "
        "until: its last).",
        examples=["2025-03", "2025-03-04"],
    ),
    AfterValidator(check_date),
]
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "CSV with a header row."}
}


def next_url(request: Request, limit: int, offset: int, more: bool) -> str | None:
    if not more:
        return None
    params = dict(request.query_params)
    params.update(limit=str(limit), offset=str(offset + limit))
    return f"{request.url.path}?{urlencode(params)}"


def page_of(request: Request, items: list, total: int, limit: int, offset: int) -> dict[str, Any]:
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": next_url(request, limit, offset, offset + len(items) < total),
    }


def csv_response(name: str, header: list[str], rows: Iterable[list[Any]]) -> StreamingResponse:
    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            writer.writerow(csv_cells(row))
            if buffer.tell() > 64_000:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers=headers)


# -- analysis --------------------------------------------------------------------------------


@router.post("/analyze", response_model=AnalysisOut, tags=["analyze"], summary="Analyse an article")
async def analyze(body: AnalyzeRequest, svc: Svc) -> dict[str, Any]:
    """Find every attributed statement in a posted text or HTML page. Nothing is stored.
    Answers 503 with Retry-After when the analysis queue is full."""
    return (await svc.analyze_text(body.text, body.article(), body.options())).to_dict()


@router.post(
    "/analyze/file",
    response_model=AnalysisOut,
    tags=["analyze"],
    summary="Analyse an uploaded file",
)
async def analyze_file(
    svc: Svc,
    file: Annotated[UploadFile, File(description="A UTF-8 .txt or .html file, up to 5 MB.")],
    outlet: Annotated[str | None, Form(max_length=200)] = None,
    title: Annotated[str | None, Form(max_length=1000)] = None,
    published: Annotated[str | None, Form(pattern=DATE_PATTERN), AfterValidator(check_date)] = None,
) -> dict[str, Any]:
    """Same as POST /api/analyze for a multipart file upload (field `file`)."""
    data = await file.read()
    article = Article(title=title or None, outlet=outlet or None, published=published or None)
    return (await svc.analyze_bytes(data, file.filename or "upload", article)).to_dict()


@router.post(
    "/articles",
    response_model=Ingested,
    status_code=201,
    tags=["articles"],
    summary="Analyse and store an article (needs --allow-ingest)",
    responses={
        200: {"model": Ingested, "description": "The text was already stored: nothing was added"},
        403: {"description": "The server is read-only"},
    },
)
async def add_article(body: AnalyzeRequest, svc: Svc) -> Any:
    """Analyse the article and add it to the corpus: 201 with its id. A text already stored
    (whitespace aside) is not stored again: 200 with the stored article's id and metadata,
    `created: false`. Refused with 403 on a read-only server."""
    if not svc.allow_ingest:
        raise HTTPException(403, "this server is read-only; start it with --allow-ingest to add articles")
    existing = await run_in_threadpool(svc.stored_copy, body.text.replace("\r\n", "\n"))
    if existing is None:
        analysis = await svc.analyze_text(body.text, body.article(), body.options())
        stored = await run_in_threadpool(svc.ingest, analysis)
        answer = stored_answer(stored.id, stored.created, stored.message, analysis.to_dict())
        if not stored.created:
            answer["analysis"] = await run_in_threadpool(svc.store.article, stored.id)
    else:
        text = body.text.replace("\r\n", "\n")
        stored = await run_in_threadpool(svc.copy_of, existing, text, body.article())
        analysis = await run_in_threadpool(svc.store.article, stored.id)
        answer = stored_answer(stored.id, False, stored.message, analysis or existing)
    return JSONResponse(answer, status_code=201 if answer["created"] else 200)


def stored_answer(article_id: str, created: bool, message: str, analysis: dict[str, Any]) -> dict[str, Any]:
    url = f"/api/articles/{quote(article_id, safe='')}"
    return {"id": article_id, "url": url, "created": created, "message": message, "analysis": analysis}


# -- statements ------------------------------------------------------------------------------


def statement_filters(
    speaker: Annotated[
        str | None, Query(max_length=500, description="Speaker id or name.", examples=["Helena Voss"])
    ] = None,
    outlet: OutletQ = None,
    since: DateQ = None,
    until: DateQ = None,
    search: Annotated[
        str | None,
        Query(
            max_length=500,
            description='Words in the content: all must match (stemmed); "a phrase", a OR b, -excluded.',
            examples=["harbor -ferry", '"our own harbor"'],
        ),
    ] = None,
    kind: Annotated[Kind | None, Query(description="direct, indirect or mixed.")] = None,
    cue_class: Annotated[
        CueClass | None, Query(description="Cue class: " + ", ".join(CUE_CLASSES) + ".")
    ] = None,
    article: Annotated[str | None, Query(max_length=200, description="Article id.")] = None,
    claim: Annotated[
        str | None,
        Query(pattern=CLAIM_PATTERN, description="A claim's id: its statements.", examples=["c12"]),
    ] = None,
    stance: Annotated[Stance | None, Query(description="asserts or disputes (its claim).")] = None,
    about: Annotated[
        str | None,
        Query(max_length=300, description="An entity the statement speaks of (part of its name).",
              examples=["Ukraine"]),
    ] = None,
    act: Annotated[Act | None, Query(description="speech, or a state: belief, intention, ...")] = None,
    language: Annotated[
        Language | None, Query(description="The article's language (ISO 639-1): en or ru.")
    ] = None,
) -> dict[str, Any]:
    """The filters every statements route takes, checked (a reversed date range is a 422).
    Each is passed by its name to the store's ``queries.statement_filters``."""
    if since and until and date_bound(since) > date_bound(until, end=True):
        raise HTTPException(422, f"since ({since}) is after until ({until}): no date is in that range")
    # The parameters are the filters, by name: a new filter is one more parameter here.
    filters = {k: v for k, v in locals().items() if v not in (None, "")}
    if speaker and speaker.isascii() and speaker.isdigit():
        filters["speaker"] = int(speaker)  # a speaker id, as in /api/speakers
    if claim:
        filters["claim"] = claim_number(claim)
    return filters


def claim_number(claim_id: str) -> int:
    """The store's key of a claim id ("c12" or "12")."""
    return int(claim_id.removeprefix("c"))


Filters = Annotated[dict[str, Any], Depends(statement_filters)]
SortQ = Annotated[
    Sort | None,
    Query(description="relevance (the default with `search`) or newest (article date, newest first)."),
]


def claim_filters(
    filters: Filters,
    contested: Annotated[bool, Query(description="Only claims somebody disputes.")] = False,
    min_articles: Annotated[
        int | None, Query(ge=0, le=10_000_000, description="Carried by at least N articles.")
    ] = None,
    max_articles: Annotated[
        int | None, Query(ge=1, le=10_000_000, description="Carried by at most N articles (1: exclusives).")
    ] = None,
    max_outlets: Annotated[
        int | None, Query(ge=1, le=10_000_000, description="Carried by at most N outlets (1: one outlet's).")
    ] = None,
) -> dict[str, Any]:
    """The filters of the claims routes: a claim matches when one of its statements matches
    the statement filters (words, speaker, outlet, dates, article; ``about`` an entity)."""
    unsupported = {"kind", "cue_class", "claim", "stance", "act"} & set(filters)
    if unsupported:
        raise HTTPException(422, f"{', '.join(sorted(unsupported))}: not a filter of claims")
    return {**filters, "contested": contested, "min_articles": min_articles,
            "max_articles": max_articles, "max_outlets": max_outlets}


ClaimFilters = Annotated[dict[str, Any], Depends(claim_filters)]
ClaimSortQ = Annotated[
    ClaimSort,
    Query(description="widespread (most articles first), outlets (most outlets first), contested (most "
          "disputes), newest (last seen), first (seen)."),
]


@router.get("/claims", response_model=ClaimPage, tags=["claims"])
def list_claims(
    request: Request,
    svc: Svc,
    filters: ClaimFilters,
    sort: ClaimSortQ = "widespread",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Claims across the corpus: each with who asserts and who disputes it and the outlets
    that carry it (GET /api/claims/{id} gives its statements)."""
    items = svc.store.claims(limit=limit, offset=offset, sort=sort, with_statements=False, **filters)
    return page_of(request, items, svc.store.count_claims(**filters), limit, offset)


@router.get(
    "/claims.csv",
    tags=["claims"],
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    summary="Claims as CSV",
)
def claims_csv(
    svc: Svc,
    filters: ClaimFilters,
    sort: ClaimSortQ = "widespread",
    limit: Annotated[int, Query(ge=1, le=MAX_CSV_ROWS, description="Rows (at most 10,000).")] = MAX_CSV_ROWS,
    offset: Offset = 0,
) -> StreamingResponse:
    """The same claims as GET /api/claims, a row each (the columns of `claimgraph claims --format csv`)."""
    items = svc.store.claims(limit=limit, offset=offset, sort=sort, with_statements=False, **filters)
    header = list(flat_claim({}).keys())
    return csv_response("claims.csv", header, ([flat_claim(c)[k] for k in header] for c in items))


@router.get("/claims/{claim_id}", response_model=ClaimDetail, tags=["claims"])
def get_claim(claim_id: str, svc: Svc) -> dict[str, Any]:
    """One claim: its statements (oldest first) with outlet, date, speaker, cue and its
    stance class, and whether each asserts or disputes it."""
    found = svc.store.claim(claim_id)
    if found is None:
        raise HTTPException(404, f"no claim with id {claim_id!r}")
    return found


def claim_key(svc: Services, claim_id: str) -> int:
    """The store's key of an existing claim (a claim has statements); 404 otherwise."""
    key = claim_id.removeprefix("c")
    if not (key.isascii() and key.isdigit() and len(key) < 10 and svc.store.count_statements(claim=int(key))):
        raise HTTPException(404, f"no claim with id {claim_id!r}")
    return int(key)


@router.get(
    "/claims/{claim_id}/statements", response_model=ClaimStatementPage, tags=["claims"],
    summary="A claim's statements",
)
def claim_statements(
    request: Request, claim_id: str, svc: Svc, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """A page of one claim's statements, oldest first, each with its `stance` (asserts or
    disputes): GET /api/statements?claim= in the claim's order."""
    key = claim_key(svc, claim_id)
    items = with_stance(svc.store.statements(claim=key, limit=limit, offset=offset, sort="oldest"))
    return page_of(request, items, svc.store.count_statements(claim=key), limit, offset)


@router.get(
    "/claims/{claim_id}/statements.csv",
    tags=["claims"],
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    summary="A claim's statements as CSV",
)
def claim_statements_csv(
    claim_id: str,
    svc: Svc,
    limit: Annotated[int, Query(ge=1, le=MAX_CSV_ROWS, description="Rows (at most 10,000).")] = MAX_CSV_ROWS,
    offset: Offset = 0,
) -> StreamingResponse:
    """The same statements, flat (the columns of `claimgraph export`, with `claim_id` and
    `claim_stance`)."""
    key = claim_key(svc, claim_id)
    items = svc.store.statements(claim=key, limit=limit, offset=offset, sort="oldest")
    return statements_csv_response(f"claim-c{key}-statements.csv", items)


def with_stance(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements with their stance on their claim at the top level, as a claim lists them."""
    for item in items:
        item["stance"] = (item.get("claim") or {}).get("stance")
    return items


def statements_csv_response(name: str, items: list[dict[str, Any]]) -> StreamingResponse:
    header = [name for name, _ in STATEMENT_COLUMNS]
    return csv_response(name, header, ([flatten(item)[column] for column in header] for item in items))


@router.get("/statements", response_model=StatementPage, tags=["statements"])
def list_statements(
    request: Request, svc: Svc, filters: Filters, sort: SortQ = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Statements in the corpus, filtered like `claimgraph statements`: with `search`, best
    match first (`sort=newest` for newest article first); without, newest first."""
    items, total = svc.statements_page(filters, limit, offset, sort or "relevance")
    return page_of(request, items, total, limit, offset)


@router.get(
    "/statements.csv",
    tags=["statements"],
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    summary="Statements as CSV",
)
def statements_csv(
    svc: Svc,
    filters: Filters,
    sort: SortQ = None,
    limit: Annotated[int, Query(ge=1, le=MAX_CSV_ROWS, description="Rows (at most 10,000).")] = MAX_CSV_ROWS,
    offset: Offset = 0,
) -> StreamingResponse:
    """The same statements as GET /api/statements, flat (the columns of `claimgraph export`)."""
    items = svc.store.statements(**filters, limit=limit, offset=offset, sort=sort or "relevance")
    return statements_csv_response("statements.csv", items)


@router.get("/statements/facets", response_model=Facets, tags=["statements"], summary="Facet counts")
def statement_facets(
    svc: Svc,
    filters: Filters,
    top: Annotated[int, Query(ge=1, le=50, description="Values per facet.")] = 10,
) -> dict[str, Any]:
    """How the statements that match are spread over speakers, outlets, kinds, cue classes
    and months (the largest `top` of each; months newest first)."""
    return {"total": svc.store.count_statements(**filters), **svc.store.facets(top=top, **filters)}


PeriodQ = Annotated[str, Query(pattern="^(day|month|year)$", description="day, month or year.")]
ByQ = Annotated[str | None, Query(pattern="^outlet$", description="`outlet`: one series per outlet.")]


@router.get(
    "/statements/timeline", response_model=Timeline, tags=["statements"], summary="Statements over time"
)
def statement_timeline(
    svc: Svc, filters: Filters, period: PeriodQ = "month", by: ByQ = None
) -> dict[str, Any]:
    """How many statements match per day, month or year of publication (per outlet with
    `by=outlet`); undated articles are left out."""
    return {"period": period, "by": by, "items": svc.store.timeline(period=period, by=by, **filters)}


@router.get(
    "/statements/timeline.csv",
    tags=["statements"],
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    summary="Statements over time as CSV",
)
def statement_timeline_csv(
    svc: Svc, filters: Filters, period: PeriodQ = "month", by: ByQ = None
) -> StreamingResponse:
    items = svc.store.timeline(period=period, by=by, **filters)
    header = ["period", "outlet", "count"] if by else ["period", "count"]
    return csv_response("timeline.csv", header, ([item.get(k) for k in header] for item in items))


@router.get(
    "/statements/{statement_ref:path}", response_model=ClaimStatement, tags=["statements"],
    summary="One statement",
)
def get_statement(statement_ref: str, svc: Svc) -> dict[str, Any]:
    """One statement by its permalink id, ARTICLE_ID/STATEMENT_ID (`s3`: the statement's `id`
    in its article), which stays the same when the same articles are ingested again. With
    its claim (`claim.id`, `claim.label`) and `stance`."""
    found = statement_by_ref(svc, statement_ref)
    if found is None:
        raise HTTPException(404, f"no statement {statement_ref!r} (give ARTICLE_ID/STATEMENT_ID)")
    return with_stance([found])[0]


def statement_by_ref(svc: Services, ref: str) -> dict[str, Any] | None:
    """The statement ARTICLE_ID/STATEMENT_ID (article ids may hold "/": the last one splits)."""
    article_id, _, local_id = ref.rpartition("/")
    if not article_id or not local_id:
        return None
    return svc.store.statement(article_id, local_id)


# -- speakers --------------------------------------------------------------------------------

SpeakerSearch = Annotated[str | None, Query(max_length=500, description="Part of a name.")]


@router.get("/speakers", response_model=SpeakerPage, tags=["speakers"])
def list_speakers(
    request: Request,
    svc: Svc,
    outlet: OutletQ = None,
    search: SpeakerSearch = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Speakers, most quoted first."""
    items = svc.store.speakers(outlet=outlet or None, search=search or None, limit=limit, offset=offset)
    total = svc.store.count_speakers(outlet=outlet or None, search=search or None)
    return page_of(request, items, total, limit, offset)


SPEAKER_COLUMNS = ["id", "name", "type", "country", "statement_count", "titles", "affiliations", "outlets"]


@router.get(
    "/speakers.csv",
    tags=["speakers"],
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    summary="Speakers as CSV",
)
def speakers_csv(
    svc: Svc,
    outlet: OutletQ = None,
    search: SpeakerSearch = None,
    limit: Annotated[int, Query(ge=1, le=MAX_CSV_ROWS, description="Rows (at most 10,000).")] = MAX_CSV_ROWS,
    offset: Offset = 0,
) -> StreamingResponse:
    """GET /api/speakers as CSV; lists are joined with "; "."""
    items = svc.store.speakers(outlet=outlet or None, search=search or None, limit=limit, offset=offset)

    def cell(value: Any) -> Any:
        return "; ".join(map(str, value)) if isinstance(value, list) else value

    return csv_response(
        "speakers.csv", SPEAKER_COLUMNS, ([cell(s.get(k)) for k in SPEAKER_COLUMNS] for s in items)
    )


@router.get("/speakers/{speaker_id}", response_model=SpeakerDetail, tags=["speakers"])
def get_speaker(
    request: Request, speaker_id: int, svc: Svc, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """One speaker: names, titles and affiliations seen (with dates), outlets quoting them,
    and a page of their statements (newest first; `statements_page` says where it is)."""
    found = svc.speaker(speaker_id, limit=limit, offset=offset)
    if found is None:
        raise HTTPException(404, f"no speaker with id {speaker_id}")
    total = found.get("statement_count") or 0
    found["statements_page"] = {
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": next_url(request, limit, offset, offset + len(found["statements"]) < total),
    }
    return found


_EDIT_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "The server is read-only"},
    404: {"description": "No speaker with that id"},
}


def _edit_speakers(svc: Services, edit: Any) -> dict[str, Any]:
    """A hand decision on speakers (stored; later ingests keep it; logged in the audit log):
    403 on a server that does not allow edits, 404 for an unknown id, 422 for a name the
    speaker does not have."""
    if not svc.allow_edit:
        raise HTTPException(403, "this server is read-only; start it with --allow-edit to edit speakers")
    try:
        speaker_id = edit(svc.store)
    except SpeakerNotFound as err:
        raise HTTPException(404, str(err)) from None
    return svc.speaker(speaker_id) or {}


@router.post(
    "/speakers/{speaker_id}/merge",
    response_model=SpeakerDetail,
    tags=["speakers"],
    summary="Merge a speaker into another (needs --allow-edit)",
    responses=_EDIT_RESPONSES,
)
def merge_speaker(speaker_id: int, body: MergeRequest, svc: Svc) -> dict[str, Any]:
    """Speaker `speaker_id` becomes speaker `into`: its names, statements and titles move,
    its id points on. Returns the merged speaker."""
    return _edit_speakers(svc, lambda store: store.merge_speakers(speaker_id, body.into, body.editor))


@router.post(
    "/speakers/{speaker_id}/split",
    response_model=SpeakerDetail,
    tags=["speakers"],
    summary="Split one name off a speaker (needs --allow-edit)",
    responses=_EDIT_RESPONSES,
)
def split_speaker(speaker_id: int, body: SplitRequest, svc: Svc) -> dict[str, Any]:
    """The name `alias` (every spelling of it) and the statements made under it become a
    speaker of their own, which no later ingest merges back. Returns the new speaker."""
    return _edit_speakers(svc, lambda store: store.split_speaker(speaker_id, body.alias, body.editor))


# -- articles --------------------------------------------------------------------------------


@router.get("/articles", response_model=ArticlePage, tags=["articles"])
def list_articles(
    request: Request, svc: Svc, outlet: OutletQ = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Articles, newest first."""
    items = svc.store.articles(outlet=outlet or None, limit=limit, offset=offset)
    return page_of(request, items, svc.store.count_articles(outlet=outlet or None), limit, offset)


ARTICLE_COLUMNS = ["id", "title", "outlet", "published", "url", "word_count", "statement_count"]


@router.get(
    "/articles.csv",
    tags=["articles"],
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    summary="Articles as CSV",
)
def articles_csv(
    svc: Svc,
    outlet: OutletQ = None,
    limit: Annotated[int, Query(ge=1, le=MAX_CSV_ROWS, description="Rows (at most 10,000).")] = MAX_CSV_ROWS,
    offset: Offset = 0,
) -> StreamingResponse:
    items = svc.store.articles(outlet=outlet or None, limit=limit, offset=offset)
    return csv_response("articles.csv", ARTICLE_COLUMNS, ([a.get(k) for k in ARTICLE_COLUMNS] for a in items))


@router.get("/articles/{article_id:path}", response_model=AnalysisOut, tags=["articles"])
def get_article(article_id: str, svc: Svc) -> dict[str, Any]:
    """One article with its text, statements and entities."""
    found = svc.store.article(article_id) if article_id else None
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return found


# -- outlets ---------------------------------------------------------------------------------


@router.get("/outlets", response_model=OutletList, tags=["outlets"])
def list_outlets(request: Request, svc: Svc, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Outlets with most articles first: articles, statements by kind and by cue class, most
    quoted speakers. Articles without an outlet are counted under `(unknown)`."""
    items = svc.store.outlets(limit=limit, offset=offset)
    return page_of(request, items, svc.store.count_outlets(), limit, offset)


OUTLET_COLUMNS = ["outlet", "articles", "statements", "direct", "indirect", "mixed"]


@router.get(
    "/outlets.csv",
    tags=["outlets"],
    response_class=StreamingResponse,
    responses=CSV_RESPONSE,
    summary="Outlets as CSV",
)
def outlets_csv(
    svc: Svc,
    limit: Annotated[int, Query(ge=1, le=MAX_CSV_ROWS, description="Rows (at most 10,000).")] = MAX_CSV_ROWS,
    offset: Offset = 0,
) -> StreamingResponse:
    """GET /api/outlets as CSV: one column per cue class, and the top speakers ("name (n); ...")."""
    items = svc.store.outlets(limit=limit, offset=offset)
    header = OUTLET_COLUMNS + [f"cue_{c}" for c in CUE_CLASSES] + ["top_speakers"]

    def row(o: dict[str, Any]) -> list[Any]:
        top = "; ".join(f"{t['name']} ({t['count']})" for t in o["top_speakers"])
        return [o[k] for k in OUTLET_COLUMNS] + [o["cue_classes"].get(c, 0) for c in CUE_CLASSES] + [top]

    return csv_response("outlets.csv", header, (row(o) for o in items))


@router.get("/outlets/{outlet:path}", tags=["outlets"], summary="How one outlet tells it")
def get_outlet(outlet: str, svc: Svc) -> dict[str, Any]:
    """One outlet (`(unknown)` for articles without one): the cue verbs it uses and their
    classes, cue classes by speaker and by side, and loaded language in its own voice
    (per 1,000 narrator words) against the loaded words it quotes."""
    found = svc.outlet_report(outlet) if outlet.strip() else None
    if found is None:
        raise HTTPException(404, f"no articles from outlet {outlet!r}")
    return found
