"""Two outlets or two speakers side by side: one view for the page (/compare), its JSON
(/api/compare) and its CSV (/api/compare.csv).

Each side is a statement filter (``outlet=`` or ``speaker=``); the store counts its voice,
stances, cue classes and claims (store.compare), and :func:`comparison` makes the one
:class:`Comparison` record that the three formats render.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from claimgraph.api.parameters import known_parameters
from claimgraph.api.routes import CSV_RESPONSE, csv_response
from claimgraph.api.schemas import ERROR_RESPONSES, ComparedClaim, ComparedSide, Comparison, CueClassShare
from claimgraph.api.services import Services
from claimgraph.rhetoric.cues import ALL_CLASSES
from claimgraph.web.pages import outlet_label, page, pathquote

TOP_CLAIMS = 10  # claims listed in each of "both" and "only one"

router = APIRouter(dependencies=[Depends(known_parameters)])

Top = Annotated[int, Query(ge=1, le=100, description="Claims listed in each group.")]
Outlets = Annotated[list[str], Query(description="Two outlets (the parameter twice).")]
Speakers = Annotated[list[str], Query(description="Two speaker ids (the parameter twice).")]
MAX_KEY = 500  # characters of an outlet name or a speaker id
CSV_HEADER = ["section", "item", "label", "a", "b"]


def _side(svc: Services, by: str, key: str) -> tuple[dict[str, Any], str, str]:
    """The statement filter, display name and page of one side; 404 when it is unknown."""
    if by == "outlet":
        row = svc.outlet_summary(key) if key.strip() else None
        if row is None:
            raise HTTPException(404, f"no articles from outlet {key!r}")
        return {"outlet": row["outlet"]}, outlet_label(row["outlet"]), f"/outlets/{pathquote(row['outlet'])}"
    # Store ids are numbers of at most nine digits (PostgreSQL's integer would overflow).
    found = svc.speaker(key, limit=1) if key.isascii() and key.isdigit() and len(key) < 10 else None
    if found is None:
        raise HTTPException(404, f"no speaker with id {key!r}")
    return {"speaker": int(found["id"])}, found["name"], f"/speakers/{found['id']}"


def _claims(
    ids: list[int], counts: list[dict[int, int]], labels: dict[int, dict[str, Any]]
) -> list[ComparedClaim]:
    return [
        ComparedClaim(id=f"c{cid}", url=f"/claims/c{cid}", statements=[c.get(cid, 0) for c in counts],
                      **labels[cid])
        for cid in ids
        if cid in labels
    ]


def comparison(svc: Services, outlets: list[str], speakers: list[str], top: int = TOP_CLAIMS) -> Comparison:
    """The comparison of exactly two outlets or two speakers; 422 or 404 (one line) otherwise."""
    if outlets and speakers:
        raise HTTPException(422, "compare two outlets or two speakers, not both")
    by, keys = ("outlet", outlets) if outlets else ("speaker", speakers)
    if len(keys) != 2:
        raise HTTPException(422, f"give exactly two outlets (outlet=A&outlet=B) or two speakers "
                                 f"(speaker=ID&speaker=ID), not {len(keys)}")
    if any(len(key) > MAX_KEY for key in keys):
        raise HTTPException(422, f"{by}: at most {MAX_KEY} characters")
    resolved = [_side(svc, by, key) for key in keys]
    if resolved[0][0] == resolved[1][0]:
        raise HTTPException(422, f"both sides are the same {by}: give two different ones")
    found = [svc.store.compare_side(**filters) for filters, _, _ in resolved]
    total = sum(f["statements"] for f in found)
    classes = [c for c in ALL_CLASSES if any(f["cue_classes"].classes[c] for f in found)]
    sides = [
        ComparedSide(
            key=key, name=name, url=url,
            share_of_voice=f["statements"] / total if total else 0.0,
            cue_classes=[
                CueClassShare(cue_class=c, count=f["cue_classes"].classes[c], share=f["cue_classes"].share(c))
                for c in classes
            ],
            **{k: f[k] for k in ("statements", "articles", "speakers", "outlets", "asserts", "disputes")},
        )
        for key, (_, name, url), f in zip(keys, resolved, found, strict=True)
    ]
    counts: list[dict[int, int]] = [f["claims"] for f in found]
    both = sorted(set(counts[0]) & set(counts[1]), key=lambda c: (-counts[0][c] - counts[1][c], c))
    only = [sorted(set(mine) - set(other), key=lambda c: (-mine[c], c))
            for mine, other in ((counts[0], counts[1]), (counts[1], counts[0]))]
    shown = both[:top] + only[0][:top] + only[1][:top]
    labels = svc.store.claim_labels(shown)
    return Comparison(
        by=by, sides=sides, claims_both=len(both), claims_only=[len(o) for o in only],
        both=_claims(both[:top], counts, labels), only=[_claims(o[:top], counts, labels) for o in only],
    )


def csv_rows(found: Comparison) -> list[list[Any]]:
    """The comparison flat: ``section, item, label, a, b`` (a, b: the two sides' values)."""
    a, b = found.sides
    rows: list[list[Any]] = [["side", found.by, "", a.name, b.name], ["side", "key", "", a.key, b.key]]
    for field in ("statements", "share_of_voice", "articles", "speakers", "outlets", "asserts", "disputes"):
        rows.append(["voice" if field not in ("asserts", "disputes") else "stance", field, "",
                     getattr(a, field), getattr(b, field)])
    for mine, other in zip(a.cue_classes, b.cue_classes, strict=True):
        rows.append(["cue_class", mine.cue_class, "count", mine.count, other.count])
        rows.append(["cue_class", mine.cue_class, "share", round(mine.share, 4), round(other.share, 4)])
    for section, claims in (("claim_both", found.both), ("claim_only_a", found.only[0]),
                            ("claim_only_b", found.only[1])):
        rows += [[section, c.id, c.label, *c.statements] for c in claims]
    return rows


@router.get("/api/compare", response_model=Comparison, tags=["compare"], responses=ERROR_RESPONSES,
            summary="Two outlets or two speakers side by side")
@router.get("/api/compare.csv", tags=["compare"], response_class=StreamingResponse,
            responses={**ERROR_RESPONSES, **CSV_RESPONSE}, summary="The comparison as CSV")
@router.get("/compare", response_class=HTMLResponse, include_in_schema=False)
def compare(
    request: Request,
    outlet: Outlets = [],  # noqa: B006 (FastAPI copies a default; it is never mutated)
    speaker: Speakers = [],  # noqa: B006
    top: Top = TOP_CLAIMS,
) -> Any:
    """Exactly two outlets (`outlet=A&outlet=B`) or two speakers (`speaker=ID&speaker=ID`):
    each one's share of voice (statements, speakers quoted), stances (asserts, disputes) and
    cue classes, and the claims both carry against those only one does (the `top` with most
    statements of each). 422 for another number of sides, 404 for an unknown one."""
    found = comparison(request.app.state.services, outlet, speaker, top)
    if request.url.path.endswith(".csv"):
        return csv_response(f"compare-{found.by}s.csv", CSV_HEADER, csv_rows(found))
    if request.url.path.startswith("/api/"):
        return found
    query = request.url.query
    return page(request, "compare.html", cmp=found, json_url=f"/api/compare?{query}",
                csv_url=f"/api/compare.csv?{query}")
