"""``claimgraph analyze`` in a subprocess: bad input, the JSON contract, HTML input.

Bad input must give a non-zero exit and one line on stderr, never a traceback
(../shared/spec/statements.md). All texts are written for these tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

ARTICLE = (
    "GENEVA, June 3 - Talks on a ceasefire in the north of the country resumed on Monday "
    "after a two-week pause, with both delegations signalling that a deal was within reach.\n\n"
    "“We have never been closer to an agreement,” said Ingrid Halvorsen, the Norwegian "
    "diplomat who has mediated the talks since January. “But the last steps are always the "
    "hardest.”\n\n"
    "Government negotiator Samuel Achebe told reporters that his side was ready to withdraw "
    "heavy weapons from the front line if the rebels did the same.\n\n"
    "The rebels’ spokesman, Karim Nassar, said the offer was “a step in the right direction” "
    "but not enough.\n"
)

GERMAN = (
    "Die Bundesregierung hat am Dienstag neue Hilfen für die Landwirte angekündigt. Der "
    "Minister sagte, die Betriebe hätten unter der Dürre des vergangenen Sommers stark "
    "gelitten und bräuchten schnelle Unterstützung. Die Opposition kritisierte das Paket als "
    "zu klein und zu spät.\n"
)

SPANISH = (
    "El Gobierno anunció el martes un nuevo plan de ayudas para los agricultores afectados "
    "por la sequía. El ministro dijo que las explotaciones habían sufrido pérdidas graves "
    "durante el verano y que necesitaban apoyo inmediato. La oposición calificó el paquete "
    "de insuficiente y tardío.\n"
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Port strike enters second week - Harbour Gazette</title>
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/business">Business</a> | <a href="/sport">Sport</a></nav>
  <article>
    <h1>Port strike enters second week</h1>
    <p>Dock workers at the port of Felixstowe extended their strike into a second week on
    Monday, leaving hundreds of containers stranded on the quayside.</p>
    <p>“We are not going back until the company puts a fair offer on the table,” said
    Gareth Morgan, a regional organiser for the Unite union.</p>
    <p>The port operator said in a statement that it had already offered a pay rise of
    seven percent and that the strike was costing the local economy millions of pounds.</p>
    <p>Shipping lines have begun diverting vessels to Rotterdam and Antwerp, and retailers
    warned that shelves could be empty before Christmas if the dispute dragged on.</p>
  </article>
  <footer>© 2025 Harbour Gazette. All rights reserved. Contact us | Privacy policy</footer>
</body>
</html>
"""


def assert_one_line_error(result) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode != 0, result.stdout[:500]
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("claimgraph:"), lines[0]
    assert result.stdout.strip() == ""


def _empty(tmp: Path) -> str:
    path = tmp / "empty.txt"
    path.write_bytes(b"")
    return str(path)


def _blank(tmp: Path) -> str:
    path = tmp / "blank.txt"
    path.write_text("   \n\n\t  \n", encoding="utf-8")
    return str(path)


def _binary(tmp: Path) -> str:
    path = tmp / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 40)
    return str(path)


def _latin1(tmp: Path) -> str:
    path = tmp / "latin1.txt"
    text = (
        "The minister said the café owners in Bogotá would receive compensation for the "
        "closures, and that the decision was final. Protesters gathered outside the "
        "ministry on Friday."
    )
    path.write_bytes(text.encode("latin-1"))
    return str(path)


def _huge(tmp: Path) -> str:
    path = tmp / "huge.txt"
    sentence = b"The spokesman said the meeting had been postponed until next week. "
    path.write_bytes(sentence * (10_000_000 // len(sentence) + 1))
    return str(path)


def _german(tmp: Path) -> str:
    path = tmp / "german.txt"
    path.write_text(GERMAN, encoding="utf-8")
    return str(path)


def _spanish(tmp: Path) -> str:
    path = tmp / "spanish.txt"
    path.write_text(SPANISH, encoding="utf-8")
    return str(path)


def _too_many_characters(tmp: Path) -> str:
    # Under the 5 MB byte limit but over spaCy's million characters per text.
    path = tmp / "two-million.txt"
    path.write_text((ARTICLE + "\n") * (2_000_000 // len(ARTICLE) + 1), encoding="utf-8")
    return str(path)


def _missing(tmp: Path) -> str:
    return str(tmp / "no-such-article.txt")


def _unfetchable_url(tmp: Path) -> str:
    return "http://127.0.0.1:9/article.html"  # the discard port: nothing listens there


BAD_INPUTS: dict[str, Callable[[Path], str]] = {
    "empty": _empty,
    "blank": _blank,
    "binary": _binary,
    "latin1": _latin1,
    "10MB": _huge,
    "2M characters": _too_many_characters,
    "german": _german,
    "spanish": _spanish,
    "missing": _missing,
    "url": _unfetchable_url,
}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_is_one_line_error(kind: str, tmp_path: Path, run_cli) -> None:
    source = BAD_INPUTS[kind](tmp_path)
    result = run_cli("analyze", source, "--format", "json")
    assert_one_line_error(result)


def test_empty_stdin_is_one_line_error(run_cli) -> None:
    assert_one_line_error(run_cli("analyze", "-", "--format", "json", stdin=""))


def test_a_corpus_source_gives_one_record_per_article(tmp_path: Path, run_cli) -> None:
    """Folders and corpus files (JSONL here) go through the same input registry as ingest:
    a JSON array of records; a bad record is one line on stderr and exit status 1."""
    import json

    corpus = tmp_path / "two.jsonl"
    lines = [json.dumps({"id": "a1", "text": ARTICLE}), "{not json",
             json.dumps({"id": "a2", "text": ARTICLE})]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("analyze", str(corpus), "--format", "json")
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"claimgraph: {corpus}:2:"), result.stderr
    records = json.loads(result.stdout)
    assert [r["article"]["id"] for r in records] == ["a1", "a2"]
    assert records[0]["statements"] and records[0]["statements"] == records[1]["statements"]
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_cli("analyze", str(folder), "--format", "json")
    assert result.returncode == 0, result.stderr
    (record,) = json.loads(result.stdout)
    assert record["article"]["id"] == "one" and record["statements"] == records[0]["statements"]


def test_only_quote_marks_never_crashes(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "marks.txt"
    path.write_text('“ ” « » ‘ ’ " " ” “ ’’ ‘‘\n', encoding="utf-8")
    result = run_cli("analyze", str(path), "--format", "json")
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        data = json.loads(result.stdout)
        assert data["statements"] == []
    else:
        assert len(result.stderr.strip().splitlines()) == 1


def test_odd_quote_marks_without_sentences_give_valid_json(tmp_path: Path, run_cli) -> None:
    text = "“ Breaking « markets ‘ the said ” and »\n— “ live updates\n\n’’ more to follow “\n"
    path = tmp_path / "fragments.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("analyze", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["text"] == text
    assert isinstance(data["statements"], list)
    for st in data["statements"]:
        c = st["content"]
        assert data["text"][c["start"] : c["end"]] == c["text"]


# --------------------------------------------------------------------------- JSON contract


@pytest.fixture(scope="module")
def article_json(tmp_path_factory, run_cli) -> dict:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("article") / "ceasefire.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("analyze", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_top_level_shape(article_json: dict) -> None:
    assert {"article", "text", "statements", "entities"} <= set(article_json)
    assert {"id", "title", "outlet", "published", "url"} <= set(article_json["article"])
    assert article_json["article"]["id"] == "ceasefire"
    assert article_json["text"] == ARTICLE


def test_json_statement_shape(article_json: dict) -> None:
    statements = article_json["statements"]
    assert len(statements) >= 4
    ids = [st["id"] for st in statements]
    assert len(set(ids)) == len(ids)
    entity_ids = {e["id"] for e in article_json["entities"]}
    for st in statements:
        assert {"id", "kind", "content", "cue", "speaker"} <= set(st)
        assert st["kind"] in ("direct", "indirect", "mixed")
        assert {"text", "start", "end"} <= set(st["content"])
        if st["cue"] is not None:
            assert {"text", "lemma", "start", "end"} <= set(st["cue"])
        assert {"mention", "entity", "name"} <= set(st["speaker"])
        if st["speaker"]["mention"] is not None:
            assert {"text", "start", "end"} <= set(st["speaker"]["mention"])
        if st["speaker"]["entity"] is not None:
            assert st["speaker"]["entity"] in entity_ids
    for entity in article_json["entities"]:
        assert {"id", "name", "type", "titles", "affiliation", "mentions"} <= set(entity)
        assert entity["type"] in ("PERSON", "ORG", "GPE", "NORP", "GROUP")
        assert isinstance(entity["titles"], list)


def test_json_offsets_point_at_their_text(article_json: dict) -> None:
    text = article_json["text"]
    spans = []
    for st in article_json["statements"]:
        spans.append(st["content"])
        if st["cue"]:
            spans.append(st["cue"])
        if st["speaker"]["mention"]:
            spans.append(st["speaker"]["mention"])
    for entity in article_json["entities"]:
        spans.extend(entity["mentions"])
    assert spans
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"], span


def test_json_finds_the_article_statements(article_json: dict) -> None:
    by_content = {st["content"]["text"]: st for st in article_json["statements"]}
    quote = by_content.get("We have never been closer to an agreement,")
    assert quote is not None, list(by_content)
    assert quote["kind"] == "direct"
    assert quote["speaker"]["name"] == "Ingrid Halvorsen"
    follow = by_content.get("But the last steps are always the hardest.")
    assert follow is not None, list(by_content)
    assert follow["speaker"]["name"] == "Ingrid Halvorsen"
    told = by_content.get(
        "his side was ready to withdraw heavy weapons from the front line if the rebels did the same"
    )
    assert told is not None, list(by_content)
    assert told["kind"] == "indirect" and told["cue"]["text"] == "told"
    assert told["speaker"]["name"] == "Samuel Achebe"
    mixed = [
        st for st in article_json["statements"] if "a step in the right direction" in st["content"]["text"]
    ]
    assert len(mixed) == 1 and mixed[0]["kind"] == "mixed"
    assert mixed[0]["speaker"]["name"] == "Karim Nassar"


def test_stdin_gives_the_same_statements(article_json: dict, run_cli) -> None:
    result = run_cli("analyze", "-", "--format", "json", stdin=ARTICLE)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["text"] == article_json["text"]
    assert [s["content"] for s in data["statements"]] == [s["content"] for s in article_json["statements"]]


# --------------------------------------------------------------------------- HTML


def test_html_page_goes_through_trafilatura(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "port-strike.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    result = run_cli("analyze", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "<p>" not in data["text"] and "Privacy policy" not in data["text"]
    assert "Dock workers at the port of Felixstowe" in data["text"]
    assert data["article"]["title"] and "Port strike" in data["article"]["title"]
    contents = [st["content"]["text"] for st in data["statements"]]
    quote = "We are not going back until the company puts a fair offer on the table,"
    assert quote in contents, contents
    st = data["statements"][contents.index(quote)]
    assert st["kind"] == "direct"
    assert st["speaker"]["name"] == "Gareth Morgan"
    for st in data["statements"]:
        c = st["content"]
        assert data["text"][c["start"] : c["end"]] == c["text"]
