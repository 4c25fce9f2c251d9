"""Russian articles in the store: full-text search on both databases (a word finds its other
forms, store.search), and the language filter and facet in the store, CLI, API and pages.
The texts were written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pg_server
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from claimgraph.app import create_app
from claimgraph.model import Analysis
from claimgraph.store import Store, search

RUSSIAN = (
    "Заголовок\n\n"
    "Министр транспорта Олег Ветров сделал заявление о ремонте моста. "
    "По словам министра, заявления жителей о трещинах в опорах проверят инженеры. "
    "Губернатор Анна Крылова сказала, что новые автобусы выйдут на линии в мае."
)
ENGLISH = (
    "Headline\n\n"
    "The mayor said the piers of the harbor bridge would be repaired by spring. "
    "\"We are delaying nothing,\" said the engineer Tom Reed."
)


@pytest.fixture(scope="module")
def analyses() -> list[Analysis]:
    from claimgraph.pipeline import analyze

    return [analyze(RUSSIAN, id="ru-search"), analyze(ENGLISH, id="en-search")]


def _open(kind: str, tmp_path: Path) -> Store:
    if kind == "sqlite":
        return Store.open(str(tmp_path / "corpus.db"))
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    return Store.open(server.create_database())


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path, analyses: list[Analysis]) -> Store:
    opened = _open(request.param, tmp_path)
    for analysis in analyses:
        opened.add_analysis(analysis)
    yield opened
    opened.close()


def contents(store: Store, query: str) -> list[str]:
    return sorted(r["content"]["text"] for r in store.statements(search=query, limit=None))


def test_a_russian_word_finds_its_other_forms(store: Store) -> None:
    claims = contents(store, "заявление")  # nominative; the content has "заявления"
    assert len(claims) == 1 and "заявления жителей" in claims[0]
    assert contents(store, "трещина опора") == claims  # every word, each in another form
    assert contents(store, "автобус") == contents(store, "автобусами") != []
    assert contents(store, "заявление -инженер") == []  # the word excluded in another form


def test_russian_phrases_stop_words_and_english_alongside(store: Store) -> None:
    assert len(contents(store, '"новый автобус"')) == 1  # a phrase, each word in another form
    assert contents(store, '"автобус новый"') == []  # in its order
    assert contents(store, "и") == [] and contents(store, "что") == []  # stop words alone
    assert len(contents(store, "pier")) == 1  # English is stemmed as before
    assert len(contents(store, "delay")) == 1
    assert contents(store, "pier OR заявлениями") == sorted(
        contents(store, "pier") + contents(store, "заявление")
    )


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_store_made_before_russian_stems_is_reindexed(
    kind: str, tmp_path: Path, analyses: list[Analysis]
) -> None:
    """A store made before Russian stems (no search_text column; SQLite's FTS over the raw
    content, PostgreSQL's tsvector in English) is migrated and finds Russian forms."""
    store = _open(kind, tmp_path)
    url = store.url
    store.add_analysis(analyses[0])
    with store.engine.begin() as conn:
        if kind == "sqlite":  # its FTS triggers name the column: emptied, as before the change
            conn.execute(text("UPDATE statements SET search_text = NULL"))
        else:
            conn.execute(text("ALTER TABLE statements DROP COLUMN search_text"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 11"))
    store.close()
    reopened = Store.open(url)
    assert len(contents(reopened, "заявление")) == 1
    reopened.close()


def test_index_text_stems_cyrillic_words_in_place() -> None:
    indexed = search.index_text("Пресс-служба сделала заявления, COVID-19")
    assert indexed == "пресс-служб сдела заявлен, COVID-19"
    assert search.stem("заявлениями") == search.stem("Заявление") == "заявлен"
    assert search.stem("piers") == "piers"  # FTS5's porter tokenizer stems English


@pytest.fixture
def sqlite_db(tmp_path: Path, analyses: list[Analysis]) -> str:
    url = str(tmp_path / "both.db")
    with Store.open(url) as store:
        for analysis in analyses:
            store.add_analysis(analysis)
    return url


def test_language_filter_and_facet_in_the_store(store: Store, analyses: list[Analysis]) -> None:
    russian = len(analyses[0].statements)
    assert russian >= 2 and analyses[1].statements
    assert store.count_statements(language="ru") == russian
    assert {r["article"]["language"] for r in store.statements(language="en", limit=None)} == {"en"}
    facet = {f["value"]: (f["label"], f["count"]) for f in store.facets(top=5)["language"]}
    assert facet == {"ru": ("Russian", russian), "en": ("English", len(analyses[1].statements))}
    # with another filter, the facet counts only what matches it
    assert [f["value"] for f in store.facets(top=5, search="заявление")["language"]] == ["ru"]
    # claims with a statement in an article of that language
    assert 0 < store.count_claims(language="ru") < store.count_claims()
    assert store.count_claims(language="ru", search="pier") == 0


def test_language_filter_in_the_api_and_pages(sqlite_db: str, analyses: list[Analysis]) -> None:
    with TestClient(create_app(sqlite_db)) as client:
        got = client.get("/api/statements", params={"language": "ru", "limit": 100}).json()
        assert got["total"] == len(analyses[0].statements)
        assert {i["article"]["language"] for i in got["items"]} == {"ru"}
        for bad in ("uk", "russian", "RU"):
            answer = client.get("/api/statements", params={"language": bad})
            assert answer.status_code == 422 and "language" in answer.text
        facets = client.get("/api/statements/facets").json()
        assert {f["value"] for f in facets["language"]} == {"en", "ru"}
        page = client.get("/search", params={"language": "ru"})
        assert page.status_code == 200 and "Languages" in page.text and "Анна Крылова" in page.text
        assert "Tom Reed" not in page.text
        assert client.get("/search", params={"language": "uk"}).status_code == 422
        found = client.get("/search", params={"q": "заявление"})
        assert "<mark>заявления</mark>" in found.text  # the form in the text is marked
        article = client.get("/articles/ru-search")
        assert 'lang="ru"' in article.text and ">Russian</span>" in article.text


def test_language_filter_in_the_cli(sqlite_db: str, run_cli, analyses: list[Analysis]) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("statements", "--db", sqlite_db, "--language", "ru", "--format", "json", "--limit", "0")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == len(analyses[0].statements)
    refused = run_cli("statements", "--db", sqlite_db, "--language", "uk")
    assert refused.returncode != 0 and "--language" in refused.stderr and "Traceback" not in refused.stderr


def test_an_ingest_records_a_ukrainian_article_and_goes_on(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    texts = {
        "a.txt": "Заголовок\n\nМэр заявил, что мост откроют в июне. Он не стал называть стоимость работ.",
        "b.txt": "Заголовок\n\nМер заявив, що міст відкриють у червні. Він не став називати вартість робіт, "
        "бо кошторис ще готують.",
        "c.txt": "Headline\n\nThe mayor said the bridge would open in June. He declined to give the cost.",
    }
    for name, body in texts.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    db = str(tmp_path / "mixed.db")
    result = run_cli("ingest", *(str(tmp_path / n) for n in texts), "--db", db, "--quiet", "--no-claims")
    assert result.returncode == 1, result.stderr  # some input failed: said, and the rest stored
    assert "Traceback" not in result.stderr
    refusals = [line for line in result.stderr.splitlines() if "b.txt" in line]
    assert len(refusals) == 1 and "Ukrainian (uk)" in refusals[0]
    with Store.open(db) as store:
        assert store.totals()["articles"] == 2
        failures = store.failures()
        assert len(failures) == 1 and "Ukrainian (uk)" in failures[0]["error"]


def test_capitalised_and_non_russian_cyrillic_words_are_found_on_both_databases(tmp_path: Path) -> None:
    """A word at the start of a sentence, or a name, is found in any case, and a Cyrillic word
    with letters Russian lacks is stemmed whole ("Україна"), as PostgreSQL takes it."""
    from claimgraph.model import Article, Cue, Span, Speaker, Statement

    content = "Министерство и Україна проверят заявления"
    text_ = f"Пресс-секретарь сообщил, что {content}."
    start = text_.index(content)
    said = Statement("s1", "indirect", Span(content, start, start + len(content)),
                     Cue("сообщил", 16, 23, lemma="сообщить"), Speaker(None, None, "Пресс-секретарь"))
    for kind in ("sqlite", "postgresql"):
        try:
            opened = _open(kind, tmp_path)
        except pytest.skip.Exception:
            continue
        try:
            opened.add_analysis(Analysis(Article(id="caps", language="ru"), text_, [said]))
            assert contents(opened, "министерство") == [content], kind
            assert contents(opened, "МИНИСТЕРСТВА") == [content], kind
            assert contents(opened, "Україна") == [content], kind
        finally:
            opened.close()
    assert search.index_text("Україна") == search.stem("Україна") != "укрїна"
