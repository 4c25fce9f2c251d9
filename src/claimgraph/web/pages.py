"""HTML pages: Analyze, Search, Article, Speakers, Outlets, API reference.

Handlers are thin: they call :class:`claimgraph.api.services.Services` and hand
plain dicts to templates. Article text reaches templates only as segments from
:mod:`claimgraph.web.highlight` and is escaped by Jinja's autoescape.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from claimgraph.api.services import Services
from claimgraph.errors import InputError
from claimgraph.model import Article
from claimgraph.rhetoric.cues import ALL_CLASSES as CUE_CLASSES
from claimgraph.web.highlight import anchor_id, group_speakers, segments

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))  # autoescape on for .html
templates.env.globals["anchor_id"] = anchor_id

PAGE_SIZE = 25
KINDS = ("direct", "indirect", "mixed")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

router = APIRouter(include_in_schema=False)



def _svc(request: Request) -> Services:
    return request.app.state.services


def _qs(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _slug(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value or "").lower()).strip("-") or "unknown"


templates.env.globals["qs"] = _qs
templates.env.filters["slug"] = _slug
# Ids and outlet names may hold "/", "?" or "#" (folder ingests, feed URLs): quote them whole.
templates.env.filters["pathquote"] = lambda value: quote(str(value), safe="")


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    svc = _svc(request)
    context.setdefault("has_store", svc.has_store)
    context.setdefault("allow_ingest", svc.allow_ingest)
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, reason: str, message: str) -> Response:
    return page(request, "error.html", status=status, code=status, reason=reason, message=message)


def reader(analysis: dict[str, Any], svc: Services | None = None) -> dict[str, Any]:
    """What the reader view needs: segments, speaker groups, kind counts."""
    groups = group_speakers(analysis)
    if svc is not None:
        for group in groups:
            if group.known:
                found = svc.speaker_link(group.name)
                group.link = f"/speakers/{found}" if found else None
    kinds = Counter(s.get("kind") for s in analysis.get("statements") or [])
    return {
        "analysis": analysis,
        "article": analysis.get("article") or {},
        "segments": segments(analysis, groups),
        "groups": groups,
        "kinds": {k: kinds.get(k, 0) for k in KINDS},
        "n_statements": len(analysis.get("statements") or []),
    }


# -- analyze ---------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    return page(request, "analyze.html", form={})


@router.get("/analyze")
def analyze_get() -> Response:
    return RedirectResponse("/", status_code=303)


@router.post("/analyze", response_class=HTMLResponse)
def analyze_post(
    request: Request,
    text: Annotated[str, Form(max_length=5_000_000)] = "",
    outlet: Annotated[str, Form(max_length=200)] = "",
    title: Annotated[str, Form(max_length=1000)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    svc = _svc(request)
    form = {"text": text, "outlet": outlet, "title": title}
    meta = Article(title=title.strip() or None, outlet=outlet.strip() or None)
    try:
        if file is not None and file.filename:
            analysis = svc.analyze_bytes(file.file.read(), file.filename, meta)
        elif text.strip():
            analysis = svc.analyze_text(text, meta)
        else:
            raise InputError("paste an article or choose a file to analyse")
    except InputError as err:
        return page(request, "analyze.html", status=422, form=form, error=str(err))
    return page(request, "analyze.html", form=form, **reader(analysis.to_dict(), svc))


# -- corpus pages ----------------------------------------------------------------------------


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request,
    outlet: Annotated[str, Query(max_length=200)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    store = _svc(request).store
    offset = (page_no - 1) * PAGE_SIZE
    items = store.articles(outlet=outlet or None, limit=PAGE_SIZE + 1, offset=offset)
    return page(
        request,
        "articles.html",
        items=items[:PAGE_SIZE],
        outlet=outlet,
        page_no=page_no,
        has_next=len(items) > PAGE_SIZE,
    )


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> Response:
    svc = _svc(request)
    found = svc.store.article(article_id)
    if found is None:
        return render_error(request, 404, "Not Found", f"no article with id {article_id!r}")
    return page(request, "article.html", **reader(found, svc))


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    speaker: Annotated[str, Query(max_length=500)] = "",
    outlet: Annotated[str, Query(max_length=200)] = "",
    since: Annotated[str, Query(max_length=40)] = "",
    until: Annotated[str, Query(max_length=40)] = "",
    kind: Annotated[str, Query(max_length=20)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    svc = _svc(request)
    store = svc.store
    form = {"q": q, "speaker": speaker, "outlet": outlet, "since": since, "until": until}
    form["kind"] = kind
    problems = [
        f"{label} must be a date like 2024-05-31"
        for label, value in (("From", since), ("To", until))
        if value and not _DATE.match(value)
    ]
    if kind and kind not in KINDS:
        problems.append("Kind must be direct, indirect or mixed")
    filters = {
        "search": q.strip() or None,
        "speaker": speaker.strip() or None,
        "outlet": outlet or None,
        "since": since or None,
        "until": until or None,
        "kind": kind or None,
    }
    filters = {k: v for k, v in filters.items() if v is not None}
    items: list[dict[str, Any]] = []
    total = 0
    if not problems:
        offset = (page_no - 1) * PAGE_SIZE
        items, total = svc.statements_page(filters, PAGE_SIZE, offset)
    outlets = [o.get("outlet") for o in store.outlets() if o.get("outlet")]
    return page(
        request,
        "search.html",
        status=422 if problems else 200,
        form=form,
        problems=problems,
        items=items,
        total=total,
        page_no=page_no,
        pages=max(1, -(-total // PAGE_SIZE)),
        outlets=outlets,
        kinds=KINDS,
        searched=bool(filters) or "q" in request.query_params,
    )


@router.get("/speakers", response_class=HTMLResponse)
def speakers(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    outlet: Annotated[str, Query(max_length=200)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    store = _svc(request).store
    offset = (page_no - 1) * PAGE_SIZE
    items = store.speakers(
        outlet=outlet or None, search=q.strip() or None, limit=PAGE_SIZE + 1, offset=offset
    )
    return page(
        request,
        "speakers.html",
        items=items[:PAGE_SIZE],
        q=q,
        outlet=outlet,
        page_no=page_no,
        has_next=len(items) > PAGE_SIZE,
    )


def _timeline(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements grouped by publication date, oldest first; undated last."""
    by_date: dict[str, list[dict[str, Any]]] = {}
    for s in statements:
        published = ((s.get("article") or {}).get("published") or "")[:10]
        by_date.setdefault(published, []).append(s)
    dated = sorted(k for k in by_date if k)
    order = dated + ([""] if "" in by_date else [])
    return [{"date": d or None, "statements": by_date[d]} for d in order]


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker(request: Request, speaker_id: str) -> Response:
    found = _svc(request).speaker(speaker_id)
    if found is None:
        return render_error(request, 404, "Not Found", f"no speaker with id {speaker_id!r}")
    statements = found.get("statements") or []
    titles_seen = sorted(
        found.get("titles_seen") or [], key=lambda t: (t.get("published") or "9999", t.get("title") or "")
    )
    outlets = found.get("outlets") or []
    top = max((o.get("count", 0) for o in outlets), default=0) or 1
    kinds = Counter(s.get("kind") for s in statements)
    return page(
        request,
        "speaker.html",
        speaker=found,
        titles_seen=titles_seen,
        outlets=outlets,
        outlet_max=top,
        timeline=_timeline(statements),
        kinds={k: kinds.get(k, 0) for k in KINDS},
    )


@router.get("/outlets", response_class=HTMLResponse)
def outlets(request: Request) -> Response:
    svc = _svc(request)
    store = svc.store
    rows = store.outlets()
    for row in rows:
        total = row.get("statements") or 0
        row["kind_share"] = [
            (k, row.get(k) or 0, 100 * (row.get(k) or 0) / total if total else 0) for k in KINDS
        ]
        classes = []
        if total:
            for cls in CUE_CLASSES:
                n = store.count_statements(outlet=row.get("outlet"), cue_class=cls)
                if n:
                    classes.append((cls, n, 100 * n / total))
        row["cue_share"] = sorted(classes, key=lambda c: -c[1])
        top = row.get("top_speakers") or []
        for entry in top:
            if "id" not in entry:
                entry["id"] = svc.speaker_link(entry.get("name"))
        row["top_max"] = max((t.get("count", 0) for t in top), default=0) or 1
    return page(request, "outlets.html", outlets=rows)


@router.get("/outlets/{outlet:path}", response_class=HTMLResponse)
def outlet(request: Request, outlet: str) -> Response:
    svc = _svc(request)
    report = svc.outlet_report(outlet)
    row = next(
        (o for o in svc.store.outlets() if (o.get("outlet") or "(unknown)").lower() == outlet.lower()),
        None,
    )
    if row is None:
        return render_error(request, 404, "Not Found", f"no articles from outlet {outlet!r}")
    total = row.get("statements") or 0
    kind_share = [(k, row.get(k) or 0, 100 * (row.get(k) or 0) / total if total else 0) for k in KINDS]
    speakers = svc.store.speakers(outlet=row.get("outlet"), limit=15) if row.get("outlet") else []
    top = max((s.get("statement_count", 0) for s in speakers), default=0) or 1
    cues = (report or {}).get("cues", [])
    cue_max = max((c["count"] for c in cues), default=0) or 1
    return page(
        request,
        "outlet.html",
        row=row,
        outlet_name=row.get("outlet") or "Unknown outlet",
        report=report,
        kind_share=kind_share,
        speakers=speakers,
        speaker_max=top,
        cues=cues[:25],
        cue_max=cue_max,
    )


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    return page(request, "api.html", ops=openapi_summary(request.app))


@router.get("/healthz")
def health(request: Request) -> dict[str, Any]:
    svc = _svc(request)
    return {"ok": True, "store": svc.has_store}


def openapi_summary(app: Any) -> list[dict[str, Any]]:
    """The API's operations, for the /api/docs page."""
    ops = []
    for path, methods in app.openapi().get("paths", {}).items():
        for method, op in methods.items():
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": [
                        {
                            "name": p.get("name"),
                            "in": p.get("in"),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": "requestBody" in op,
                }
            )
    return ops
