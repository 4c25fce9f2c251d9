"""web/pages.py: query values a page refuses with its 422 form, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from claimgraph.app import create_app
from claimgraph.store import Store


@pytest.fixture(scope="module")
def client(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = str(tmp_path_factory.mktemp("pages") / "pages.db")
    Store.open(db).close()
    with TestClient(create_app(db)) as c:
        yield c


@pytest.mark.parametrize("value", ["²", "١٢", "Ⅻ", "-1", "1.5", "x"])
def test_claims_min_articles_that_is_no_whole_number_is_a_422(client, value):
    response = client.get("/claims", params={"min_articles": value})
    assert response.status_code == 422 and "whole number" in response.text


def test_claims_min_articles_as_digits_is_a_filter(client):
    assert client.get("/claims", params={"min_articles": "2"}).status_code == 200
