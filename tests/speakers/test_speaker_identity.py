"""One identity per person and organisation across the corpus (store/speakers.py, names.py).

Names are resolved when articles are written: the store must give the same speakers
whatever order the articles come in and wherever a run stopped, keep every alias with the
reason it belongs to its speaker, and keep hand merges and splits across later ingests.
Texts and names are written for these tests.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import random
import sys
import threading
from pathlib import Path
from typing import Any

import pg_server
import pytest
from conftest import ROOT
from fastapi.testclient import TestClient
from sqlalchemy import text

from claimgraph.errors import InputError
from claimgraph.identity.names import covers, parse_name
from claimgraph.model import Analysis, Article, Cue, Entity, Span, Speaker, Statement
from claimgraph.store import Store
from claimgraph.store.speakers import SpeakerNotFound


def _open(kind: str, tmp_path: Path, name: str = "corpus.db") -> Store:
    if kind == "sqlite":
        return Store.open(str(tmp_path / name))
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    return Store.open(server.create_database())


@pytest.fixture(params=["sqlite", "postgresql"])
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store(kind: str, tmp_path: Path):
    opened = _open(kind, tmp_path)
    yield opened
    opened.close()


def said(article_id: str, name: str, etype: str = "PERSON", country: str | None = None,
         title: str | None = None) -> Analysis:
    text_ = f"{name} said that the plan for {article_id} would go ahead."
    start = len(name) + len(" said that ")
    content = text_[start:-1]
    entity = Entity("e1", name, etype, titles=[title] if title else [], country=country,
                    mentions=[])
    st = Statement("s1", "indirect", Span(content, start, start + len(content)),
                   Cue("said", len(name) + 1, len(name) + 5, lemma="say"),
                   Speaker(Span(name, 0, len(name)), "e1", name))
    return Analysis(Article(id=article_id, published="2024-05-01"), text_, [st], [entity])


def ingest(store: Store, names: list[str], prefix: str = "a") -> None:
    for i, name in enumerate(names):
        etype, sep, bare = name.partition(":")
        store.add_analysis(said(f"{prefix}{i}", bare if sep else name, etype if sep else "PERSON"))


def groups(store: Store) -> set[frozenset[str]]:
    """The speakers as sets of the entity names that resolved to them (ids left out)."""
    with store.reading() as conn:
        rows = conn.execute(text(
            "SELECT s.speaker_id, e.name FROM statements s JOIN entities e "
            "ON e.article_pk = s.article_pk AND e.local_id = s.speaker_entity"
        )).all()
    found: dict[int, set[str]] = {}
    for speaker_id, name in rows:
        found.setdefault(speaker_id, set()).add(name)
    return {frozenset(names) for names in found.values()}


def speaker_rows(store: Store) -> list[tuple]:
    """Every speaker as its fields (not its id), with its aliases and statement count."""
    rows = []
    for s in store.speakers(limit=None):
        detail = store.speaker(s["id"])
        assert detail is not None
        rows.append((s["name"], s["type"], s["country"], tuple(s["titles"]), s["statement_count"],
                     tuple((a["alias"], a["name"], a["reason"]) for a in detail["alias_reasons"])))
    return sorted(rows)


# -- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "etype", "form", "display"), [
    ("Donald J. Trump", "PERSON", "donald j trump", "Donald J. Trump"),
    ("President Donald J. Trump", "PERSON", "donald j trump", "Donald J. Trump"),
    ("Mr. Trump's", "PERSON", "trump", "Trump"),
    ("DONALD TRUMP", "PERSON", "donald trump", "Donald Trump"),
    ("Russian Foreign Ministry spokeswoman Maria Zakharova", "PERSON", "maria zakharova",
     "Maria Zakharova"),
    ("Secretary of State Lena Ostrova", "PERSON", "lena ostrova", "Lena Ostrova"),
    ("J.K. Rowling", "PERSON", "j k rowling", "J.K. Rowling"),
    ("JK Rowling", "PERSON", "j k rowling", "JK Rowling"),
    ("Maria de la Cruz", "PERSON", "maria de la cruz", "Maria de la Cruz"),
    ("De la Cruz", "PERSON", "de la cruz", "De la Cruz"),
    ("MOHAMMED BIN SALMAN", "PERSON", "mohammed bin salman", "Mohammed Bin Salman"),
    ("Al-Sisi", "PERSON", "sisi", "Al-Sisi"),
    ("Al Brennan", "PERSON", "al brennan", "Al Brennan"),
    ("Karine Jean-Pierre", "PERSON", "karine jean-pierre", "Karine Jean-Pierre"),
    ("Donald Trump Jr.", "PERSON", "donald trump jr", "Donald Trump Jr."),
    ("King Harald", "PERSON", "king harald", "King Harald"),
    ("Владимир Путин", "PERSON", "vladimir putin", "Владимир Путин"),  # one folding in both scripts
    ("习近平", "PERSON", "习近平", "习近平"),
    ("the Skyvale Airlines", "ORG", "skyvale airlines", "Skyvale Airlines"),
    ("Norvia's Internal Security Service (ISS)", "ORG", "internal security service",
     "Internal Security Service"),
    ("Harbour Workers' Union", "ORG", "harbour workers union", "Harbour Workers' Union"),
])
def test_names_lose_titles_honorifics_and_possessives(name, etype, form, display):
    parsed = parse_name(name, etype)
    assert parsed is not None
    assert (parsed.form, parsed.display) == (form, display)


def test_covers_is_a_fuller_version_of_the_same_name():
    def p(name: str, etype: str = "PERSON"):
        parsed = parse_name(name, etype)
        assert parsed is not None
        return parsed

    assert covers(p("Donald J. Trump"), p("Trump"))
    assert covers(p("Donald J. Trump"), p("Donald Trump"))
    assert covers(p("Donald John Trump"), p("Donald J. Trump"))
    assert covers(p("Elena Varga"), p("E. Varga"))
    assert covers(p("Donald Trump Jr."), p("Trump"))
    assert not covers(p("Donald Trump Jr."), p("Donald Trump"))
    assert not covers(p("Hillary Clinton"), p("Bill Clinton"))
    assert not covers(p("George W. Walden"), p("George H. Walden"))
    assert not covers(p("Maria de la Cruz"), p("Cruz"))
    assert not covers(p("King Harald"), p("Harald"))
    assert covers(p("Skyvale Airlines", "ORG"), p("Skyvale", "ORG"))
    assert covers(p("Skyvale Airlines", "ORG"), p("Skyvale"))  # typed as a person by NER
    assert not covers(p("Foreign Ministry", "ORG"), p("Ministry", "ORG"))
    assert not covers(p("Skyvale Airlines", "ORG"), p("Maria Skyvale"))


# -- matching across articles -----------------------------------------------------------------

SCENARIOS = [
    # (names, in articles; expected speakers as sets of names)
    (["Donald Trump", "Donald J. Trump", "Trump", "Mr. Trump", "President Trump", "DONALD TRUMP"],
     [{"Donald Trump", "Donald J. Trump", "Trump", "Mr. Trump", "President Trump", "DONALD TRUMP"}]),
    (["Bill Clinton", "Hillary Clinton", "Clinton", "Hillary Rodham Clinton"],
     [{"Bill Clinton"}, {"Hillary Clinton", "Hillary Rodham Clinton"}, {"Clinton"}]),
    (["Trump", "Donald Trump", "Ivanka Trump", "Mr. Trump"],
     [{"Donald Trump"}, {"Ivanka Trump"}, {"Trump", "Mr. Trump"}]),
    (["Donald J. Trump", "Donald K. Trump", "Donald Trump", "Trump"],
     [{"Donald J. Trump"}, {"Donald K. Trump"}, {"Donald Trump"}, {"Trump"}]),
    (["ORG:Skyvale Airlines", "ORG:Skyvale", "ORG:the Skyvale Airlines", "ORG:Skyvale Bank"],
     [{"Skyvale Airlines", "the Skyvale Airlines"}, {"Skyvale Bank"}, {"Skyvale"}]),
    (["ORG:Skyvale", "ORG:the Skyvale Airlines", "PERSON:Skyvale"],
     [{"Skyvale", "the Skyvale Airlines"}]),
    (["ORG:Internal Security Service (ISS)", "ORG:ISS", "ORG:the Internal Security Service"],
     [{"Internal Security Service (ISS)", "ISS", "the Internal Security Service"}]),
    (["Maria de la Cruz", "De la Cruz", "Tadeo Cruz", "Cruz"],
     [{"Maria de la Cruz", "De la Cruz"}, {"Tadeo Cruz", "Cruz"}]),
    (["Abdel Fattah al-Sisi", "el-Sisi", "Sisi", "Al-Sisi"],
     [{"Abdel Fattah al-Sisi", "el-Sisi", "Sisi", "Al-Sisi"}]),
    (["J.K. Rowling", "JK Rowling", "Rowling"], [{"J.K. Rowling", "JK Rowling", "Rowling"}]),
    (["José Ramírez", "Jose Ramirez", "JOSÉ RAMÍREZ"], [{"José Ramírez", "Jose Ramirez", "JOSÉ RAMÍREZ"}]),
    (["Donald Trump Jr.", "Donald Trump", "Trump Jr."],
     [{"Donald Trump Jr.", "Trump Jr."}, {"Donald Trump"}]),
    (["Владимир Путин", "Путин", "ВЛАДИМИР ПУТИН"], [{"Владимир Путин", "Путин", "ВЛАДИМИР ПУТИН"}]),
    (["ORG:Foreign Ministry", "ORG:Ministry"], [{"Foreign Ministry"}, {"Ministry"}]),
    (["King Harald", "Harald Moen", "Moen"], [{"King Harald"}, {"Harald Moen", "Moen"}]),
]


@pytest.mark.parametrize(("names", "expected"), SCENARIOS)
def test_speakers_are_the_same_in_every_order(names, expected):
    # Every order of the articles gives the same speakers (all orders of up to 4 names, else
    # 24 seeded shuffles; SQLite in memory: both databases run the same code, see below).
    indexes = list(range(len(names)))
    orders = list(itertools.permutations(indexes)) if len(names) <= 4 else [
        random.Random(seed).sample(indexes, len(indexes)) for seed in range(24)]
    for n, order in enumerate(orders):
        with Store.open(":memory:") as store:
            ingest(store, [names[i] for i in order], prefix=f"o{n}-")
            got = groups(store)
        want = {frozenset(e.split(":")[-1] if ":" in e else e for e in group) for group in expected}
        assert got == want, f"order {[names[i] for i in order]}"


def test_matching_on_both_databases(store):
    ingest(store, ["Trump", "Donald Trump", "Ivanka Trump", "Hillary Clinton", "Bill Clinton",
                   "Clinton", "ORG:Skyvale", "ORG:Skyvale Airlines"])
    assert groups(store) == {
        frozenset({"Donald Trump"}), frozenset({"Ivanka Trump"}), frozenset({"Trump"}),
        frozenset({"Hillary Clinton"}), frozenset({"Bill Clinton"}), frozenset({"Clinton"}),
        frozenset({"Skyvale", "Skyvale Airlines"}),
    }
    by_name = {s["name"]: s["id"] for s in store.speakers(limit=None)}
    assert {"Donald Trump", "Trump", "Skyvale Airlines"} <= set(by_name)
    # A short name two people share stands apart, and says whom it could be.
    clinton = store.speaker(by_name["Clinton"])
    assert clinton is not None
    assert [o["name"] for o in clinton["fuller_names"]] == ["Hillary Clinton", "Bill Clinton"]
    assert store.speaker(by_name["Donald Trump"])["fuller_names"] == []  # type: ignore[index]


def test_aliases_keep_spelling_and_reason(store):
    ingest(store, ["Donald Trump", "Donald J. Trump", "Mr. Trump", "President Trump", "Trump's",
                   "DONALD TRUMP", "ORG:Skyvale Airlines", "ORG:the Skyvale Airlines", "ORG:Skyvale"])
    by_name = {s["name"]: s for s in store.speakers(limit=None)}
    trump = store.speaker(by_name["Donald Trump"]["id"])
    assert trump is not None and trump["name"] == "Donald Trump"
    reasons = {a["name"]: a["reason"] for a in trump["alias_reasons"]}
    assert reasons == {
        "Donald Trump": "same folded name",  # the best spelling of "donald trump" wins
        "Donald J. Trump": "middle initial dropped",
        "Mr. Trump": "honorific dropped; surname of the only known person",
        "President Trump": "title dropped; surname of the only known person",
        "Trump's": "possessive dropped; surname of the only known person",
    }
    assert trump["aliases"] == sorted(a["alias"] for a in trump["alias_reasons"])
    sky = store.speaker(by_name["Skyvale Airlines"]["id"])
    assert sky is not None
    assert {a["name"]: a["reason"] for a in sky["alias_reasons"]} == {
        "Skyvale Airlines": "same folded name",
        "the Skyvale Airlines": "article dropped",
        "Skyvale": "short name of the only known organisation",
    }


def test_best_spelling_wins_whatever_came_first(store):
    ingest(store, ["DONALD TRUMP", "Jose Ramirez", "José Ramírez", "Donald Trump"])
    assert {s["name"] for s in store.speakers(limit=None)} == {"Donald Trump", "José Ramírez"}


# -- issue 13 fault 3: the same store whatever the run boundaries --------------------------

PUTIN = [
    "Vladimir Putin said on Monday that the talks would continue next week.",
    "Russian President Vladimir Putin said on Tuesday that the talks had failed.",
]


def test_speaker_rows_do_not_depend_on_run_boundaries(kind, tmp_path, analyze):
    analyses = [analyze(t) for t in PUTIN]
    for i, a in enumerate(analyses):
        a.article.id = f"putin-{i}"

    one_run = _open(kind, tmp_path, "one.db")
    for a in analyses:
        one_run.add_analysis(a)
    first = _open(kind, tmp_path, "two.db")
    first.add_analysis(analyses[0])
    url = first.url
    first.close()
    second = Store.open(url)
    second.add_analysis(analyses[1])
    try:
        rows = speaker_rows(one_run)
        assert rows == speaker_rows(second)
        putin = next(r for r in rows if r[0] == "Vladimir Putin")
        assert putin[2] == "Russia" and putin[4] == 2  # the country the second article gives
    finally:
        one_run.close()
        second.close()


def test_type_and_country_do_not_depend_on_article_order(tmp_path):
    articles = [said("c1", "Anna Keller", country=None), said("c2", "Anna Keller", country="Norvia"),
                said("c3", "Anna Keller", country="Norvia"), said("c4", "Anna Keller", country="Velmar")]
    results = set()
    for n, order in enumerate(itertools.permutations(range(4))):
        with Store.open(str(tmp_path / f"c{n}.db")) as store:
            for i in order:
                store.add_analysis(articles[i])
            results.add(tuple(speaker_rows(store)))
    assert len(results) == 1
    assert next(iter(results))[0][2] == "Norvia"  # the most frequent country


# -- hand decisions ---------------------------------------------------------------------------


def _id(store: Store, name: str) -> int:
    return next(s["id"] for s in store.speakers(limit=None) if s["name"] == name)


def test_hand_split_survives_reingest(store):
    ingest(store, ["Donald Trump", "Mr. Trump", "Trump"])
    donald = _id(store, "Donald Trump")
    split_off = store.split_speaker(donald, "TRUMP")
    assert groups(store) == {frozenset({"Donald Trump"}), frozenset({"Mr. Trump", "Trump"})}
    detail = store.speaker(split_off)
    assert detail is not None and detail["name"] == "Trump" and detail["statement_count"] == 2
    assert {a["reason"] for a in detail["alias_reasons"]} == {"hand split"}
    assert all(a["by_hand"] for a in detail["alias_reasons"])
    assert [d["action"] for d in detail["decisions"]] == ["split"]
    # The same articles again, then new ones: the split name never merges back.
    ingest(store, ["Donald Trump", "Mr. Trump", "Trump"])
    ingest(store, ["President Trump", "Trump", "Ivanka Trump", "Donald J. Trump"], prefix="b")
    assert groups(store) == {
        frozenset({"Donald Trump", "Donald J. Trump"}),
        frozenset({"Mr. Trump", "Trump", "President Trump"}),
        frozenset({"Ivanka Trump"}),
    }
    assert store.speaker(split_off)["id"] == split_off  # type: ignore[index]


def test_hand_merge_survives_reingest(store):
    ingest(store, ["ORG:Skyvale Airlines", "ORG:Skyvale Air"])
    airlines, air = _id(store, "Skyvale Airlines"), _id(store, "Skyvale Air")
    assert airlines != air
    assert store.merge_speakers(air, airlines) == airlines
    assert groups(store) == {frozenset({"Skyvale Airlines", "Skyvale Air"})}
    # The merged id leads to the speaker it was merged into.
    moved = store.speaker(air)
    assert moved is not None and moved["id"] == airlines and moved["redirected_from"] == air
    reasons = {a["name"]: a["reason"] for a in moved["alias_reasons"]}
    assert reasons["Skyvale Air"] == "hand merge"
    assert store.count_statements(speaker=air) == store.count_statements(speaker=airlines) == 2
    # New articles under either name, and a rival that would make a short name ambiguous.
    ingest(store, ["ORG:SKYVALE AIR", "ORG:the Skyvale Airlines", "ORG:Skyvale Air Bank"], prefix="b")
    found = groups(store)
    assert frozenset({"Skyvale Airlines", "Skyvale Air", "SKYVALE AIR", "the Skyvale Airlines"}) in found
    with pytest.raises(InputError, match="already one speaker"):
        store.merge_speakers(air, airlines)


def test_hand_decisions_name_real_speakers(store):
    ingest(store, ["Lena Ostrova", "Ostrova"])
    lena = _id(store, "Lena Ostrova")
    with pytest.raises(SpeakerNotFound, match="no speaker with id 999"):
        store.merge_speakers(999, lena)
    with pytest.raises(SpeakerNotFound):
        store.merge_speakers(lena, 10**12)
    with pytest.raises(InputError, match="no name 'Nobody'"):
        store.split_speaker(lena, "Nobody")
    lone = store.split_speaker(lena, "Ostrova")
    with pytest.raises(InputError, match="only name"):
        store.split_speaker(lone, "Ostrova")


def test_split_of_a_speakers_main_name_keeps_both(store):
    ingest(store, ["Elena Varga", "Elena M. Varga", "Varga"])
    varga = _id(store, "Elena Varga")
    new = store.split_speaker(varga, "Elena Varga")
    assert groups(store) == {frozenset({"Elena Varga"}), frozenset({"Elena M. Varga", "Varga"})}
    assert store.speaker(varga)["name"] == "Elena M. Varga"  # type: ignore[index]
    assert store.speaker(new)["name"] == "Elena Varga"  # type: ignore[index]


def test_cli_show_merge_split(tmp_path, run_cli):
    db = str(tmp_path / "cli.db")
    with Store.open(db) as store:
        ingest(store, ["Donald Trump", "President Trump", "ORG:Skyvale Airlines", "ORG:Skyvale Air"])
        donald, air = _id(store, "Donald Trump"), _id(store, "Skyvale Air")
        airlines = _id(store, "Skyvale Airlines")
    shown = run_cli("speakers", "show", str(donald), "--db", db, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert {a["name"]: a["reason"] for a in body["alias_reasons"]}["President Trump"] == (
        "title dropped; surname of the only known person")
    done = run_cli("speakers", "--db", db, "split", str(donald), "President Trump")
    assert done.returncode == 0, done.stderr
    assert "'Trump'" in done.stdout and "1 statements" in done.stdout
    done = run_cli("speakers", "merge", str(air), str(airlines), "--db", db)
    assert done.returncode == 0 and f"into {airlines} (Skyvale Airlines)" in done.stdout
    missing = run_cli("speakers", "merge", "4242", str(airlines), "--db", db)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "claimgraph: no speaker with id 4242"
    bad = run_cli("speakers", "split", str(airlines), "Nobody", "--db", db)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    listing = run_cli("speakers", "--db", db, "--format", "json")
    assert {s["name"] for s in json.loads(listing.stdout)} == {"Donald Trump", "Trump", "Skyvale Airlines"}


def test_api_merge_and_split(tmp_path):
    from claimgraph.app import create_app

    db = str(tmp_path / "api.db")
    with Store.open(db) as store:
        ingest(store, ["Donald Trump", "Mr. Trump", "ORG:Skyvale Airlines", "ORG:Skyvale Air"])
        donald, air = _id(store, "Donald Trump"), _id(store, "Skyvale Air")
        airlines = _id(store, "Skyvale Airlines")
    with TestClient(create_app(db)) as read_only:
        refused = read_only.post(f"/api/speakers/{air}/merge", json={"into": airlines})
        assert refused.status_code == 403
    with TestClient(create_app(db, allow_ingest=True)) as client:
        detail = client.get(f"/api/speakers/{donald}").json()
        assert {a["name"]: a["reason"] for a in detail["alias_reasons"]}["Mr. Trump"] == (
            "honorific dropped; surname of the only known person")
        merged = client.post(f"/api/speakers/{air}/merge", json={"into": airlines})
        assert merged.status_code == 200 and merged.json()["id"] == airlines
        assert merged.json()["decisions"][0]["action"] == "merge"
        assert client.get(f"/api/speakers/{air}").json()["id"] == airlines
        split = client.post(f"/api/speakers/{donald}/split", json={"alias": "Mr. Trump"})
        assert split.status_code == 200 and split.json()["name"] == "Trump"
        missing = client.post("/api/speakers/98765/merge", json={"into": airlines})
        assert missing.status_code == 404 and "98765" in missing.json()["message"]
        missing = client.post(f"/api/speakers/{airlines}/merge", json={"into": 98765})
        assert missing.status_code == 404
        bad = client.post(f"/api/speakers/{airlines}/split", json={"alias": "Nobody"})
        assert bad.status_code == 422
        page = client.get(f"/speakers/{donald}").text
        assert 'id="speaker-names"' in page
        assert "Donald Trump" in page.split('id="speaker-names"')[1]


# -- migration 3, concurrency -------------------------------------------------------------------


def test_migration_3_keeps_older_stores_working(tmp_path):
    db = str(tmp_path / "old.db")
    with Store.open(db) as store:
        ingest(store, ["Maria Zakharova", "Russian Foreign Ministry spokeswoman Maria Zakharova"])
    # Back to a version-2 store: aliases without spelling, form or reason.
    with Store.open(db).engine.begin() as conn:
        conn.execute(text("UPDATE speaker_aliases SET name = NULL, form = NULL, first_word = NULL, "
                          "last_word = NULL, reason = NULL"))
        conn.execute(text("DROP TABLE speaker_decisions"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 3"))
    with Store.open(db) as store:
        zak = _id(store, "Maria Zakharova")
        detail = store.speaker(zak)
        assert detail is not None
        assert {a["name"]: a["reason"] for a in detail["alias_reasons"]} == {
            "Maria Zakharova": "same folded name",
            "Russian Foreign Ministry spokeswoman Maria Zakharova": "title dropped",
        }
        ingest(store, ["Zakharova", "Ms. Zakharova"], prefix="new")
        assert groups(store) == {frozenset({"Maria Zakharova", "Zakharova", "Ms. Zakharova",
                                            "Russian Foreign Ministry spokeswoman Maria Zakharova"})}


def test_concurrent_writers_resolve_speakers_as_one(tmp_path):
    # Two ingests into one PostgreSQL store at once, names that interact (a short name of
    # one, then of two people): the advisory lock makes them see each other's names.
    server, reason = pg_server.shared()
    if server is None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    url = server.create_database()
    first = ["Trump", "Donald Trump", "ORG:Skyvale", "Hillary Clinton", "Clinton's"] * 2
    second = ["Ivanka Trump", "Mr. Trump", "ORG:Skyvale Airlines", "Bill Clinton", "Clinton"] * 2
    errors: list[BaseException] = []

    def run(names: list[str], prefix: str) -> None:
        try:
            with Store.open(url) as writer:
                for i, name in enumerate(names):
                    etype, sep, bare = name.partition(":")
                    writer.add_analysis(said(f"{prefix}{i % 5}", bare if sep else name,
                                             etype if sep else "PERSON"))
        except BaseException as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(names, p)) for names, p in ((first, "x"), (second, "y"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Store.open(url) as store:
        got = groups(store)
    with Store.open(str(tmp_path / "serial.db")) as serial:
        ingest(serial, first[:5], prefix="x")
        ingest(serial, second[:5], prefix="y")
        assert got == groups(serial)


# -- the measured figures ---------------------------------------------------------------------


def _evaluation_script() -> Any:
    path = ROOT / "scripts" / "evaluate_speakers.py"
    spec = importlib.util.spec_from_file_location("evaluate_speakers", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_merge_precision_and_recall_on_invented_names():
    ev = _evaluation_script()
    result = ev.evaluate_corpora(ev.read_invented())
    counts = result["orders"]["file order"]
    assert counts.precision >= 0.98 and counts.recall >= 0.95, (counts.precision, counts.recall)
    assert result["order_dependent"] == []
    assert len({(c.both, c.merged) for c in result["orders"].values()}) == 1
