"""``claimgraph compare`` and ``claimgraph cues`` (run in-process through cli.main)."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.cli import main
from claimgraph.model import Analysis, Article, Cue, Span, Speaker, Statement

ARTICLE = (
    "Officials in Northland said on Tuesday that the bridge would reopen. The regime's "
    "critics claimed that the repairs were a sham. The governor, Lena Orr, stressed that "
    "the work was safe.\n"
)


@pytest.fixture
def article(tmp_path: Path, nlp) -> Path:  # type: ignore[no-untyped-def]  # nlp: load once
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_compare_json_over_files(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(article), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    report = data["outlets"]["(unknown)"]
    assert report["articles"] == 1
    assert report["statements"] >= 2
    assert report["cue_classes"].get("distancing", 0) >= 1
    assert "regime" in report["narrator_terms"]


def test_compare_table_over_a_folder(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(article.parent)]) == 0
    out = capsys.readouterr().out
    assert "1 article(s)" in out
    assert "narrator's own terms: regime" in out


def test_compare_skips_unreadable_files(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["compare", str(empty), str(article), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "skipped" in captured.err and "empty.txt" in captured.err
    assert json.loads(captured.out)["outlets"]["(unknown)"]["articles"] == 1


def test_compare_without_articles_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare"]) == 2
    assert "no articles" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    assert main(["compare", str(empty)]) == 2
    assert "no article could be analysed" in capsys.readouterr().err


def _stored() -> list[Analysis]:
    text = "She harrumphed that it was over. He said it was not."
    s1 = Statement("s1", "indirect", Span("it was over", 17, 28), Cue("harrumphed", 4, 14))
    s2 = Statement("s2", "indirect", Span("it was not", 41, 51), Cue("said", 36, 40, "say"))
    s1.speaker = Speaker(name="Ada Pell")
    s2.cue.cls = "neutral"  # type: ignore[union-attr]
    return [Analysis(Article(id="x", outlet="The Example"), text, [s1, s2])]


@pytest.fixture
def fake_store(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace claimgraph.store with a stand-in; records the URLs and outlets asked for."""
    calls: list[str] = []

    class Store:
        @classmethod
        def open(cls, url: str) -> Store:
            calls.append(url)
            return cls()

        def analyses(self, outlet: str | None = None) -> Iterator[Analysis]:
            calls.append(f"outlet={outlet}")
            return iter(_stored())

        def close(self) -> None:
            calls.append("closed")

    module = types.ModuleType("claimgraph.store")
    module.Store = Store  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "claimgraph.store", module)
    return calls


def test_cues_unclassified_from_a_store(fake_store: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cues", "--unclassified", "--db", "sqlite:///x.db", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"cue": "harrumphed", "class": "unclassified", "count": 1}]
    assert fake_store == ["sqlite:///x.db", "outlet=None", "closed"]


def test_cues_all_as_table(fake_store: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cues", "--db", "x.db"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("say" in ln and "neutral" in ln for ln in lines)
    assert any("harrumphed" in ln and "unclassified" in ln for ln in lines)


def test_compare_from_a_store_with_outlet(fake_store: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--db", "x.db", "--outlet", "The Example"]) == 0
    out = capsys.readouterr().out
    assert "The Example" in out and "unclassified cues:    harrumphed" in out
    assert "outlet=The Example" in fake_store


def test_files_and_db_together_are_refused(
    fake_store: list[str], article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", str(article), "--db", "x.db"]) == 2
    assert "not both" in capsys.readouterr().err
