"""readers/formats.py: what the files of a folder become, whatever their names."""

from __future__ import annotations

import os

from claimgraph.model import Failed
from claimgraph.readers.formats import iter_sources, read_articles

TEXT = '"We will open the bridge in May," Mayor Ana Ruiz said on Monday. The council agreed to it.'


def test_a_file_name_that_is_not_utf8_is_read_and_named_with_escapes(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "w", encoding="utf-8") as handle:
        handle.write(TEXT)
    [item] = list(iter_sources([str(folder)]))
    assert not isinstance(item, Failed)
    assert item.article.id == "caf\\xe9" and item.source.endswith("caf\\xe9.txt")
    item.source.encode("utf-8")  # storable on either database
    [article] = list(read_articles([str(folder)]))
    assert not isinstance(article, Failed), article
