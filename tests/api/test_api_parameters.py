"""api/parameters.py: a query parameter a route does not take is a 422 naming it, on every
GET route of the API and every page (found from the app's routes, not listed by hand)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from readside_corpus import build

from claimgraph.api.routes import router as api_router
from claimgraph.app import create_app
from claimgraph.web.compare import router as compare_router
from claimgraph.web.pages import router as pages_router

# A value for each path parameter that names something the corpus has.
PATH_VALUES = {"article_id": "a1", "speaker_id": "1", "claim_id": "c1", "outlet": "Hill Post",
               "statement_ref": "a1/s1"}
# The query a route needs to answer 200 (the comparison takes exactly two outlets).
NEEDED = {path: [("outlet", "Hill Post"), ("outlet", "Vale Times")]
          for path in ("/compare", "/api/compare", "/api/compare.csv")}


@pytest.fixture(scope="module")
def client(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("parameters") / "p.db"
    build(db).close()
    with TestClient(create_app(str(db))) as c:
        yield c


def _get_paths() -> list[str]:
    """Every GET route of the API and the pages, its path parameters filled in."""
    paths = []
    for route in [*api_router.routes, *pages_router.routes, *compare_router.routes]:
        if isinstance(route, APIRoute) and "GET" in route.methods and route.path != "/api/docs/try":
            paths.append(re.sub(r"\{(\w+)(:\w+)?\}", lambda m: PATH_VALUES[m.group(1)], route.path))
    return paths


def test_every_get_route_answers_an_unknown_parameter_with_a_422_naming_it(client):
    paths = _get_paths()
    assert "/api/statements.csv" in paths and "/search" in paths and "/" in paths and "/compare" in paths
    for path in paths:
        needed = NEEDED.get(path, [])
        assert client.get(path, params=needed).status_code == 200, path
        answer = client.get(path, params=[*needed, ("bogus_filter", "1")])
        assert answer.status_code == 422, path
        assert "bogus_filter" in answer.text, path


def test_the_issue_case_statements_csv_with_a_filter_it_takes_now_filters(client):
    everything = client.get("/api/statements.csv").text.splitlines()
    one_claim = client.get("/api/statements.csv", params={"claim": "c1"}).text.splitlines()
    assert len(one_claim) < len(everything)


def test_the_message_says_what_the_route_takes(client):
    answer = client.get("/api/speakers", params={"claim": "c2"})
    assert answer.status_code == 422
    message = answer.json()["message"]
    assert message.startswith("unknown parameter: claim") and "outlet" in message and "limit" in message


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/api/statements", {"cue_class": "bogus"}, "cue_class"),
        ("/api/statements", {"stance": "maybe"}, "stance"),
        ("/api/statements", {"claim": "x12"}, "claim"),
        ("/api/claims", {"max_outlets": "0"}, "max_outlets"),
        ("/api/claims", {"sort": "loudest"}, "sort"),
        ("/api/claims", {"stance": "asserts"}, "stance"),
        ("/search", {"cue_class": "bogus"}, "Cue class"),
        ("/search", {"stance": "maybe"}, "Stance"),
        ("/claims", {"max_articles": "0"}, "In at most N articles"),
    ],
)
def test_bad_values_are_422_naming_them(client, path, params, named):
    answer = client.get(path, params=params)
    assert answer.status_code == 422 and named in answer.text


def test_no_link_on_any_page_is_refused_for_its_parameters(client):
    """The pages' own links (pagers, facets, exports, charts' CSV, tabs) take only the
    parameters their targets declare: two levels of links from every GET page, none a 422."""
    import html

    seen: set[str] = set()
    frontier = [f"{p}?{urlencode(NEEDED[p])}" if p in NEEDED else p
                for p in _get_paths() if not p.startswith("/api/")]
    for _level in range(2):
        found = []
        for path in frontier:
            answer = client.get(path)
            assert answer.status_code != 422, (path, answer.text[:300])
            if not answer.headers["content-type"].startswith("text/html"):
                continue
            for href in re.findall(r'href="(/[^"#]*)', answer.text):
                url = html.unescape(href)
                if url not in seen and not url.startswith("/static/"):
                    seen.add(url)
                    found.append(url)
        frontier = found
    assert len(seen) > 50


def test_every_search_form_sends_only_parameters_its_page_takes(client):
    """A GET form submitted as a browser does (its fields empty, hidden ones with their
    value, checkboxes ticked) is not refused."""
    forms = 0
    for path in ("/search", "/speakers", "/claims", "/articles"):
        page = client.get(path).text
        for action, body in re.findall(r'<form method="get" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S):
            sent = {}
            for tag in re.findall(r"<(?:input|select)[^>]*>", body):
                name = re.search(r' name="([^"]+)"', tag)
                value = re.search(r' value="([^"]*)"', tag)
                kept = 'type="hidden"' in tag or 'type="checkbox"' in tag
                if name:
                    sent[name.group(1)] = value.group(1) if kept and value else ""
            assert sent, action
            forms += 1
            assert client.get(action, params=sent).status_code == 200, (action, sent)
    assert forms >= 3
