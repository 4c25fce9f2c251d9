"""web/compare.py: two outlets or two speakers side by side, as a page, JSON and CSV from
one view, over the read side's hand-made corpus (tests/readside_corpus.py): Hill Post and
Vale Times both carry the ferry claim (Vale Times's statement disputes it); each carries one
claim the other does not."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from readside_corpus import build, claim_of

from claimgraph.app import create_app

OUTLETS = [("outlet", "Hill Post"), ("outlet", "Vale Times")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("compare") / "c.db"
    store = build(db)
    first = {"ferry": ("a1", "s1"), "budget": ("a1", "s2"), "bridge": ("a3", "s1"),
             "harbour": ("folder/a4", "s1")}
    claims = {name: claim_of(store, *where) for name, where in first.items()}
    store.close()
    with TestClient(create_app(str(db))) as client:
        ids = {s["name"]: s["id"] for s in client.get("/api/speakers").json()["items"]}
        yield client, claims, ids


def test_two_outlets_side_by_side_in_json(corpus):
    client, claims, _ = corpus
    found = client.get("/api/compare", params=OUTLETS).json()
    hill, vale = found["sides"]
    assert found["by"] == "outlet" and (hill["name"], vale["name"]) == ("Hill Post", "Vale Times")
    assert (hill["statements"], vale["statements"]) == (2, 2)
    assert hill["share_of_voice"] == vale["share_of_voice"] == 0.5
    assert (hill["articles"], vale["articles"]) == (1, 2)
    assert (hill["speakers"], vale["speakers"]) == (2, 2)
    assert (hill["asserts"], hill["disputes"], vale["asserts"], vale["disputes"]) == (2, 0, 1, 1)
    # The same classes on both sides, in one order, zeros included, so rows line up.
    assert [(c["cue_class"], c["count"]) for c in hill["cue_classes"]] == [("neutral", 1), ("distancing", 1)]
    assert [(c["cue_class"], c["count"]) for c in vale["cue_classes"]] == [("neutral", 2), ("distancing", 0)]
    assert vale["cue_classes"][0]["share"] == 1.0
    assert [c["id"] for c in found["both"]] == [claims["ferry"]]
    assert found["both"][0]["statements"] == [1, 1]
    assert found["both"][0]["url"] == f"/claims/{claims['ferry']}"
    assert [[c["id"] for c in only] for only in found["only"]] == [[claims["budget"]], [claims["bridge"]]]
    assert (found["claims_both"], found["claims_only"]) == (1, [1, 1])


def test_two_speakers_side_by_side(corpus):
    client, claims, ids = corpus
    params = [("speaker", str(ids["Mara Quist"])), ("speaker", str(ids["Lia Brook"]))]
    found = client.get("/api/compare", params=params).json()
    mara, lia = found["sides"]
    assert found["by"] == "speaker" and (mara["name"], lia["name"]) == ("Mara Quist", "Lia Brook")
    assert (mara["statements"], lia["statements"]) == (1, 2)
    assert round(lia["share_of_voice"], 3) == 0.667
    assert (mara["outlets"], lia["outlets"]) == (1, 2)
    assert (mara["disputes"], lia["disputes"]) == (0, 1)
    assert [c["id"] for c in found["both"]] == [claims["ferry"]]
    assert found["only"] == [[], [{**found["only"][1][0], "id": claims["harbour"]}]]
    assert mara["url"] == f"/speakers/{ids['Mara Quist']}"


def test_the_csv_is_the_same_comparison(corpus):
    client, claims, _ = corpus
    response = client.get("/api/compare.csv", params=OUTLETS)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["section", "item", "label", "a", "b"]
    assert ["side", "outlet", "", "Hill Post", "Vale Times"] in rows
    assert ["stance", "disputes", "", "0", "1"] in rows
    assert ["cue_class", "distancing", "count", "1", "0"] in rows
    assert ["claim_both", claims["ferry"], "The island ferry is late again", "1", "1"] in rows
    assert ["claim_only_b", claims["bridge"], "The north bridge is closed for repairs", "0", "1"] in rows


def test_the_page_shows_the_comparison_with_every_cell_labelled(corpus):
    client, claims, _ = corpus
    response = client.get("/compare", params=OUTLETS)
    assert response.status_code == 200
    html = response.text
    assert "Hill Post" in html and "Vale Times" in html
    for table in ("compare-voice", "compare-cues", "compare-both"):
        assert f'id="{table}"' in html
    assert f'href="/claims/{claims["ferry"]}"' in html
    assert "Speakers quoted" in html and "Outlets quoting" not in html
    assert f'href="/claims/{claims["budget"]}"' in html and f'href="/claims/{claims["bridge"]}"' in html
    assert "/api/compare.csv?outlet=Hill+Post&amp;outlet=Vale+Times" in html
    # Stacked at phone width, each cell says its column: none without a label.
    cells = re.findall(r"<td[^>]*>", html)
    assert cells and all("data-label=" in cell for cell in cells)


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ([("outlet", "Hill Post")], 422, "exactly two"),
        ([*OUTLETS, ("outlet", "Hill Post")], 422, "not 3"),
        ([], 422, "not 0"),
        ([("outlet", "Hill Post"), ("speaker", "1")], 422, "not both"),
        ([("outlet", "Hill Post"), ("outlet", "hill post")], 422, "the same outlet"),
        ([("outlet", "Hill Post"), ("outlet", "Nowhere Gazette")], 404, "Nowhere Gazette"),
        ([("speaker", "1"), ("speaker", "98765")], 404, "98765"),
        ([("speaker", "1"), ("speaker", "Mara")], 404, "Mara"),
        ([("speaker", "1"), ("speaker", "9" * 30)], 404, "no speaker"),
        ([("outlet", "x" * 501), ("outlet", "Hill Post")], 422, "at most 500"),
        ([*OUTLETS, ("claim", "c1")], 422, "unknown parameter: claim"),
    ],
)
def test_bad_input_is_one_line_in_every_format(corpus, params, status, says):
    client, _, _ = corpus
    for path in ("/api/compare", "/api/compare.csv"):
        response = client.get(path, params=params)
        assert response.status_code == status, (path, response.text)
        message = response.json()["message"]
        assert says in message and "\n" not in message
    page = client.get("/compare", params=params)
    assert page.status_code == status and says in page.text.replace("&#39;", "'")


def test_outlet_and_speaker_pages_offer_a_comparison(corpus):
    client, _, ids = corpus
    html = client.get("/outlets/Hill%20Post").text
    form = html[html.index('id="compare-form"'):]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="outlet" value="Hill Post">' in form
    assert '<option value="Vale Times">' in form and '<option value="Hill Post">' not in form
    html = client.get(f"/speakers/{ids['Oren Dahl']}").text
    form = html[html.index('id="compare-form"'):]
    form = form[: form.index("</form>")]
    assert f'<input type="hidden" name="speaker" value="{ids["Oren Dahl"]}">' in form
    assert f'<option value="{ids["Lia Brook"]}">Lia Brook</option>' in form
    assert f'<option value="{ids["Oren Dahl"]}">' not in form


@pytest.mark.parametrize("page", ["/outlets/Vale%20Times", "/speakers/1"])
def test_the_compare_form_sent_as_a_browser_does_is_a_comparison(corpus, page):
    """Its hidden field and its select's first option (what a browser sends untouched)."""
    html = corpus[0].get(page).text
    form = html[html.index('id="compare-form"'):]
    form = form[: form.index("</form>")]
    name = re.search(r'type="hidden" name="(\w+)" value="([^"]+)"', form)
    first = re.search(r'<option value="([^"]+)">', form)
    assert name and first
    answer = corpus[0].get("/compare", params=[(name[1], name[2]), (name[1], first[1])])
    assert answer.status_code == 200 and 'id="compare-voice"' in answer.text


def test_every_cell_of_the_claim_page_is_labelled(corpus):
    client, claims, _ = corpus
    html = client.get(f"/claims/{claims['ferry']}").text
    table = html[html.index('id="claim-statements"'):]
    table = table[: table.index("</table>")]
    labels = re.findall(r'<td data-label="([^"]+)"', table)
    assert labels[:6] == ["Date", "Outlet", "Speaker", "Cue", "Stance", "Statement"]
    assert len(re.findall(r"<td", table)) == len(labels) == 12
