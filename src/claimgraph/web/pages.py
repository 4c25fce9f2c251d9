"""HTML pages: Analyze, Search, Articles, Speakers, Outlets, Claims, API reference.

Handlers are thin: they call :class:`claimgraph.api.services.Services` (the store's
queries aggregate and paginate in SQL) and hand plain data to templates. Article text
reaches templates only as segments from :mod:`claimgraph.web.highlight` and is escaped by
Jinja's autoescape; charts are geometry from :mod:`claimgraph.web.charts`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from claimgraph import __version__
from claimgraph.api.analysis import Busy, TooLong
from claimgraph.api.parameters import known_parameters
from claimgraph.api.reviews import asserting_speakers, reviewed_claim
from claimgraph.api.routes import claim_number, statement_by_ref, with_stance
from claimgraph.api.schemas import CLAIM_PATTERN
from claimgraph.api.services import Services
from claimgraph.claims.review import claim_review
from claimgraph.errors import InputError
from claimgraph.model import Article
from claimgraph.readers.language import SUPPORTED, language_name
from claimgraph.rhetoric.cues import ALL_CLASSES as CUE_CLASSES
from claimgraph.store.queries import NO_OUTLET, date_bound
from claimgraph.store.search import parse as parse_search
from claimgraph.web.charts import share_chart, time_chart
from claimgraph.web.highlight import anchor_id, group_speakers, mark_terms, segments
from claimgraph.web.lists import Exports, Pager, query_string

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))  # autoescape on for .html

PAGE_SIZE = 25
OUTLETS_PER_PAGE = 12
CLAIMS_SHOWN = 10  # claims listed on a speaker's or an article's page (the claims page has all)
CLAIM_SORTS = (("widespread", "Most articles"), ("outlets", "Most outlets"), ("contested", "Most contested"),
               ("newest", "Newest"))
STANCES = ("asserts", "disputes")
KINDS = ("direct", "indirect", "mixed")
MAX_OUTLET, MAX_TITLE = 200, 1000
SHARE_SPEAKERS = 8  # speakers coloured in the share-of-voice chart; the rest are "others"
SIDE_LABELS = {"(unknown)": "side not known"}
COMPARE_CHOICES = 50  # outlets or speakers (the most quoted) offered by "Compare with"

router = APIRouter(include_in_schema=False, dependencies=[Depends(known_parameters)])


def _asset_version() -> str:
    """A hash of the static files: their URLs change when they do (so they cache for long)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(STATIC_DIR.rglob("*.css")) + sorted(STATIC_DIR.rglob("*.js")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _slug(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value or "").lower()).strip("-") or "unknown"


def pathquote(value: Any) -> str:
    """Ids and outlet names may hold "/", "?" or "#" (folder ingests, feed URLs): quote whole."""
    return quote(str(value), safe="")


templates.env.globals.update(
    anchor_id=anchor_id,
    qs=query_string,
    asset_v=_asset_version(),
    no_outlet=NO_OUTLET,
    mark_terms=mark_terms,
)
templates.env.filters["slug"] = _slug
templates.env.filters["pathquote"] = pathquote


def outlet_label(name: str | None) -> str:
    return "Articles without an outlet" if not name or name == NO_OUTLET else name


templates.env.filters["outlet_label"] = outlet_label
templates.env.filters["language_name"] = language_name


def _svc(request: Request) -> Services:
    return request.app.state.services


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    svc = _svc(request)
    context.setdefault("has_store", svc.has_store)
    context.setdefault("allow_ingest", svc.allow_ingest)
    context.setdefault("allow_edit", svc.allow_edit)
    # The edit forms' token (web.edits), only on a server that takes edits.
    context.setdefault("edit_token", svc.edit_token if svc.allow_edit else "")
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, reason: str, message: str) -> Response:
    return page(request, "error.html", status=status, code=status, reason=reason, message=message)


def reader(analysis: dict[str, Any], svc: Services | None = None) -> dict[str, Any]:
    """What the reader view needs: segments, speaker groups, kind and cue-class counts."""
    groups = group_speakers(analysis)
    if svc is not None:
        for group in groups:
            if group.known:
                found = svc.speaker_link(group.name)
                group.link = f"/speakers/{found}" if found else None
    statements = analysis.get("statements") or []
    kinds = Counter(s.get("kind") for s in statements)
    classes = Counter(s.get("cue_class") or "none" for s in statements)
    loaded = analysis.get("loaded_language") or []
    return {
        "analysis": analysis,
        "article": analysis.get("article") or {},
        "segments": segments(analysis, groups),
        "groups": groups,
        "kinds": {k: kinds.get(k, 0) for k in KINDS},
        "cue_classes": [(c, classes[c]) for c in CUE_CLASSES if classes[c]],
        "loaded_counts": Counter(s.get("voice") or "narrator" for s in loaded),
        "n_statements": len(statements),
    }


def date_problems(since: str, until: str, labels: tuple[str, str] = ("From", "To")) -> list[str]:
    """What is wrong with a date range typed in a form, in words."""
    problems = []
    for label, value, end in ((labels[0], since, False), (labels[1], until, True)):
        if value:
            try:
                date_bound(value, end)
            except ValueError as err:
                problems.append(f"{label}: {err}")
    if not problems and since and until and date_bound(since) > date_bound(until, end=True):
        problems.append(
            f"{labels[0]} ({since}) is after {labels[1]} ({until}): no date is in that range; swap them"
        )
    return problems


# -- analyze ---------------------------------------------------------------------------------


HOME_CLAIMS = 5  # claims in each list of the home page


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """The corpus at a glance when the store has articles; the Analyze form otherwise."""
    svc = _svc(request)
    overview = svc.store.overview() if svc.has_store else None
    if not overview or not overview["articles"]:
        return page(request, "analyze.html", form={})
    store = svc.store

    def top(sort: str, **filters: Any) -> list[dict[str, Any]]:
        return store.claims(limit=HOME_CLAIMS, sort=sort, with_statements=False, **filters)

    return page(
        request,
        "home.html",
        overview=overview,
        carried=top("outlets"),
        contested=top("contested", contested=True),
        newest=top("newest"),
    )


@router.get("/analyze", response_class=HTMLResponse)
def analyze_get(request: Request) -> Response:
    return page(request, "analyze.html", form={})


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_post(
    request: Request,
    text: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    save: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Lengths and dates are checked here, not by the form parser: a mistake in one field
    comes back on the page with everything typed still in the form."""
    svc = _svc(request)
    form = {"text": text, "outlet": outlet, "title": title, "published": published, "save": bool(save)}
    problems = []
    if len(outlet) > MAX_OUTLET:
        problems.append(f"Outlet: at most {MAX_OUTLET} characters (this one has {len(outlet):,})")
    if len(title) > MAX_TITLE:
        problems.append(f"Title: at most {MAX_TITLE} characters (this one has {len(title):,})")
    problems += date_problems(published.strip(), "", ("Date", ""))
    if problems:
        return page(request, "analyze.html", status=422, form=form, error="; ".join(problems))
    meta = Article(
        title=title.strip() or None, outlet=outlet.strip() or None, published=published.strip() or None
    )
    try:
        if file is not None and file.filename:
            analysis = await svc.analyze_bytes(await file.read(), file.filename, meta)
        elif text.strip():
            analysis = await svc.analyze_text(text, meta)
        else:
            raise InputError("paste an article or choose a file to analyse")
    except (InputError, TooLong) as err:
        return page(request, "analyze.html", status=422, form=form, error=str(err))
    except Busy as err:
        response = page(request, "analyze.html", status=503, form=form, error=str(err))
        response.headers["retry-after"] = str(err.retry_after)
        return response
    stored = None
    if save and svc.allow_ingest:
        stored = await run_in_threadpool(svc.ingest, analysis)
    return page(request, "analyze.html", form=form, stored=stored, **reader(analysis.to_dict(), svc))


# -- corpus pages ----------------------------------------------------------------------------

PageNo = Annotated[int, Query(alias="page", ge=1, le=100_000)]
Text = Annotated[str, Query(max_length=500)]


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, outlet: Text = "", page_no: PageNo = 1) -> Response:
    store = _svc(request).store
    pager = Pager(page_no, PAGE_SIZE, store.count_articles(outlet=outlet or None), {"outlet": outlet})
    items = store.articles(outlet=outlet or None, limit=PAGE_SIZE, offset=pager.offset)
    params = {"outlet": outlet}
    return page(
        request,
        "articles.html",
        items=items,
        outlet=outlet,
        pager=pager,
        exports=Exports("/api/articles", params, PAGE_SIZE, pager.offset, "/api/articles.csv"),
    )


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> Response:
    svc = _svc(request)
    found = svc.store.article(article_id) if article_id else None
    if found is None:
        return render_error(request, 404, "Not Found", f"no article with id {article_id!r}")
    claims = svc.store.claims(limit=CLAIMS_SHOWN, with_statements=False, article=article_id)
    return page(request, "article.html", claims=claims, **reader(found, svc))


SEARCH_HELP = [
    ("harbor piers",
     "statements with both words (any ending: “pier” finds “piers”, “заявление” finds “заявления”)"),
    ('"our own harbor"', "the words together, in that order"),
    ("harbor OR ferry", "either word (AND binds tighter: a b OR c is (a b) OR c)"),
    ("harbor -ferry", "with “harbor” and without “ferry”"),
]


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: Text = "",
    speaker: Text = "",
    outlet: Text = "",
    since: Annotated[str, Query(max_length=40)] = "",
    until: Annotated[str, Query(max_length=40)] = "",
    kind: Annotated[str, Query(max_length=20)] = "",
    cue_class: Annotated[str, Query(max_length=50)] = "",
    claim: Annotated[str, Query(max_length=20)] = "",
    stance: Annotated[str, Query(max_length=20)] = "",
    about: Text = "",
    language: Annotated[str, Query(max_length=8)] = "",
    sort: Annotated[str, Query(max_length=20)] = "",
    page_no: PageNo = 1,
) -> Response:
    svc = _svc(request)
    form = {
        "q": q, "speaker": speaker, "outlet": outlet, "since": since, "until": until,
        "kind": kind, "cue_class": cue_class, "claim": claim.strip(), "stance": stance, "about": about,
        "language": language, "sort": sort,
    }
    problems = date_problems(since.strip(), until.strip())
    if kind and kind not in KINDS:
        problems.append("Kind must be direct, indirect or mixed")
    if cue_class and cue_class not in CUE_CLASSES:
        problems.append(f"Cue class must be one of {', '.join(CUE_CLASSES)}")
    if claim.strip() and not re.fullmatch(CLAIM_PATTERN, claim.strip()):
        problems.append("Claim: a claim's id, such as c12")
    if stance and stance not in STANCES:
        problems.append("Stance must be asserts or disputes")
    if sort and sort not in ("relevance", "newest"):
        problems.append("Order must be relevance or newest")
    if language and language not in SUPPORTED:
        problems.append(f"Language must be one of {', '.join(SUPPORTED)}")
    # The same query in the API's words (search= for q=).
    api_params = {
        "search": q.strip(), "speaker": speaker.strip(), "outlet": outlet, "since": since.strip(),
        "until": until.strip(), "kind": kind, "cue_class": cue_class, "claim": claim.strip(),
        "stance": stance, "about": about.strip(), "language": language, "sort": sort,
    }
    api_params = {k: v for k, v in api_params.items() if v}
    filters: dict[str, Any] = {k: v for k, v in api_params.items() if k != "sort"}
    if filters.get("speaker", "").isascii() and filters.get("speaker", "").isdigit():
        filters["speaker"] = int(filters["speaker"])
    if "claim" in filters and not problems:
        filters["claim"] = claim_number(filters["claim"])
    items: list[dict[str, Any]] = []
    facets: dict[str, list[dict[str, Any]]] = {}
    total = 0
    if not problems:
        total = svc.store.count_statements(**filters)
    pager = Pager(page_no, PAGE_SIZE, total, {k: v for k, v in form.items() if v})
    if not problems and not pager.out_of_range:
        order = sort or "relevance"
        items = svc.store.statements(**filters, limit=PAGE_SIZE, offset=pager.offset, sort=order)
    chart = None
    if not problems and total:
        facets = svc.store.facets(top=8, **filters)
        if filters:  # what was searched, over time: when a claim or a phrase came up, and where
            series_csv = "/api/statements/timeline.csv?" + query_string(
                period="day", by="outlet", **{k: v for k, v in api_params.items() if k != "sort"}
            )
            chart = time_chart(
                "search-time",
                "What was found, over time",
                svc.store.timeline(period="day", by="outlet", **filters),
                series="outlet",
                link=lambda name: f"/outlets/{pathquote(name)}",
                csv=series_csv,
            )
    speaker_names = {f["value"]: f["label"] for f in facets.get("speaker", [])}
    return page(
        request,
        "search.html",
        status=422 if problems else 200,
        form=form,
        problems=problems,
        items=items,
        total=total,
        pager=pager,
        facets=facets,
        facet_links=_facet_links(form, facets),
        chart=chart,
        speaker_name=speaker_names.get(speaker.strip()),
        outlets=svc.store.outlet_names(limit=200),
        kinds=KINDS,
        cue_classes=CUE_CLASSES,
        stances=STANCES,
        languages=SUPPORTED,
        terms=parse_search(q).words if q.strip() else [],
        help=SEARCH_HELP,
        searched=bool(filters) or "q" in request.query_params,
        exports=Exports("/api/statements", api_params, PAGE_SIZE, pager.offset, "/api/statements.csv"),
    )


FACET_TITLES = {
    "speaker": "Speakers",
    "outlet": "Outlets",
    "kind": "Kinds",
    "cue_class": "Cue classes",
    "month": "Months",
    "language": "Languages",
}


def _facet_links(form: dict[str, str], facets: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each facet value as a link adding it to the search (or, when chosen, removing it)."""
    base = {k: v for k, v in form.items() if v}
    out = []
    for name, values in facets.items():
        entries = []
        for value in values:
            if name == "month":
                chosen = form["since"] == value["value"] and form["until"] == value["value"]
                params = {**base, "since": value["value"], "until": value["value"]}
                if chosen:
                    params.pop("since"), params.pop("until")
            else:
                chosen = form.get(name) == value["value"]
                params = {**base, name: value["value"]}
                if chosen:
                    params.pop(name)
            label = value["label"] if name != "outlet" else outlet_label(value["label"])
            entries.append({"label": label, "count": value["count"], "chosen": chosen,
                            "url": "?" + query_string(**params)})
        if entries:
            out.append({"name": name, "title": FACET_TITLES[name], "values": entries})
    return out


@router.get("/speakers", response_class=HTMLResponse)
def speakers(request: Request, q: Text = "", outlet: Text = "", page_no: PageNo = 1) -> Response:
    store = _svc(request).store
    search_text = q.strip() or None
    total = store.count_speakers(outlet=outlet or None, search=search_text)
    pager = Pager(page_no, PAGE_SIZE, total, {"q": q, "outlet": outlet})
    items = store.speakers(outlet=outlet or None, search=search_text, limit=PAGE_SIZE, offset=pager.offset)
    params = {"search": q.strip(), "outlet": outlet}
    return page(
        request,
        "speakers.html",
        items=items,
        q=q,
        outlet=outlet,
        pager=pager,
        exports=Exports("/api/speakers", params, PAGE_SIZE, pager.offset, "/api/speakers.csv"),
    )


def _by_date(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements grouped by publication date, in the order given; undated last."""
    by_date: dict[str, list[dict[str, Any]]] = {}
    for s in statements:
        published = ((s.get("article") or {}).get("published") or "")[:10]
        by_date.setdefault(published, []).append(s)
    order = [k for k in by_date if k] + ([""] if "" in by_date else [])
    return [{"date": d or None, "statements": by_date[d]} for d in order]


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker(request: Request, speaker_id: str, page_no: PageNo = 1) -> Response:
    svc = _svc(request)
    offset = (page_no - 1) * PAGE_SIZE
    found = svc.speaker(speaker_id, limit=PAGE_SIZE, offset=offset)
    if found is None:
        return render_error(request, 404, "Not Found", f"no speaker with id {speaker_id!r}")
    sid = found["id"]
    pager = Pager(page_no, PAGE_SIZE, found.get("statement_count") or 0)
    titles_seen = sorted(
        found.get("titles_seen") or [], key=lambda t: (t.get("published") or "9999", t.get("title") or "")
    )
    outlets = found.get("outlets") or []
    points = svc.store.timeline(period="day", by="outlet", speaker=sid)
    chart = time_chart(
        "speaker-time",
        f"Statements by {found['name']} over time, per outlet",
        points,
        series="outlet",
        link=lambda name: f"/outlets/{pathquote(name)}",
        csv=f"/api/statements/timeline.csv?{query_string(speaker=sid, period='day', by='outlet')}",
    )
    claims = svc.store.claims(limit=CLAIMS_SHOWN, with_statements=False, speaker=sid)
    return page(
        request,
        "speaker.html",
        speaker=found,
        claims=claims,
        titles_seen=titles_seen,
        outlets=outlets,
        outlet_max=max((o.get("count", 0) for o in outlets), default=0) or 1,
        timeline=_by_date(found.get("statements") or []),
        chart=chart,
        pager=pager,
        compare_with=[(s["id"], s["name"]) for s in svc.store.speakers(limit=COMPARE_CHOICES + 1)
                      if s["id"] != sid][:COMPARE_CHOICES],
        exports=Exports(
            f"/api/speakers/{sid}", {}, PAGE_SIZE, pager.offset,
        ),
        statements_exports=Exports(
            "/api/statements", {"speaker": sid}, PAGE_SIZE, pager.offset, "/api/statements.csv"
        ),
    )


def _kind_share(row: dict[str, Any]) -> list[tuple[str, int, float]]:
    total = row.get("statements") or 0
    return [(k, row.get(k) or 0, 100 * (row.get(k) or 0) / total if total else 0) for k in KINDS]


def _cue_css(key: str, _index: int) -> str:
    return f"cc-{key}"


@router.get("/outlets", response_class=HTMLResponse)
def outlets(request: Request, page_no: PageNo = 1) -> Response:
    store = _svc(request).store
    pager = Pager(page_no, OUTLETS_PER_PAGE, store.count_outlets())
    rows = store.outlets(limit=OUTLETS_PER_PAGE, offset=pager.offset, top=SHARE_SPEAKERS)
    for row in rows:
        total = row.get("statements") or 0
        row["kind_share"] = _kind_share(row)
        row["cue_share"] = [(c, n, 100 * n / total if total else 0) for c, n in row["cue_classes"].items()]
        row["top_max"] = max((t["count"] for t in row["top_speakers"]), default=0) or 1
    return page(
        request,
        "outlets.html",
        outlets=rows,
        pager=pager,
        voice=_share_of_voice(rows),
        exports=Exports("/api/outlets", {}, OUTLETS_PER_PAGE, pager.offset, "/api/outlets.csv"),
    )


def _share_of_voice(rows: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
    """Who each outlet quotes: the speakers most quoted on this page of outlets in colours
    (the same speaker, the same colour, in every row), all others together."""
    overall: Counter[str] = Counter()
    for row in rows:
        for t in row["top_speakers"]:
            overall[str(t["id"])] += t["count"]
    keys = [k for k, _ in overall.most_common(SHARE_SPEAKERS)]
    labels = {str(t["id"]): t["name"] for row in rows for t in row["top_speakers"]}
    chart_rows = []
    for row in rows:
        counts = {str(t["id"]): t["count"] for t in row["top_speakers"] if str(t["id"]) in keys}
        counts["others"] = (row.get("statements") or 0) - sum(counts.values())
        chart_rows.append((outlet_label(row["outlet"]), f"/outlets/{pathquote(row['outlet'])}", counts))
    labels["others"] = "everyone else (and unattributed)"
    return share_chart(
        "share-of-voice",
        "Share of voice: whom each outlet quotes",
        chart_rows,
        keys + ["others"],
        labels,
        css=lambda key, i: "sv-other" if key == "others" else f"sv-{i}",
        csv="/api/outlets.csv",
    )


@router.get("/outlets/{outlet:path}", response_class=HTMLResponse)
def outlet(request: Request, outlet: str) -> Response:
    svc = _svc(request)
    row = svc.outlet_summary(outlet) if outlet.strip() else None
    if row is None:
        return render_error(request, 404, "Not Found", f"no articles from outlet {outlet!r}")
    name = row["outlet"]
    report = svc.outlet_report(name)
    speakers = svc.store.speakers(outlet=name, limit=15)
    cues = (report or {}).get("cues", [])
    by_side = (report or {}).get("by_side", {})
    sides = share_chart(
        "cue-sides",
        "Share of each side's statements by cue class",
        [(SIDE_LABELS.get(side, side), None, data["classes"]) for side, data in by_side.items()],
        list(CUE_CLASSES),
        css=_cue_css,
    )
    points = svc.store.timeline(period="day", outlet=name)
    chart = time_chart(
        "outlet-time",
        f"Statements in {outlet_label(name)} over time",
        points,
        csv=f"/api/statements/timeline.csv?{query_string(outlet=name, period='day')}",
        label=outlet_label(name),
    )
    return page(
        request,
        "outlet.html",
        row=row,
        outlet_name=outlet_label(name),
        report=report,
        kind_share=_kind_share(row),
        speakers=speakers,
        speaker_max=max((s.get("statement_count", 0) for s in speakers), default=0) or 1,
        cues=cues[:25],
        cue_max=max((c["count"] for c in cues), default=0) or 1,
        sides=sides,
        chart=chart,
        compare_with=[(o, outlet_label(o)) for o in svc.store.outlet_names(limit=COMPARE_CHOICES + 1)
                      if o != name][:COMPARE_CHOICES],
    )


@router.get("/statements/{statement_ref:path}", response_class=HTMLResponse)
def statement(request: Request, statement_ref: str) -> Response:
    """One statement's permalink: ARTICLE_ID/STATEMENT_ID (see GET /api/statements/{ref})."""
    found = statement_by_ref(_svc(request), statement_ref)
    if found is None:
        return render_error(request, 404, "Not Found", f"no statement {statement_ref!r}")
    found = with_stance([found])[0]
    return page(request, "statement.html", s=found, art=found["article"], stances=STANCES,
                ref=f"{pathquote(found['article']['id'])}/{pathquote(found['id'])}")


# -- claims ----------------------------------------------------------------------------------


@router.get("/claims", response_class=HTMLResponse)
def claims(
    request: Request,
    q: Text = "",
    speaker: Text = "",
    about: Text = "",
    outlet: Text = "",
    since: Annotated[str, Query(max_length=40)] = "",
    until: Annotated[str, Query(max_length=40)] = "",
    min_articles: Annotated[str, Query(max_length=10)] = "",
    max_articles: Annotated[str, Query(max_length=10)] = "",
    max_outlets: Annotated[str, Query(max_length=10)] = "",
    contested: Annotated[str, Query(max_length=5)] = "",
    sort: Annotated[str, Query(max_length=20)] = "widespread",
    article: Annotated[str, Query(max_length=200)] = "",
    page_no: PageNo = 1,
) -> Response:
    store = _svc(request).store
    form = {"q": q, "speaker": speaker, "about": about, "outlet": outlet, "since": since, "until": until,
            "min_articles": min_articles, "max_articles": max_articles, "max_outlets": max_outlets,
            "contested": contested, "article": article}
    problems = date_problems(since, until)
    if sort not in dict(CLAIM_SORTS) and sort != "first":
        problems.append("Order must be " + ", ".join(dict(CLAIM_SORTS)))
    counts = {}
    for key, value, label, least in (
        ("min_articles", min_articles, "In at least N articles", 0),
        ("max_articles", max_articles, "In at most N articles", 1),
        ("max_outlets", max_outlets, "From at most N outlets", 1),
    ):
        # ASCII digits only: "²".isdigit() is true and int() refuses it.
        if value and not (value.isascii() and value.isdigit() and int(value) >= least):
            problems.append(f"{label}: a whole number" + (f" from {least}" if least else ""))
        elif value:
            counts[key] = int(value)
    filters = {
        "search": q.strip() or None, "speaker": speaker.strip() or None, "about": about.strip() or None,
        "outlet": outlet or None, "since": since or None, "until": until or None,
        "contested": bool(contested), "article": article or None, **counts,
    }
    if isinstance(filters["speaker"], str) and filters["speaker"].isascii() and filters["speaker"].isdigit():
        filters["speaker"] = int(filters["speaker"])
    total = 0 if problems else store.count_claims(**filters)
    pager = Pager(page_no, PAGE_SIZE, total, {**form, "sort": sort})
    items = [] if problems else store.claims(
        limit=PAGE_SIZE, offset=pager.offset, sort=sort, with_statements=False, **filters
    )
    api_params = {"search": q.strip(), "speaker": speaker.strip(), "about": about.strip(), "outlet": outlet,
                  "since": since, "until": until, "min_articles": min_articles,
                  "max_articles": max_articles, "max_outlets": max_outlets,
                  "contested": "true" if contested else "", "sort": sort, "article": article}
    return page(
        request,
        "claims.html",
        status=422 if problems else 200,
        items=items,
        form=form,
        sort=sort,
        sorts=CLAIM_SORTS,
        problems=problems,
        pager=pager,
        searched=any(v for v in form.values()),
        exports=Exports("/api/claims", api_params, PAGE_SIZE, pager.offset, "/api/claims.csv"),
    )


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim(request: Request, claim_id: str, page_no: PageNo = 1) -> Response:
    svc = _svc(request)
    found = svc.store.claim(claim_id)
    if found is None:
        return render_error(request, 404, "Not Found", f"no claim with id {claim_id!r}")
    statements = found["statements"]
    pager = Pager(page_no, PAGE_SIZE, len(statements))
    points = svc.store.timeline(period="day", by="outlet", claim=int(found["id"].lstrip("c")))
    chart = time_chart(
        "claim-time",
        "When each outlet carried it",
        points,
        series="outlet",
        link=lambda name: f"/outlets/{pathquote(name)}",
    )
    # Dates compared as days: an outlet's own first date is a full ``published`` string.
    outlets = sorted(found.get("outlets") or [],
                     key=lambda o: ((o.get("first_seen") or "9999")[:10], o["outlet"]))
    own = [o for o in outlets if not o.get("copy")]
    reviewed = None
    if found.get("verdict"):  # its ClaimReview, embedded as JSON-LD
        types = svc.store.speaker_types(asserting_speakers(found))
        reviewed = reviewed_claim(found, types, str(request.base_url))
    return page(
        request,
        "claim.html",
        claim=found,
        review=claim_review(reviewed) if reviewed else None,
        stances=STANCES,
        first=own[0] if own else None,
        copies=[o for o in outlets if o.get("copy")],
        statements=statements[pager.offset : pager.offset + PAGE_SIZE],
        pager=pager,
        chart=chart,
    )


# -- API reference ---------------------------------------------------------------------------


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """The API reference rendered here from the OpenAPI schema: every operation with its
    parameters (descriptions, examples), request body and answers, and every schema."""
    schema = request.app.openapi()
    return page(request, "api.html", ops=openapi_summary(schema), schemas=schema_summary(schema))


@router.get("/api/docs/try", response_class=HTMLResponse)
def api_try(request: Request) -> Response:
    """The interactive OpenAPI UI (Swagger UI, vendored in static/vendor) over the schema."""
    return page(request, "api_try.html", own_main=True)


@router.get("/healthz")
def health(request: Request) -> dict[str, Any]:
    svc = _svc(request)
    return {"ok": True, "store": svc.has_store, "analyses_pending": svc.pool.pending}


def _type_of(schema: dict[str, Any]) -> str:
    """A JSON schema's type in a few words: "string", "integer", "list of StatementOut"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema["anyOf"] if s.get("type") != "null") or "null"
    if schema.get("type") == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return str(schema.get("type", "any"))


def _examples(schema: dict[str, Any], param: dict[str, Any]) -> list[str]:
    found = param.get("examples") or schema.get("examples") or []
    if isinstance(found, dict):
        found = [v.get("value") for v in found.values()]
    for option in schema.get("anyOf", []):
        found = found or option.get("examples", [])
    return [str(e) for e in found]


def openapi_summary(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's operations, for the /api/docs page."""
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = []
            for p in op.get("parameters", []):
                ps = p.get("schema", {})
                params.append(
                    {
                        "name": p.get("name"),
                        "in": p.get("in"),
                        "required": p.get("required", False),
                        "type": _type_of(ps),
                        "default": ps.get("default"),
                        "description": p.get("description") or ps.get("description", ""),
                        "examples": _examples(ps, p),
                    }
                )
            body = None
            for media, content in (op.get("requestBody") or {}).get("content", {}).items():
                body = {"media": media, "type": _type_of(content.get("schema", {}))}
            answers = []
            for code, answer in op.get("responses", {}).items():
                kinds = [
                    f"{media}: {_type_of(c.get('schema', {}))}" if c.get("schema") else media
                    for media, c in answer.get("content", {}).items()
                ]
                answers.append({"code": code, "description": answer.get("description", ""), "content": kinds})
            ops.append(
                {
                    "id": f"{method}-{_slug(path)}",
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "body": body,
                    "answers": answers,
                }
            )
    return ops


def schema_summary(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemas (components) with their fields, for the /api/docs page."""
    out = []
    for name, comp in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(comp.get("required", []))
        fields = [
            {
                "name": key,
                "type": _type_of(prop),
                "required": key in required,
                "description": prop.get("description", ""),
            }
            for key, prop in comp.get("properties", {}).items()
        ]
        out.append({"name": name, "description": (comp.get("description") or "").strip(), "fields": fields})
    return out
